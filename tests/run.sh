#!/usr/bin/env bash
# The whole test suite: every crate's tests (the store conformance suite on SQLite and PostgreSQL, the event
# bus on RabbitMQ, components in separate processes, the
# BLOB storage engines on local files and Azurite),
# then the official enmeshed client (@nmshd/transport) against a dev landscape, then a fuzzer
# (schemathesis) that sends generated input to every documented route and fails on any 5xx.
set -euo pipefail
cd "$(dirname "$0")/.."

tests/services.sh
export BACKBONE_TEST_POSTGRES_URL="${BACKBONE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export BACKBONE_TEST_RABBITMQ_URL="${BACKBONE_TEST_RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672/%2f}"
export BACKBONE_TEST_AZURITE=1

if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --workspace --no-fail-fast
else
    cargo test --workspace --no-fail-fast
fi

cargo build --bin backbone
tests/compat/run.sh target/debug/backbone
# The same client tests through the gateway (TLS) in front of two Consumer API processes.
LANDSCAPE=stage tests/compat/run.sh target/debug/backbone
# The same client tests with file contents in Azure Blob Storage (Azurite).
BACKBONE_BLOB__URL=az://backbone-test BACKBONE_BLOB__OPTIONS__AZURE_STORAGE_USE_EMULATOR=true \
    tests/compat/run.sh target/debug/backbone
# Secret rotation as a script drives it, through the CLI's JSON.
tests/vault/rotate.sh target/debug/backbone
tests/fuzz/run.sh target/debug/backbone
