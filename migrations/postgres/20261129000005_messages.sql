-- Messages module: messages, their recipients and attachments.

CREATE TABLE messages (
    id TEXT PRIMARY KEY NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_device TEXT NOT NULL,
    body BYTEA NOT NULL
);
CREATE INDEX messages_created_by ON messages (created_by, created_at);

CREATE TABLE message_recipients (
    message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    address TEXT NOT NULL,
    encrypted_key BYTEA NOT NULL,
    relationship_id TEXT NOT NULL,
    received_at BIGINT NULL,
    received_by_device TEXT NULL,
    decomposed_by_sender BIGINT NOT NULL DEFAULT 0,
    decomposed_by_recipient BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (message_id, idx)
);
CREATE INDEX message_recipients_address ON message_recipients (address, received_at);

CREATE TABLE message_attachments (
    message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL,
    file_id TEXT NOT NULL,
    PRIMARY KEY (message_id, idx)
);

-- Synchronization: the relationship a `MessageReceived` event belongs to, for blocking and unblocking it.
ALTER TABLE external_events ADD COLUMN context TEXT NULL;
CREATE INDEX external_events_context ON external_events (context);
