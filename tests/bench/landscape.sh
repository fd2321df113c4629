#!/usr/bin/env bash
# Benchmark: how fast `backbone landscape up dev` is ready, and its memory when idle.
# Targets (DEVELOPERS.md): ready in under 2 s; a whole landscape under 64 MiB RSS when idle.
# Usage: tests/bench/landscape.sh [path/to/backbone]   (build it with `cargo build --release` first)
set -euo pipefail
binary="$(realpath "${1:-target/release/backbone}")"
runs="${RUNS:-5}"

measure() {
    local home info pid started ready
    home="$(mktemp -d)"
    info="$home/info.json"
    if [ "$1" = warm ]; then
        BACKBONE_HOME="$home" "$binary" landscape up dev --listen localhost:0 -o json >"$info" 2>/dev/null &
        pid=$!
        until [ -s "$info" ]; do sleep 0.01; done
        kill -INT "$pid"; wait "$pid" || true
        : >"$info"
    fi
    started=$(date +%s%N)
    BACKBONE_HOME="$home" RUST_LOG=warn "$binary" landscape up dev --listen localhost:0 -o json >"$info" 2>/dev/null &
    pid=$!
    until [ -s "$info" ]; do sleep 0.005; done
    url="$(sed -E 's/.*"consumer_api_url":"([^"]+)".*/\1/' "$info")"
    until curl -fs "$url/health" >/dev/null; do sleep 0.005; done
    ready=$(date +%s%N)
    sleep "${IDLE_SECONDS:-3}"
    rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    kill -INT "$pid"; wait "$pid" || true
    rm -rf "$home"
    echo "$1 $(( (ready - started) / 1000000 )) $(( rss_kib / 1024 ))"
}

echo "state  ready_ms  idle_rss_mib"
for _ in $(seq 1 "$runs"); do measure fresh; done
for _ in $(seq 1 "$runs"); do measure warm; done
