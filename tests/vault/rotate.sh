#!/usr/bin/env bash
# Secret rotation as a script drives it: rotate the stage landscape's token signing key with
# `backbone vault rotate … -o json`, read the new version from the JSON, and check it with
# `backbone vault history`: the new version is current, the one it replaced still accepted. Then
# `backbone vault scan` checks that no secret value reached the logs.
# Usage: tests/vault/rotate.sh [path/to/backbone]
set -euo pipefail
binary="$(realpath "${1:-target/debug/backbone}")"
home="$(mktemp -d)"
cleanup() {
    BACKBONE_HOME="$home" "$binary" daemon stop >/dev/null 2>&1 || true
    rm -rf "$home"
}
trap cleanup EXIT
backbone() { BACKBONE_HOME="$home" RUST_LOG=info "$binary" -o json "$@"; }
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

backbone landscape up stage --listen 127.0.0.1:0 >/dev/null
before="$(backbone vault list --landscape stage | python3 -c '
import json, sys
print(next(s["current_version"] for s in json.load(sys.stdin) if s["name"] == "access-token-signing-key"))')"

rotation="$(backbone vault rotate access-token-signing-key --landscape stage --yes)"
version="$(field version <<<"$rotation")"
[ "$(field previous_version <<<"$rotation")" = "$before" ] || { echo "rotate: wrong previous version" >&2; exit 1; }

backbone vault history access-token-signing-key --landscape stage | python3 -c '
import json, sys
history = json.load(sys.stdin)
states = {entry["version"]: entry["state"] for entry in history}
assert states.get(sys.argv[1]) == "current", f"{sys.argv[1]} is not current: {states}"
assert states.get(sys.argv[2]) == "previous", f"{sys.argv[2]} is not kept as previous: {states}"
' "$version" "$before"
echo "vault: rotated access-token-signing-key from $before to $version" >&2
# Give the instances time to load the new key (they look every 2 s), so that their logs say so.
sleep 3
BACKBONE_HOME="$home" "$binary" vault scan >&2
