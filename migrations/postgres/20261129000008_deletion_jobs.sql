-- Identity deletion jobs: grace-period reminders, the start of the actual deletion, and the audit
-- log that outlives the deleted identity (its processes and identity row are removed on completion).

ALTER TABLE deletion_processes ADD COLUMN grace_period_reminder1_sent_at BIGINT NULL;
ALTER TABLE deletion_processes ADD COLUMN grace_period_reminder2_sent_at BIGINT NULL;
ALTER TABLE deletion_processes ADD COLUMN grace_period_reminder3_sent_at BIGINT NULL;
ALTER TABLE deletion_processes ADD COLUMN deletion_started_at BIGINT NULL;
CREATE INDEX deletion_processes_status ON deletion_processes (status, grace_period_ends_at);

-- No plain identifiers: addresses, device ids and usernames are SHA-256 digests (hex).
CREATE TABLE deletion_audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    process_id TEXT NOT NULL,
    identity_address_hash TEXT NOT NULL,
    device_id_hash TEXT NULL,
    created_at BIGINT NOT NULL,
    message_key TEXT NOT NULL,
    old_status TEXT NULL,
    new_status TEXT NOT NULL,
    additional_data TEXT NULL
);
CREATE INDEX deletion_audit_log_identity ON deletion_audit_log (identity_address_hash, message_key);

-- The usernames of deleted identities, attached to their audit entries on completion.
CREATE TABLE deletion_audit_usernames (
    username_hash TEXT PRIMARY KEY NOT NULL,
    identity_address_hash TEXT NOT NULL
);
