#!/usr/bin/env bash
# Daemon benchmarks (issue 10, items 4 and 5), no Docker needed:
#   - socket round trip (GetCapabilities) p50/p99 and requests/s over 8 concurrent connections
#   - RSS idle and with N endpoints
#   - CreateEndpoint+Join latency with 10 vs N existing endpoints on one network (staging only:
#     namespaces, veths and the bundled bridge are real; no containers)
# Usage: bench/daemon/run.sh [ENDPOINTS] [REQUESTS]   (as root; release build)
# Runs in a private network namespace so the N staging links never touch the host's.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000}
REQ=${2:-40000}
if [ -z "${CNIA_BENCH_INNER:-}" ]; then
    swift build -c release --product cnm-adapter >/dev/null
    swift build -c release --product cnia-bench >/dev/null
    exec env CNIA_BENCH_INNER=1 unshare -n -- "$0" "$@"
fi
ip link set lo up
work=$(mktemp -d /tmp/cnia-bench-daemon.XXXXXX)
mkdir -p "$work/netns"
mount -t tmpfs none "$work/netns"   # staging namespaces are bind mounts: keep them in a tmpfs of ours
.build/release/cnm-adapter serve --socket "$work/p.sock" --state-dir "$work/state" --cni-cache-dir "$work/cache" \
    --control-socket "$work/c.sock" --netns-dir "$work/netns" --reconcile-interval 0 --log-level warn 2>"$work/log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; umount -l "$work/netns" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do [ -S "$work/p.sock" ] && break; sleep 0.05; done
.build/release/cnia-bench roundtrip --socket "$work/p.sock" --connections 8 --requests "$REQ" | tee "$work/rt"
.build/release/cnia-bench scale --socket "$work/p.sock" --pid "$pid" --endpoints "$N" | tee "$work/sc"
v() { awk -v k="$1" '$1 == k {print $2}' "$work/rt" "$work/sc"; }
echo
echo "## daemon benchmarks ($(nproc) cores, $(date -u +%F))"
printf '| %-44s | %12s | %-14s |\n' figure value target
printf '| %-44s | %12.3f | %-14s |\n' "GetCapabilities round trip p50 (ms)" "$(v roundtrip_p50_ms)" ""
printf '| %-44s | %12.3f | %-14s |\n' "GetCapabilities round trip p99 (ms)" "$(v roundtrip_p99_ms)" "< 1"
printf '| %-44s | %12.0f | %-14s |\n' "requests/s over 8 connections" "$(v roundtrip_rps)" ""
printf '| %-44s | %12.1f | %-14s |\n' "RSS idle (MiB)" "$(v rss_idle_mib)" ""
printf '| %-44s | %12.1f | %-14s |\n' "RSS with $N endpoints (MiB)" "$(v rss_at_${N}_endpoints_mib)" "< 30"
printf '| %-44s | %12.2f | %-14s |\n' "CreateEndpoint+Join p50 at 10 endpoints (ms)" "$(v create_join_at_10_p50_ms)" ""
printf '| %-44s | %12.2f | %-14s |\n' "CreateEndpoint+Join p50 at $N endpoints (ms)" "$(v create_join_at_${N}_p50_ms)" ""
printf '| %-44s | %12.2f | %-14s |\n' "ratio" "$(v create_join_ratio)" "<= 1.2"
