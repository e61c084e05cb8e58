#!/bin/bash
# ADD+CHECK+DEL latency and peak RSS: cni-adapter's bundled bridge+IPAM (exec) against the
# reference bridge+host-local, interleaved in one run, at 0 / 1,000 / 5,000 existing allocations.
#
# usage: bench/datapath/run.sh [--reps N] [--binary PATH]   (root; build first:
#        swift build -c release --product cnm-adapter)
# Everything runs inside a private network + mount namespace (unshare -n -m): bridges, veths,
# iptables rules and netns bind mounts vanish with it. Scratch files: ${TMPDIR:-/tmp}/cnia-bench.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export CNIA_BENCH_BINARY=${CNIA_BENCH_BINARY:-$ROOT/.build/release/cnm-adapter}
export CNIA_BENCH_DRIVER=${CNIA_BENCH_DRIVER:-$ROOT/.build/release/cnia-bench}
exec unshare -n -m --propagation private python3 "$HERE/bench.py" "$@"
