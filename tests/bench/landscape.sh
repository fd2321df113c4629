#!/usr/bin/env bash
# Benchmark: how fast `backbone landscape up dev` is ready, and the memory of idle landscapes.
# Targets (DEVELOPERS.md): ready in under 2 s; a whole stage landscape under 64 MiB RSS when idle.
#
# `landscape up` asks the control-plane daemon (started in the background by the first command for a
# BACKBONE_HOME) to start the landscape and exits once it is ready. Per run:
#   - ready time of `landscape up dev`, from invoking it until `/health` answers 200: "fresh" on a new home
#     (includes starting the daemon and the migrations), "warm" after `landscape down dev` on the same home
#     (daemon running, state kept);
#   - RSS (VmRSS) after IDLE_SECONDS idle: the dev landscape's processes (the warm one), then, on a home of
#     its own, the stage landscape's processes (summed over its instances), its daemon (without children), the
#     two together, and their PSS. A separate home so that this daemon has run nothing but stage.
# Processes are taken from `landscape status -o json` (components[].instances[].pid) and the daemon's pid
# from $BACKBONE_HOME/daemon/daemon.json.
#
# Usage: tests/bench/landscape.sh [path/to/backbone]   (build it with `cargo build --release` first)
# Environment (defaults): RUNS=5, IDLE_SECONDS=3, TIMEOUT_SECONDS=120 (for each command of the product).
set -euo pipefail
shopt -s inherit_errexit # a failure inside $(...) ends the benchmark too
binary="$(realpath "${1:-target/release/backbone}")"
runs="${RUNS:-5}"
idle="${IDLE_SECONDS:-3}"
timeout="${TIMEOUT_SECONDS:-120}"

homes=()
cleanup() {
    for home in "${homes[@]}"; do
        BACKBONE_HOME="$home" timeout "$timeout" "$binary" daemon stop >/dev/null ||
            echo "daemon stop failed for $home" >&2
        rm -rf "$home"
    done
}
trap cleanup EXIT

# Runs the product's CLI on home $1; a failure or a hang (exit 124) shows the daemon's log and ends the benchmark.
# RUST_LOG travels with `up` to the landscape's instances: warn keeps their logging out of the numbers.
backbone() {
    local home="$1"
    shift
    BACKBONE_HOME="$home" RUST_LOG=warn timeout "$timeout" "$binary" "$@" || fail "$home" "backbone $* (exit $?)"
}
fail() {
    echo "FAILED: $2 (home $1); daemon log:" >&2
    cat "$1/daemon/daemon.log" >&2 2>/dev/null || echo "(none)" >&2
    exit 1
}

new_home() { home="$(mktemp -d)"; homes+=("$home"); }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Milliseconds from invoking `landscape up dev` until its /health answers 200.
ready_ms() {
    local home="$1" started url
    started=$(now_ms)
    url="$(backbone "$home" landscape up dev --listen localhost:0 -o json | jq -r .consumer_api_url)"
    until curl -fs "$url/health" >/dev/null; do
        if (( $(now_ms) - started > timeout * 1000 )); then fail "$home" "$url/health never answered"; fi
        sleep 0.005
    done
    echo $(( $(now_ms) - started ))
}

# Summed VmRSS (KiB) of the pids on stdin; `rss_kib smaps_rollup Pss` sums their PSS instead.
rss_kib() {
    local sum=0 pid
    while read -r pid; do
        sum=$(( sum + $(awk -v field="${2:-VmRSS}:" '$1 == field {print $2}' "/proc/$pid/${1:-status}") ))
    done
    echo "$sum"
}
instance_pids() { backbone "$1" -o json landscape status "$2" | jq -r '.components[].instances[].pid // empty'; }
daemon_pid() { jq -r .pid "$1/daemon/daemon.json"; }
mib() { awk -v kib="$1" 'BEGIN { printf "%.1f", kib / 1024 }'; }

echo "machine: $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
row='%-4s %8s %8s %11s %8s %19s %17s %15s\n'
printf "$row" run fresh_ms warm_ms daemon_mib dev_mib stage_mib stage_total_mib stage_total_pss
for run in $(seq 1 "$runs"); do
    new_home
    fresh=$(ready_ms "$home")
    backbone "$home" landscape down dev -o json >/dev/null
    warm=$(ready_ms "$home")
    sleep "$idle"
    dev=$(instance_pids "$home" dev | rss_kib)
    # Each home's daemon is stopped when done with: an idle one left behind would share the binary's pages
    # and so lower the PSS measured next.
    backbone "$home" daemon stop >/dev/null

    new_home
    backbone "$home" landscape up stage --listen 127.0.0.1:0 -o json >/dev/null
    sleep "$idle"
    pids="$(instance_pids "$home" stage)"
    stage=$(rss_kib <<<"$pids")
    daemon=$(daemon_pid "$home" | rss_kib)
    # Every process maps the same binary, and VmRSS counts its resident pages in each of them: PSS shares
    # them out, so the PSS total is what the landscape costs the machine.
    pss=$( (echo "$pids"; daemon_pid "$home") | rss_kib smaps_rollup Pss)
    printf "$row" "$run" "$fresh" "$warm" "$(mib "$daemon")" "$(mib "$dev")" \
        "$(mib "$stage") ($(wc -l <<<"$pids") procs)" "$(mib $(( stage + daemon )))" "$(mib "$pss")"
    backbone "$home" daemon stop >/dev/null
done
