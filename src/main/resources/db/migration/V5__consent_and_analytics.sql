-- The consent record: every consent decision of a session, appended with the raw signal it was made from, as proof.
-- Rows are never changed (a trigger refuses UPDATE); they may be deleted, because erasing a user deletes theirs.
create table consent_records (
    id                   bigint       generated always as identity primary key,
    app_id               varchar(40)  not null references apps (id) on delete cascade,
    visitor_id           varchar(40)  not null,
    session_id           varchar(40)  not null,
    mode                 varchar(8)   not null check (mode in ('flag', 'tcf')),
    policy               varchar(200) not null,  -- what the app required when deciding, e.g. tcf vendor=1234 purposes=1,8,9,10 li= disclosed=auto
    raw_input            text,                   -- the TC string as received (null when over the 8 KiB limit), or true/false for a flag
    gdpr_applies         boolean,
    outcome              varchar(8)   not null check (outcome in ('granted', 'denied')),
    basis                varchar(24)  not null,
    reasons              text[]       not null,
    cmp_id               integer,
    cmp_version          integer,
    policy_version       integer,
    tc_created           timestamptz,
    tc_last_updated      timestamptz,
    vendor_list_version  integer,
    decided_at           timestamptz  not null
);
create index consent_records_app_visitor on consent_records (app_id, visitor_id);
-- The decision in force is the session's latest record when Redis has lost it.
create index consent_records_session_latest on consent_records (session_id, id desc);

create function consent_records_refuse_update() returns trigger language plpgsql as $$
begin
    raise exception 'consent_records is append-only: record % cannot be updated', old.id
        using errcode = 'integrity_constraint_violation';
end;
$$;
create trigger consent_records_append_only before update on consent_records
    for each row execute function consent_records_refuse_update();

-- Analytics events, written only while the session's analytics consent is granted.
create table analytics_events (
    id           bigint       generated always as identity primary key,
    app_id       varchar(40)  not null references apps (id) on delete cascade,
    visitor_id   varchar(40)  not null,
    session_id   varchar(40)  not null,
    type         varchar(64)  not null,
    at           timestamptz  not null,  -- when it happened, as the widget says
    props        jsonb,
    received_at  timestamptz  not null
);
create index analytics_events_app_visitor on analytics_events (app_id, visitor_id);
