-- Quotas (spec §11): a tier's definitions apply to its identities; an identity's own replace them per metric.
CREATE TABLE tier_quotas (
    id TEXT PRIMARY KEY NOT NULL,
    tier_id TEXT NOT NULL REFERENCES tiers (id) ON DELETE CASCADE,
    metric_key TEXT NOT NULL,
    max BIGINT NOT NULL,
    period TEXT NOT NULL
);
CREATE INDEX tier_quotas_tier ON tier_quotas (tier_id);

CREATE TABLE individual_quotas (
    id TEXT PRIMARY KEY NOT NULL,
    identity_address TEXT NOT NULL REFERENCES identities (address) ON DELETE CASCADE,
    metric_key TEXT NOT NULL,
    max BIGINT NOT NULL,
    period TEXT NOT NULL
);
CREATE INDEX individual_quotas_identity ON individual_quotas (identity_address);

-- Usage is counted per creator and period.
CREATE INDEX tokens_created_by ON tokens (created_by, created_at);
CREATE INDEX relationship_templates_created_by_at ON relationship_templates (created_by, created_at);
