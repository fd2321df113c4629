#!/usr/bin/env bash
# Makes sure the local services the tests use are up, starting them when they are down.
# Today that is PostgreSQL (the store conformance suite); later issues add RabbitMQ and Azurite here.
set -euo pipefail

postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! postgres_up; then
    echo "services: starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do postgres_up && break; sleep 1; done
fi
postgres_up || { echo "services: PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }

# Databases left behind by earlier conformance runs (each run creates its own).
psql -h 127.0.0.1 -U postgres -d postgres -Atqc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'backbone_test_%'" |
    while read -r name; do psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$name\"" >/dev/null; done
