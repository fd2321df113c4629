-- Synchronization module: sync runs, external events, datawallets.

CREATE TABLE sync_runs (
    id TEXT PRIMARY KEY NOT NULL,
    identity_address TEXT NOT NULL,
    device_id TEXT NOT NULL,
    run_type TEXT NOT NULL,
    idx INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    finalized_at INTEGER NULL,
    event_count INTEGER NOT NULL,
    UNIQUE (identity_address, idx)
);

CREATE TABLE external_events (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    idx INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sync_run_id TEXT NULL,
    sync_error_count INTEGER NOT NULL DEFAULT 0,
    is_delivery_blocked INTEGER NOT NULL DEFAULT 0,
    UNIQUE (owner, idx)
);
CREATE INDEX external_events_run ON external_events (sync_run_id);

CREATE TABLE sync_errors (
    id TEXT PRIMARY KEY NOT NULL,
    sync_run_id TEXT NOT NULL,
    external_event_id TEXT NOT NULL,
    error_code TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE datawallets (
    owner TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE datawallet_modifications (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    idx INTEGER NOT NULL,
    datawallet_version INTEGER NOT NULL,
    object_identifier TEXT NOT NULL,
    payload_category TEXT NULL,
    collection TEXT NOT NULL,
    modification_type TEXT NOT NULL,
    encrypted_payload BLOB NULL,
    created_at INTEGER NOT NULL,
    created_by_device TEXT NOT NULL,
    UNIQUE (owner, idx)
);
