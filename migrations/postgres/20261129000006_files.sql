-- Files module: file metadata; the contents live in BYTEA storage under the file id.

CREATE TABLE files (
    id TEXT PRIMARY KEY NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_device TEXT NOT NULL,
    modified_at BIGINT NOT NULL,
    modified_by TEXT NOT NULL,
    modified_by_device TEXT NOT NULL,
    owner TEXT NOT NULL,
    owner_signature BYTEA NOT NULL,
    ownership_token TEXT NOT NULL,
    ownership_is_locked BIGINT NOT NULL,
    cipher_size BIGINT NOT NULL,
    cipher_hash BYTEA NOT NULL,
    expires_at BIGINT NOT NULL,
    encrypted_properties BYTEA NOT NULL
);
CREATE INDEX files_created_by ON files (created_by, created_at);
CREATE INDEX files_expires_at ON files (expires_at);
