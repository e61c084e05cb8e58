#!/usr/bin/env bash
# Issue 9: `cnm-adapter conformance` replays Docker's recorded call sequences (20.10 and 28.5)
# against a running adapter instance, no dockerd involved, and nothing of ours is left after.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap finish EXIT

start_adapter || exit 1
# The managed plugin's socket is under its ID; the binary is ours either way (the same build).
[ "$MODE" = socket ] || SOCK=/run/docker/plugins/$(plugin_id)/cni-adapter.sock
BEFORE=$(residue)
# The daemon's counters: CreateEndpoint calls answered 200 (Prometheus text on the control socket).
created() {
    eng "$BIN" metrics --control-socket "$CONTROL" 2>/dev/null \
        | awk '/^cnia_docker_calls_total\{/ && /call="NetworkDriver.CreateEndpoint"/ && /status="200"/ {n += $NF} END {print n + 0}'
}
CREATED_BEFORE=$(created)
exec_histograms() { eng "$BIN" metrics --control-socket "$CONTROL" | grep -q '^cnia_cni_exec_duration_seconds_bucket'; }
status_answers() {
    eng "$BIN" status --control-socket "$CONTROL" \
        | python3 -c 'import json, sys; d = json.load(sys.stdin); sys.exit(0 if "networks" in d and "pools" in d else 1)'
}

for engine in 20.10 28.5; do
    eng "$BIN" conformance --socket "$SOCK" --engine "$engine" >"$WORK/conformance-$engine.txt" 2>&1
    rc=$?
    grep -E '^FAIL' "$WORK/conformance-$engine.txt" | head -20
    expect_eq "conformance --engine $engine exits 0" "0" "$rc"
    check "conformance --engine $engine reports no failure" \
        grep -qE "^conformance: [0-9]+ passed, 0 failed" "$WORK/conformance-$engine.txt"
done

eng "$BIN" conformance --socket "$SOCK" --engine 28.5 --json >"$WORK/conformance.json" 2>&1
check "--json is a JSON report with zero failures" python3 -c '
import json, sys
report = json.load(open(sys.argv[1]))
sys.exit(0 if report["failed"] == 0 and report["passed"] > 100 else 1)' "$WORK/conformance.json"

# A socket nobody serves: the tool must fail, not pass vacuously.
eng "$BIN" conformance --socket "$WORK/nobody.sock" --engine 20.10 --timeout 2 >"$WORK/nobody.txt" 2>&1
expect_eq "conformance against a dead socket exits 1" "1" "$?"

CREATED_AFTER=$(created)
check "metrics count the CreateEndpoint calls the run made ($CREATED_BEFORE -> $CREATED_AFTER)" test "$CREATED_AFTER" -gt "$CREATED_BEFORE"
check "metrics carry CNI exec latency histograms" exec_histograms
check "status answers with the daemon's networks and pools" status_answers
AFTER=$(residue)
expect_eq "nothing of ours is left after the conformance run" "$BEFORE" "$AFTER"
