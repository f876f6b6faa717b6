-- Identified users of an app and the continuity tokens that stand for them (hashes only).
create table end_users (
    app_id           varchar(40)  not null references apps (id) on delete cascade,
    user_id          varchar(200) not null,  -- the brand's own id for its user
    visitor_id       varchar(40)  not null unique,
    conversation_id  varchar(40)  not null unique,
    created_at       timestamptz  not null,
    primary key (app_id, user_id)
);

create table continuity_tokens (
    token_hash  char(64)     primary key,  -- SHA-256 of the token; the token itself is never stored
    app_id      varchar(40)  not null,
    user_id     varchar(200) not null,
    created_at  timestamptz  not null,
    foreign key (app_id, user_id) references end_users (app_id, user_id) on delete cascade
);
create index continuity_tokens_user on continuity_tokens (app_id, user_id);
