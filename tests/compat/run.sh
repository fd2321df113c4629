#!/usr/bin/env bash
# Runs the @nmshd/transport compatibility tests against a fresh landscape started by the given binary:
# `dev` (the default), or `stage` (LANDSCAPE=stage: two Consumer API processes behind the gateway, over
# TLS with the landscape's generated certificate and OAuth client).
# Usage: [LANDSCAPE=stage] tests/compat/run.sh [path/to/backbone]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$(realpath "${1:-$here/../../target/debug/backbone}")"

cd "$here"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund
fi

home="$(mktemp -d)"
info="$home/landscape.json"
cleanup() {
    BACKBONE_HOME="$home" "$binary" daemon stop >/dev/null 2>&1 || true
    rm -rf "$home"
}
trap cleanup EXIT

landscape="${LANDSCAPE:-dev}"
BACKBONE_HOME="$home" RUST_LOG="${RUST_LOG:-info}" "$binary" landscape up "$landscape" --listen localhost:0 -o json >"$info" || { echo "compat: the $landscape landscape did not start" >&2; exit 1; }
field() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]])' "$info" "$1"; }
url="$(field consumer_api_url)"
export BACKBONE_CLIENT_ID="$(field client_id)" BACKBONE_CLIENT_SECRET="$(field client_secret)"
# The gateway's certificate is the landscape's own; Node trusts it through this variable.
[ -f "$home/landscapes/$landscape/tls/gateway-cert.pem" ] && export NODE_EXTRA_CA_CERTS="$home/landscapes/$landscape/tls/gateway-cert.pem"

# For tests that drive the landscape's CLI (test/rotation.test.js rotates the vault's secrets through the daemon).
export BACKBONE_BINARY="$binary" BACKBONE_HOME="$home" BACKBONE_LANDSCAPE="$landscape"

echo "compat: testing @nmshd/transport against $url" >&2
# The server accepts file contents up to api.files.max_content_bytes (15 MiB by default), so that the
# client's largest file (10 MiB of plaintext, about 13.4 MB encrypted) round-trips.
BACKBONE_URL="$url" BACKBONE_COMPAT_MAX_FILE_CONTENT_BYTES="${BACKBONE_COMPAT_MAX_FILE_CONTENT_BYTES:-15728640}" npm test
# No secret, admin token or access token in any log the run wrote.
"$binary" vault scan >&2
