-- Apps (tenants) and the API keys of their brand backends.
create table apps (
    id               varchar(40)  primary key,
    name             varchar(200) not null,
    allowed_origins  text         not null,  -- JSON array of origins
    settings         text         not null,  -- JSON object, complete (defaults filled in)
    identity_secret  varchar(64)  not null,  -- HS256 key for identity tokens: it must be read back, so it is not hashed
    config_version   integer      not null default 1,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);

create table api_keys (
    id          varchar(40) primary key,
    app_id      varchar(40) not null references apps (id) on delete cascade,
    key_hash    char(64)    not null unique,  -- SHA-256 of the key; the key itself is shown once and never stored
    created_at  timestamptz not null,
    revoked_at  timestamptz
);
create index api_keys_app on api_keys (app_id);
