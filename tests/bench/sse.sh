#!/usr/bin/env bash
# Benchmark: N concurrent Server-Sent-Events streams on one Consumer API process.
# Target (DEVELOPERS.md): 10,000 SSE connections per process.
#
# Starts a release dev landscape in a temporary BACKBONE_HOME, onboards an identity, opens N streams on
# `GET /api/v2/sse` (counting `ConnectionOpened` frames), reads the server's RSS with 0 and with N idle
# streams, then sends NOTIFICATIONS test notifications one after another and measures, for each, the time
# from the POST's 204 until the `Test` event arrived on every stream. Exits non-zero when a stream did not
# open or missed (or got twice) an event.
#
# Usage: tests/bench/sse.sh [path/to/backbone] [N]      (cargo build --release -p backbone-cli first)
# Environment (defaults): STREAMS=10000 (or the 2nd argument), NOTIFICATIONS=5, IDENTITIES=1,
#   CONCURRENCY=100 connections opened at once (more than the server's listen backlog, 4096, overflows
#   its accept queue and costs the overflowing connections a 1 s SYN retransmission), SOURCE_ADDRS=1 (>1 binds clients to 127.0.0.1…n when
#   the ephemeral port range is too small), CLIENT_THREADS=1, IDLE_SECONDS=5, GAP_MS=1000,
#   JITTER_MS (random extra pause, default the poll interval or 500), ROUND_TIMEOUT_SECONDS=30,
#   OPEN_TIMEOUT_SECONDS=300, HTTP_TIMEOUT_SECONDS=30 (onboarding and notification requests),
#   POLL_INTERVAL_MS (the server's api.sse.poll_interval_ms; unset: the server's default), SERVER_NOFILE (run the server
#   with this open-file limit instead of the hard limit, e.g. 1024, the usual default soft limit), RUST_LOG=warn (the server's log filter; its stderr is kept and summarised).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
binary="$(realpath "${1:-$root/target/release/backbone}")"
export STREAMS="${2:-${STREAMS:-10000}}"

# Both processes need a descriptor per stream (the server one per connection, this client one per socket).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < STREAMS + 256 )); then
    echo "open-file limit $(ulimit -n) (hard $(ulimit -Hn)) is too small for $STREAMS streams" >&2
    exit 2
fi

cargo build --quiet --release --manifest-path "$root/tests/bench/sse/Cargo.toml" --target-dir "$root/target/bench-sse"
loadgen="$root/target/bench-sse/release/sse-load"

home="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
        kill -INT "$server"
        wait "$server" 2>/dev/null || true
    fi
    if [ -n "${KEEP_HOME:-}" ]; then echo "state and server log kept in $home"; else rm -rf "$home"; fi
}
trap cleanup EXIT

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(uname -sr)"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo "limits: open files $(ulimit -n), ephemeral ports $(tr '\t' - </proc/sys/net/ipv4/ip_local_port_range), somaxconn $(cat /proc/sys/net/core/somaxconn)"
echo "server: $binary ($("$binary" --version 2>/dev/null || echo '?'))"

if [ -n "${POLL_INTERVAL_MS:-}" ]; then export BACKBONE_API__SSE__POLL_INTERVAL_MS="$POLL_INTERVAL_MS"; fi
BACKBONE_HOME="$home" \
BACKBONE_API__ACCESS_TOKENS__LIFETIME_SECONDS=3600 \
RUST_LOG="${RUST_LOG:-warn}" \
    bash -c 'ulimit -n "${SERVER_NOFILE:-$(ulimit -Hn)}" && exec "$@"' - \
    "$binary" landscape up dev --listen 127.0.0.1:0 -o json >"$home/info.json" 2>"$home/server.log" &
server=$!
for _ in $(seq 1 1000); do
    [ -s "$home/info.json" ] && break
    if ! kill -0 "$server" 2>/dev/null; then cat "$home/server.log" >&2; exit 2; fi
    sleep 0.01
done
url="$(sed -E 's/.*"consumer_api_url":"([^"]+)".*/\1/' "$home/info.json")"
until curl -fs "$url/health" >/dev/null; do sleep 0.01; done
# The process that holds the listening socket (the landscape's own process today).
port="${url##*:}"
pid="$(ss -Hltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
pid="${pid:-$server}"
poll="${POLL_INTERVAL_MS:+$POLL_INTERVAL_MS ms}"
poll="${poll:-server default}"
backlog="$(ss -Hltn "sport = :$port" | awk '{print $3}' | head -1)"
echo "consumer api: $url (pid $pid, listen backlog $backlog, open files $(awk '/Max open files/ {print $4}' "/proc/$pid/limits")), sse poll interval: $poll"

# Accept-queue overflows (system-wide counter): each one is a dropped handshake the client retries after 1 s.
listen_overflows() {
    awk '/^TcpExt:/ { if (!n) { for (i = 1; i <= NF; i++) col[$i] = i; n = 1 } else print $col["ListenOverflows"] }' /proc/net/netstat
}
overflows_before="$(listen_overflows)"

status=0
JITTER_MS="${JITTER_MS:-${POLL_INTERVAL_MS:-500}}" "$loadgen" "$url" "$pid" || status=$?

echo "kernel: $(( $(listen_overflows) - overflows_before )) listen-queue overflows during the run"
if ! kill -0 "$pid" 2>/dev/null; then
    echo "the server process $pid is gone" >&2
    status=1
fi
lines=$(wc -l <"$home/server.log")
echo "server stderr: $lines lines (RUST_LOG=${RUST_LOG:-warn})"
if (( lines > 0 )); then
    # Group repeated messages: drop timestamps and ids, count each distinct one.
    sed -E 's/^[0-9TZ:.-]+ +//; s/[0-9a-zA-Z]{17,}/…/g' "$home/server.log" | sort | uniq -c | sort -rn | head -20
fi
exit "$status"
