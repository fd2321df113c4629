-- Announcements (spec §5.18): texts and actions as JSON, recipients as rows (to find what one identity sees).
CREATE TABLE announcements (
    id TEXT PRIMARY KEY NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NULL,
    severity TEXT NOT NULL,
    is_silent BIGINT NOT NULL,
    iql_query TEXT NULL,
    texts TEXT NOT NULL,
    actions TEXT NOT NULL
);

CREATE TABLE announcement_recipients (
    announcement_id TEXT NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    PRIMARY KEY (announcement_id, address)
);
CREATE INDEX announcement_recipients_address ON announcement_recipients (address);
