-- Conversations and their messages. A conversation row is written with its first message (or when an identified
-- user is created); until then a conversation is only an id held by its sessions.
create table conversations (
    id          varchar(40)  primary key,
    app_id      varchar(40)  not null references apps (id) on delete cascade,
    visitor_id  varchar(40)  not null,
    -- The last sequence number handed out. Taking the next one locks this row until the insert commits, so within a
    -- conversation commit order is sequence order: a reader paging by seq, or replaying after an event id, never
    -- misses a message that committed late.
    last_seq    bigint       not null default 0,
    merged_into varchar(40),  -- set when an anonymous conversation was merged into a user's on login
    created_at  timestamptz  not null
);
create index conversations_app_visitor on conversations (app_id, visitor_id);

create table messages (
    conversation_id    varchar(40)   not null references conversations (id) on delete cascade,
    seq                bigint        not null,
    id                 varchar(40)   not null unique,
    client_message_id  varchar(100)  not null,
    author             varchar(10)   not null check (author in ('visitor', 'agent', 'bot')),
    text               text          not null,
    created_at         timestamptz   not null,
    primary key (conversation_id, seq),
    unique (conversation_id, client_message_id)
);
