#!/usr/bin/env bash
# Runs every end-to-end scenario against a real dockerd; prints one summary line per script
# and a total.
set -uo pipefail
cd "$(dirname "$0")/../.."
./scripts/start-dockerd.sh || exit 1
./scripts/make-busybox-image.sh || exit 1
passed=0; failed=0
for test in tests/e2e/[a-z]*-*.sh; do
    echo "# $test"
    out=$(bash "$test" 2>&1); rc=$?
    printf '%s\n' "$out"
    line=$(printf '%s\n' "$out" | grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' | tail -1)
    p=$(echo "$line" | awk '{print $2}'); f=$(echo "$line" | awk '{print $4}')
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
done
echo "e2e total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
