#!/usr/bin/env bash
# Property-based fuzzing of every documented route with schemathesis: no input may produce a server
# error (5xx). Runs against a fresh dev landscape started by the given binary.
# Usage: tests/fuzz/run.sh [path/to/backbone]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$(realpath "${1:-$here/../../target/debug/backbone}")"
venv="$here/../../target/fuzz-venv"

if [ ! -x "$venv/bin/schemathesis" ] || [ "$here/requirements.txt" -nt "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
fi

home="$(mktemp -d)"
info="$home/landscape.json"
cleanup() {
    BACKBONE_HOME="$home" "$binary" daemon stop >/dev/null 2>&1 || true
    rm -rf "$home"
}
trap cleanup EXIT

BACKBONE_HOME="$home" RUST_LOG="${RUST_LOG:-info}" "$binary" landscape up dev --listen localhost:0 -o json >"$info" || { echo "fuzz: the dev landscape did not start" >&2; exit 1; }
url="$("$venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["consumer_api_url"])' "$info")"
token="$("$venv/bin/python" "$here/access_token.py" "$url")"

# The event stream never ends by design, so it is left out; its answers to bad input are API tests.
"$venv/bin/schemathesis" run "$url/docs/v2/openapi.json" --url "$url" --exclude-path /api/v2/sse \
    -H "Authorization: Bearer $token" -H "x-supported-datawallet-version: 1" \
    --checks not_a_server_error --max-examples "${FUZZ_EXAMPLES:-50}" --seed "${FUZZ_SEED:-1}" --no-color
# Whatever the generated input made the server log, it holds no secret.
BACKBONE_HOME="$home" "$binary" vault scan >&2
