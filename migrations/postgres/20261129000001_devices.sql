-- Devices module: tiers, OAuth clients, identities, devices, challenges.
-- Timestamps are milliseconds since the Unix epoch; booleans are 0/1 (portable across engines).

CREATE TABLE tiers (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE oauth_clients (
    client_id TEXT PRIMARY KEY NOT NULL,
    secret_sha256 TEXT NOT NULL,
    display_name TEXT NOT NULL,
    default_tier TEXT NOT NULL REFERENCES tiers (id),
    max_identities BIGINT NULL
);

CREATE TABLE identities (
    address TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL,
    public_key BYTEA NOT NULL,
    identity_version BIGINT NOT NULL,
    tier_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    deletion_grace_period_ends_at BIGINT NULL
);
CREATE INDEX identities_client_id ON identities (client_id);

CREATE TABLE devices (
    id TEXT PRIMARY KEY NOT NULL,
    identity_address TEXT NOT NULL REFERENCES identities (address),
    username TEXT NOT NULL,
    username_upper TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by_device TEXT NOT NULL,
    last_login_at BIGINT NULL,
    communication_language TEXT NOT NULL,
    is_backup_device BIGINT NOT NULL,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NULL
);
CREATE INDEX devices_identity ON devices (identity_address, created_at);

CREATE TABLE challenges (
    id TEXT PRIMARY KEY NOT NULL,
    expires_at BIGINT NOT NULL,
    created_by TEXT NULL,
    created_by_device TEXT NULL
);

-- Transactional outbox: domain events written in the same transaction as the change they describe.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_name TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    dispatched_at BIGINT NULL
);
CREATE INDEX outbox_pending ON outbox (dispatched_at, id);
