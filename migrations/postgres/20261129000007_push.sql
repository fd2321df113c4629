-- Push: each device's registration with a push platform, and the wake-up signals for devices that
-- hold a Server-Sent-Events stream open (every SSE-serving process tails `sse_signals`).

CREATE TABLE push_registrations (
    device_id TEXT PRIMARY KEY NOT NULL,
    identity_address TEXT NOT NULL,
    device_push_identifier TEXT NOT NULL,
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    app_id TEXT NOT NULL,
    environment TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX push_registrations_identity ON push_registrations (identity_address);

CREATE TABLE sse_signals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
