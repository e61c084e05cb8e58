#!/usr/bin/env bash
# Issue 9: `cnm-adapter conformance` replays Docker's recorded call sequences (20.10 and 28.5)
# against a running adapter instance, no dockerd involved, and nothing of ours is left after.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap finish EXIT

start_adapter || exit 1
BEFORE=$(residue)

for engine in 20.10 28.5; do
    "$BIN" conformance --socket "$SOCK" --engine "$engine" >"$WORK/conformance-$engine.txt" 2>&1
    rc=$?
    grep -E '^FAIL' "$WORK/conformance-$engine.txt" | head -20
    expect_eq "conformance --engine $engine exits 0" "0" "$rc"
    check "conformance --engine $engine reports no failure" \
        grep -qE "^conformance: [0-9]+ passed, 0 failed" "$WORK/conformance-$engine.txt"
done

"$BIN" conformance --socket "$SOCK" --engine 28.5 --json >"$WORK/conformance.json" 2>&1
check "--json is a JSON report with zero failures" \
    bash -c "jq -e '.failed == 0 and .passed > 100' '$WORK/conformance.json' >/dev/null"

# A socket nobody serves: the tool must fail, not pass vacuously.
"$BIN" conformance --socket "$WORK/nobody.sock" --engine 20.10 --timeout 2 >"$WORK/nobody.txt" 2>&1
expect_eq "conformance against a dead socket exits 1" "1" "$?"

AFTER=$(residue)
expect_eq "nothing of ours is left after the conformance run" "$BEFORE" "$AFTER"
