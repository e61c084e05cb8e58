#!/usr/bin/env bash
# Runs every test (as root on Debian 12): build with warnings as errors, unit and namespace
# tests (swift test), a bounded fuzzing run (scripts/fuzz.sh), then the end-to-end suite
# against a real dockerd.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh || exit 1

echo "## build (warnings are errors)"
swift build --build-tests -Xswiftc -warnings-as-errors 2>&1 | tail -5
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "build failed"; exit 1; }

echo "## swift test"
# Namespace tests create links and namespaces: they opt in explicitly and run in a private
# network namespace, so nothing they make can touch the host's links.
# Debian unstable's reference plugins (CNI 1.1.0: GC, STATUS) for the CNIExec chain tests; the
# same download as the 28.5 engine (cached in /var/cache/cni-adapter).
if plugins_root=$(./scripts/install-docker28.sh 2>/tmp/cnia-install28.log); then
    export CNIA_CNI_PLUGINS_1_1=$plugins_root/usr/lib/cni
else
    echo "could not fetch the CNI 1.1.0 reference plugins:"; tail -5 /tmp/cnia-install28.log; exit 1
fi
CNI_ADAPTER_PRIV_TESTS=1 unshare -n -- swift test -Xswiftc -warnings-as-errors 2>&1 | tee /tmp/cnia-swift-test.log | tail -25
unit_rc=${PIPESTATUS[0]}

echo "## fuzz (libFuzzer, bounded)"
# Each target runs CNIA_FUZZ_SECONDS (default 40): with the cold builds (~1.5 min on 2 busy
# cores), under 4 minutes in all.
./scripts/fuzz.sh "${CNIA_FUZZ_SECONDS:-40}" 2>&1 | tee /tmp/cnia-fuzz.log | grep -A5 '^## fuzz summary'
fuzz_rc=${PIPESTATUS[0]}

echo "## end-to-end (real dockerd)"
./tests/e2e/run.sh 2>&1 | tee /tmp/cnia-e2e.log
e2e_rc=${PIPESTATUS[0]}

[ "$unit_rc" -eq 0 ] || echo "swift test failed (log: /tmp/cnia-swift-test.log)"
[ "$fuzz_rc" -eq 0 ] || echo "fuzzing found a failure (log: /tmp/cnia-fuzz.log)"
# One closing line for both runners: Swift Testing's count plus the e2e checks.
unit_total=$(grep -oE 'Test run with [0-9]+ tests' /tmp/cnia-swift-test.log | tail -1 | awk '{print $4}')
unit_failed=$(grep -cE '^✘ Test .* (failed|recorded an issue)' /tmp/cnia-swift-test.log || true)
e2e_line=$(grep -E '^e2e total: ' /tmp/cnia-e2e.log | tail -1)
e2e_passed=$(echo "$e2e_line" | awk '{print $3}'); e2e_failed=$(echo "$e2e_line" | awk '{print $5}')
[ "$e2e_rc" -eq 0 ] || [ "${e2e_failed:-0}" -gt 0 ] || e2e_failed=1
fuzz_failed=$(( fuzz_rc != 0 ? 1 : 0 ))
echo "tests: $(( ${unit_total:-0} - ${unit_failed:-0} + ${e2e_passed:-0} )) passed, $(( ${unit_failed:-0} + ${e2e_failed:-0} + fuzz_failed + (unit_rc != 0 && ${unit_failed:-0} == 0 ? 1 : 0) )) failed"
[ "$unit_rc" -eq 0 ] && [ "$fuzz_rc" -eq 0 ] && [ "$e2e_rc" -eq 0 ]
