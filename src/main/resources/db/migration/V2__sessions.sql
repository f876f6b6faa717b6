-- Sessions: Postgres is the truth for a session's existence and its end (revocation); Redis caches both.
create table sessions (
    id               varchar(40)  primary key,
    app_id           varchar(40)  not null references apps (id) on delete cascade,
    visitor_id       varchar(40)  not null,
    authenticated    boolean      not null,
    conversation_id  varchar(40)  not null,
    has_messages     boolean      not null default false,
    created_at       timestamptz  not null,
    last_seen_at     timestamptz  not null,  -- refreshed coarsely; decides whether an empty session is forgotten
    ended_at         timestamptz,
    end_reason       varchar(20)
);
create index sessions_app_visitor on sessions (app_id, visitor_id);
