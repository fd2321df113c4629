#!/usr/bin/env bash
# Benchmark: the gateway's overhead per request (issue 6).
#
# Starts one Consumer API process and a gateway in front of it (`backbone service run consumer-api` and
# `backbone service run gateway`, SQLite in a temporary directory, a self-signed certificate made with
# openssl), onboards an identity, then sends the same request mix (GET /api/v2/Identities/Self with a bearer
# token, GET /api/v2/Version, alternating) directly to the instance (plain HTTP/1.1) and through the gateway
# (HTTPS with keep-alive, HTTP/1.1 and HTTP/2):
#   - open loop at RATE req/s for OPEN_SECONDS (latency measured from each request's scheduled time:
#     p50/p90/p99/max and the difference gateway − direct);
#   - closed loop at full speed, CONNECTIONS concurrent requests for FULL_SECONDS (throughput; the CPU
#     time of the gateway, the instance and the client per request, from /proc/<pid>/stat);
# and reads the gateway's RSS idle, after the load and IDLE_AFTER_SECONDS later. Exits non-zero when any
# request failed or a process died.
#
# The gateway's rate limits (per IP 100/s, per OAuth client 1,000/s by default) are raised to 1,000,000/s
# (burst 1,000,000), so that they stay on (their cost is measured) but never reject: the whole benchmark
# comes from one IP address and one client.
#
# Usage: tests/bench/gateway.sh [path/to/backbone]       (cargo build --release -p backbone-cli first)
# Environment (defaults): RATE=500, OPEN_SECONDS=20, FULL_SECONDS=20, WARMUP_SECONDS=3, CONNECTIONS=32,
#   TARGETS=direct,gateway-h1,gateway-h2,gateway-h2-mux (gateway-h2: one connection in the open loop,
#   CONNECTIONS connections in the closed loop; gateway-h2-mux: closed loop on one connection), ROUNDS=1,
#   CLIENT_THREADS=2, PAUSE_SECONDS=2, IDLE_AFTER_SECONDS=5, REQUEST_TIMEOUT_SECONDS=10,
#   GATEWAY_LOG=info (the gateway's log filter: `info` writes its access log, one line per request, to a
#   file as in production; `warn` switches it off), API_LOG=warn, KEEP_HOME=1 keeps the directory with
#   the configuration and the logs.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
binary="$(realpath "${1:-$root/target/release/backbone}")"

cargo build --quiet --release --manifest-path "$root/tests/bench/gateway/Cargo.toml" --target-dir "$root/target/bench-gateway"
loadgen="$root/target/bench-gateway/release/gateway-load"

home="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then kill -INT "$pid"; fi
    done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "${KEEP_HOME:-}" ]; then echo "configuration and logs kept in $home"; else rm -rf "$home"; fi
}
trap cleanup EXIT

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(uname -sr)"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo "server: $binary ($("$binary" --version 2>/dev/null || echo '?'))"

# A self-signed P-256 certificate for localhost and 127.0.0.1. CA:FALSE: webpki (rustls) refuses a
# certificate marked as a CA as the server's own (CaUsedAsEndEntity), and openssl marks it CA:TRUE by default.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -addext basicConstraints=critical,CA:FALSE \
    -keyout "$home/key.pem" -out "$home/cert.pem" 2>/dev/null

cat >"$home/backbone.toml" <<EOF
[log]
filter = "warn"

[database]
url = "sqlite://$home/shared.db"

[blob]
url = "file://$home/blobs"

[api]
password_policy = "relaxed"

[api.access_tokens]
signing_key = "a signing key for the gateway benchmark"
lifetime_seconds = 3600

[[api.clients]]
client_id = "test"
client_secret = "test"

[gateway]
listen = "127.0.0.1:0"
upstreams_file = "$home/upstreams.json"

[gateway.tls]
cert_file = "$home/cert.pem"
key_file = "$home/key.pem"

[gateway.rate_limits.per_ip]
rate_per_second = 1000000.0
burst = 1000000

[gateway.rate_limits.per_client]
rate_per_second = 1000000.0
burst = 1000000
EOF

# Starts `backbone service run <component>` in the background; waits for its JSON line on stdout.
start() {
    local component="$1" log_filter="$2"
    BACKBONE_HOME="$home" RUST_LOG="$log_filter" \
        "$binary" -o json -c "$home/backbone.toml" service run "$component" --listen 127.0.0.1:0 \
        >"$home/$component.json" 2>"$home/$component.log" &
    local pid=$!
    pids+=("$pid")
    for _ in $(seq 1 1000); do
        [ -s "$home/$component.json" ] && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "$component did not start:" >&2
            cat "$home/$component.log" >&2
            exit 2
        fi
        sleep 0.01
    done
    echo "$component did not start within 10 s" >&2
    exit 2
}
field() { sed -E "s/.*\"$2\":\"?([^\",}]+)\"?.*/\1/" "$home/$1.json"; }

start consumer-api "${API_LOG:-warn}"
api_url="$(field consumer-api consumer_api_url)"
api_pid="$(field consumer-api pid)"
until curl -fs "$api_url/health" >/dev/null; do sleep 0.01; done
echo "{\"upstreams\":[{\"name\":\"api-0\",\"addr\":\"127.0.0.1:${api_url##*:}\"}]}" >"$home/upstreams.json"

start gateway "${GATEWAY_LOG:-info}"
gateway_url="$(field gateway gateway_url)"
gateway_pid="$(field gateway pid)"
# Ready once its health check found the instance.
for _ in $(seq 1 500); do
    curl -fs --cacert "$home/cert.pem" "$gateway_url/api/v2/Version" >/dev/null && break
    sleep 0.02
done
curl -fsS --cacert "$home/cert.pem" "$gateway_url/api/v2/Version" >/dev/null
admin_port="$(ss -Hltnp | grep "pid=$gateway_pid," | awk '{print $4}' | sed 's/.*://' | grep -vx "${gateway_url##*:}" | head -1)"
echo "consumer api: $api_url (pid $api_pid, log filter ${API_LOG:-warn})"
echo "gateway: $gateway_url (pid $gateway_pid, admin port $admin_port, log filter ${GATEWAY_LOG:-info}; rate limits raised to 1,000,000/s)"

status=0
"$loadgen" "$api_url" "$gateway_url" "$home/cert.pem" "$gateway_pid" "$api_pid" || status=$?

for pid in "$api_pid" "$gateway_pid"; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "process $pid is gone" >&2
        status=1
    fi
done
echo "gateway metrics:"
curl -fs "http://127.0.0.1:$admin_port/metrics" | grep -E '^backbone_gateway_(requests|rate_limited|upstream_failures|retries)_total' | sed 's/^/  /' || echo "  (unavailable)"
for component in consumer-api gateway; do
    lines=$(wc -l <"$home/$component.log")
    bytes=$(wc -c <"$home/$component.log")
    access=$(grep -c 'backbone_gateway::access' "$home/$component.log" || true)
    echo "$component stderr: $lines lines, $bytes bytes ($access access-log lines)"
    # Anything but the access log, grouped: drop timestamps and ids, count each distinct message.
    { grep -v 'backbone_gateway::access' "$home/$component.log" || true; } |
        sed -E 's/\x1b\[[0-9;]*m//g; s/^[0-9TZ:.-]+ +//; s/[0-9a-zA-Z]{17,}/…/g' | sort | uniq -c | sort -rn | head -10
done
exit "$status"
