-- Synchronization module: sync runs, external events, datawallets.

CREATE TABLE sync_runs (
    id TEXT PRIMARY KEY NOT NULL,
    identity_address TEXT NOT NULL,
    device_id TEXT NOT NULL,
    run_type TEXT NOT NULL,
    idx BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    finalized_at BIGINT NULL,
    event_count BIGINT NOT NULL,
    UNIQUE (identity_address, idx)
);

CREATE TABLE external_events (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    idx BIGINT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sync_run_id TEXT NULL,
    sync_error_count BIGINT NOT NULL DEFAULT 0,
    is_delivery_blocked BIGINT NOT NULL DEFAULT 0,
    UNIQUE (owner, idx)
);
CREATE INDEX external_events_run ON external_events (sync_run_id);

CREATE TABLE sync_errors (
    id TEXT PRIMARY KEY NOT NULL,
    sync_run_id TEXT NOT NULL,
    external_event_id TEXT NOT NULL,
    error_code TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE datawallets (
    owner TEXT PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE datawallet_modifications (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    idx BIGINT NOT NULL,
    datawallet_version BIGINT NOT NULL,
    object_identifier TEXT NOT NULL,
    payload_category TEXT NULL,
    collection TEXT NOT NULL,
    modification_type TEXT NOT NULL,
    encrypted_payload BYTEA NULL,
    created_at BIGINT NOT NULL,
    created_by_device TEXT NOT NULL,
    UNIQUE (owner, idx)
);
