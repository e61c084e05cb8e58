#!/usr/bin/env bash
# Docker-level benchmarks, side by side in one run on one engine (issue 10, items 1 and 2):
#   1. `docker run --rm IMAGE true` on a cni-adapter network (bundled and reference datapath),
#      on a network of Docker's built-in bridge driver, and with --network none: N alternating
#      runs after one warm-up each; median, p10, p90.
#   2. P containers started in parallel (`docker run -d`) on one network: wall time, cni-adapter
#      vs built-in bridge; all addresses distinct.
# Usage: bench/docker/run.sh [RUNS] [PARALLEL]   (ENGINE=20.10|28.5 as in tests/e2e/lib.sh)
# Prints a table; numbers are only comparable within one run (the machine is noisy).
set -uo pipefail
RUNS=${1:-10}
PAR=${2:-20}
export E2E_PREFIX=cnia-bench E2E_NET16=${E2E_NET16:-10.233}
. "$(dirname "$0")/../../tests/e2e/lib.sh"
trap finish EXIT
start_adapter || exit 1
D=$DOCKER
cleanup_docker   # what an interrupted earlier run left (its networks would name pools we never saw)
"$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet "$E2E_NET16.1.0/24" cnia-bench-cnia >/dev/null
"$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet "$E2E_NET16.2.0/24" -o cni.datapath=reference cnia-bench-ref >/dev/null
"$D" network create -d bridge --subnet "$E2E_NET16.3.0/24" cnia-bench-bridge >/dev/null

now() { date +%s.%N; }
declare -A samples
nets=(cnia-bench-cnia cnia-bench-ref cnia-bench-bridge none)
for n in "${nets[@]}"; do "$D" run --rm --network "$n" "$IMAGE" true >/dev/null; done   # warm-up
for _ in $(seq 1 "$RUNS"); do
    for n in "${nets[@]}"; do
        t0=$(now); "$D" run --rm --network "$n" "$IMAGE" true >/dev/null || echo "run on $n failed" >&2; t1=$(now)
        samples[$n]+="$(awk "BEGIN {print ($t1 - $t0) * 1000}") "
    done
done
stats() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {printf "%7.0f %7.0f %7.0f", a[int((NR+1)/2)], a[int(NR*0.1)+1], a[int(NR*0.9+0.5)]}'; }
echo "## docker run --rm IMAGE true, $RUNS alternating runs each (ms), Docker $ENGINE"
printf '%-34s %7s %7s %7s %9s\n' network median p10 p90 "vs bridge"
bridge_median=$(echo "${samples[cnia-bench-bridge]}" | stats | awk '{print $1}')
for n in "${nets[@]}"; do
    s=$(echo "${samples[$n]}" | stats); m=$(echo "$s" | awk '{print $1}')
    label=$n; [ "$n" = cnia-bench-cnia ] && label="cni-adapter (bundled datapath)"
    [ "$n" = cnia-bench-ref ] && label="cni-adapter (reference plugins)"; [ "$n" = cnia-bench-bridge ] && label="built-in bridge"
    printf '%-34s %s %8.2fx\n' "$label" "$s" "$(awk "BEGIN {print $m / $bridge_median}")"
done

parallel() {  # parallel NETWORK → wall ms; checks distinct addresses
    local net=$1 t0 t1 ips
    t0=$(now)
    for i in $(seq 1 "$PAR"); do "$D" run -d --name "cnia-bench-p$i" --network "$net" "$IMAGE" sleep 600 >/dev/null & done
    wait; t1=$(now)
    ips=$(for i in $(seq 1 "$PAR"); do ip_of "cnia-bench-p$i" "$net"; done | grep . | sort -u | wc -l)
    "$D" rm -f $(seq -f "cnia-bench-p%g" 1 "$PAR") >/dev/null 2>&1
    echo "$(awk "BEGIN {print ($t1 - $t0) * 1000}") $ips"
}
echo "## $PAR parallel docker run -d on one network, Docker $ENGINE"
read -r wc dc <<<"$(parallel cnia-bench-cnia)"
read -r wb db <<<"$(parallel cnia-bench-bridge)"
printf '%-34s %8.0f ms  %d distinct addresses\n' "cni-adapter (bundled)" "$wc" "$dc"
printf '%-34s %8.0f ms  %d distinct addresses\n' "built-in bridge" "$wb" "$db"
printf '%-34s %8.2fx\n' "ratio cni-adapter / bridge" "$(awk "BEGIN {print $wc / $wb}")"
"$D" network rm cnia-bench-cnia cnia-bench-ref cnia-bench-bridge >/dev/null
