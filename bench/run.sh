#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md, one after the other, from one command (as root):
#   1-2. docker run side by side and 50 parallel runs, on Docker 20.10 and 28.5  (bench/docker)
#   3.   datapath: bundled bridge+IPAM (exec and in process) vs reference bridge+host-local
#        at 0 / 1,000 / 5,000 allocations                                          (bench/datapath)
#   4-5. the daemon: round trip, requests/s, RSS, CreateEndpoint+Join at scale     (bench/daemon)
#   +    CNIExec's exec overhead against spawning the same plugin bare             (cnia-bench exec)
# Usage: bench/run.sh [RUNS] [PARALLEL]   (defaults 10 and 50); the report goes to stdout.
# Every figure is compared with a peer measured in the same run: the machine is shared and noisy.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${1:-10}
PAR=${2:-50}
./scripts/install-deps.sh >/dev/null || exit 1
echo "# cni-adapter benchmarks: $(date -u '+%F %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r)"
echo "# commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(swift --version 2>&1 | head -1)"
# Static stdlib as the managed plugin ships it: a plugin process starts faster (bench/datapath/README.md).
swift build -c release --static-swift-stdlib --product cnm-adapter 2>&1 | tail -1
swift build -c release --static-swift-stdlib --product cnia-bench 2>&1 | tail -1
export CNM_ADAPTER_BIN=$ROOT/.build/release/cnm-adapter

echo; echo "# 1-2. Docker, 20.10"
./scripts/start-dockerd.sh && ./scripts/make-busybox-image.sh >/dev/null
ENGINE=20.10 DOCKER=/usr/bin/docker bench/docker/run.sh "$RUNS" "$PAR"

echo; echo "# 1-2. Docker, 28.5"
started28=0
./scripts/docker28.sh status >/dev/null 2>&1 || { ./scripts/docker28.sh start >/dev/null && started28=1; }
DOCKER=$ROOT/scripts/docker28-cli ./scripts/make-busybox-image.sh >/dev/null
ENGINE=28.5 DOCKER=$ROOT/scripts/docker28-cli bench/docker/run.sh "$RUNS" "$PAR"
[ "$started28" = 0 ] || ./scripts/docker28.sh stop >/dev/null

echo; echo "# 3. Datapath"
bench/datapath/run.sh --reps 30 --sizes 0,1000,5000

echo; echo "# 4-5. Daemon"
bench/daemon/run.sh 1000

echo; echo "# CNIExec exec overhead (VERSION of Debian's bridge, 200 interleaved pairs)"
.build/release/cnia-bench exec --plugin /usr/lib/cni/bridge --reps 200
