-- Files module: file metadata; the contents live in BLOB storage under the file id.

CREATE TABLE files (
    id TEXT PRIMARY KEY NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_by_device TEXT NOT NULL,
    modified_at INTEGER NOT NULL,
    modified_by TEXT NOT NULL,
    modified_by_device TEXT NOT NULL,
    owner TEXT NOT NULL,
    owner_signature BLOB NOT NULL,
    ownership_token TEXT NOT NULL,
    ownership_is_locked INTEGER NOT NULL,
    cipher_size INTEGER NOT NULL,
    cipher_hash BLOB NOT NULL,
    expires_at INTEGER NOT NULL,
    encrypted_properties BLOB NOT NULL
);
CREATE INDEX files_created_by ON files (created_by, created_at);
CREATE INDEX files_expires_at ON files (expires_at);
