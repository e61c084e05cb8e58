#!/usr/bin/env bash
# Runs every test (as root on Debian 12): build with warnings as errors, unit and namespace
# tests (swift test), then the end-to-end suite against a real dockerd.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh || exit 1

echo "## build (warnings are errors)"
swift build --build-tests -Xswiftc -warnings-as-errors 2>&1 | tail -5
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "build failed"; exit 1; }

echo "## swift test"
# Namespace tests create links and namespaces: they opt in explicitly and run in a private
# network namespace, so nothing they make can touch the host's links.
CNI_ADAPTER_PRIV_TESTS=1 unshare -n -- swift test -Xswiftc -warnings-as-errors 2>&1 | tee /tmp/cnia-swift-test.log | tail -25
unit_rc=${PIPESTATUS[0]}

echo "## end-to-end (real dockerd)"
./tests/e2e/run.sh
e2e_rc=$?

[ "$unit_rc" -eq 0 ] || echo "swift test failed (log: /tmp/cnia-swift-test.log)"
[ "$unit_rc" -eq 0 ] && [ "$e2e_rc" -eq 0 ]
