-- Devices module: identity deletion processes.

CREATE TABLE deletion_processes (
    id TEXT PRIMARY KEY NOT NULL,
    identity_address TEXT NOT NULL REFERENCES identities (address),
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by_device TEXT NOT NULL,
    grace_period_ends_at INTEGER NULL,
    cancelled_at INTEGER NULL,
    previous_tier_id TEXT NOT NULL
);
CREATE INDEX deletion_processes_identity ON deletion_processes (identity_address, created_at);
