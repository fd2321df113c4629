-- Relationships module: templates, their allocations, relationships and their audit logs.

CREATE TABLE relationship_templates (
    id TEXT PRIMARY KEY NOT NULL,
    created_by TEXT NOT NULL,
    created_by_device TEXT NOT NULL,
    max_number_of_allocations BIGINT NULL,
    expires_at BIGINT NULL,
    content BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    for_identity TEXT NULL,
    password BYTEA NULL
);
CREATE INDEX relationship_templates_created_by ON relationship_templates (created_by);

CREATE TABLE relationship_template_allocations (
    template_id TEXT NOT NULL REFERENCES relationship_templates (id) ON DELETE CASCADE,
    allocated_by TEXT NOT NULL,
    allocated_by_device TEXT NOT NULL,
    allocated_at BIGINT NOT NULL,
    PRIMARY KEY (template_id, allocated_by)
);
CREATE INDEX relationship_template_allocations_by ON relationship_template_allocations (allocated_by);

CREATE TABLE relationships (
    id TEXT PRIMARY KEY NOT NULL,
    template_id TEXT NULL,
    from_address TEXT NOT NULL,
    to_address TEXT NOT NULL,
    -- The two addresses in a fixed order: at most one relationship per pair may block new ones.
    pair_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    creation_content BYTEA NULL,
    creation_response_content BYTEA NULL,
    from_has_decomposed BIGINT NOT NULL,
    to_has_decomposed BIGINT NOT NULL
);
CREATE UNIQUE INDEX relationships_one_open_per_pair ON relationships (pair_key)
    WHERE status IN ('Pending', 'Active', 'Terminated', 'DeletionProposed');
CREATE INDEX relationships_pair ON relationships (pair_key);
CREATE INDEX relationships_template ON relationships (template_id);

CREATE TABLE relationship_audit_log (
    relationship_id TEXT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_device TEXT NULL,
    reason TEXT NOT NULL,
    old_status TEXT NULL,
    new_status TEXT NOT NULL,
    PRIMARY KEY (relationship_id, idx)
);

-- Tokens module.
CREATE TABLE tokens (
    id TEXT PRIMARY KEY NOT NULL,
    created_by TEXT NULL,
    created_by_device TEXT NULL,
    for_identity TEXT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    content BYTEA NULL,
    password BYTEA NULL,
    failed_password_attempts BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE token_allocations (
    token_id TEXT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    allocated_by TEXT NOT NULL,
    allocated_by_device TEXT NOT NULL,
    allocated_at BIGINT NOT NULL,
    PRIMARY KEY (token_id, allocated_by)
);

-- Event subscribers' record of handled outbox events, so that a redelivery has no second effect.
CREATE TABLE handled_events (
    subscriber TEXT NOT NULL,
    event_id BIGINT NOT NULL,
    PRIMARY KEY (subscriber, event_id)
);
