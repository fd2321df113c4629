#!/usr/bin/env bash
# Makes sure the local services the tests use are up, starting them when they are down: PostgreSQL (the
# store conformance suite, multi-process tests), RabbitMQ (the broker transport of the event bus) and
# Azurite, the Azure Storage emulator (the Azure Blob engine), which this script installs from npm
# (tests/azurite/package-lock.json) on first use; and tmux, for the console test, from Debian's packages.
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

# RabbitMQ on 127.0.0.1:5672 (guest/guest).
rabbitmq_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
if ! rabbitmq_up; then
    echo "services: starting RabbitMQ" >&2
    rabbitmq-server -detached
    for _ in $(seq 1 60); do rabbitmq_up && break; sleep 1; done
fi
rabbitmq_up || { echo "services: RabbitMQ is not reachable on 127.0.0.1:5672" >&2; exit 1; }

# Azurite on 127.0.0.1:10000, with its data under tests/azurite/data.
azurite_dir="$(cd "$(dirname "$0")" && pwd)/azurite"
azurite_up() { (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; }
if [ ! -x "$azurite_dir/node_modules/.bin/azurite-blob" ]; then
    (cd "$azurite_dir" && npm ci --no-audit --no-fund >/dev/null)
fi
if ! azurite_up; then
    echo "services: starting Azurite" >&2
    mkdir -p "$azurite_dir/data"
    nohup "$azurite_dir/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort 10000 \
        --location "$azurite_dir/data" --silent --skipApiVersionCheck --loose >"$azurite_dir/data/azurite.log" 2>&1 &
    for _ in $(seq 1 50); do azurite_up && break; sleep 0.2; done
fi
azurite_up || { echo "services: Azurite is not reachable on 127.0.0.1:10000" >&2; exit 1; }
(cd "$azurite_dir" && node create-container.js backbone-test)

# tmux, in which tests/compat/test/tui.test.js drives `backbone tui`.
if ! command -v tmux >/dev/null 2>&1; then
    echo "services: installing tmux" >&2
    apt-get install -y -qq tmux >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq tmux >/dev/null; }
fi
command -v tmux >/dev/null 2>&1 || { echo "services: tmux is missing and could not be installed" >&2; exit 1; }
