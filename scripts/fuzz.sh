#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ with swiftc (no SwiftPM) and runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     SECONDS per target (default 60); TARGET: http-parser,
#                                             docker-requests, cni-json (default: all three)
#
# Each target's module sources are compiled together with its Fuzz/<Target>/*.swift entry point
# (@_cdecl("LLVMFuzzerTestOneInput")), instrumented with -sanitize=fuzzer,address. AdapterOS and AdapterJSON,
# which they import, are compiled once each as modules of their own. Seeds come from
# Fuzz/Corpus/<target>; new corpus entries go to a scratch dir under $FUZZ_WORK (never into the
# repo). A crash leaves its input in $FUZZ_WORK/<target>/artifacts and fails the script: fix the
# bug, then keep the input in Fuzz/Regressions/<target>/ so that the Swift tests replay it.
set -euo pipefail
# The Swift backtracer reads freed memory after a trap, which ASan then reports instead of the trap.
export SWIFT_BACKTRACE=enable=no
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(http-parser docker-requests cni-json)
work=${FUZZ_WORK:-/tmp/cnia-fuzz}
build=$work/build
mkdir -p "$build"

swiftc_fuzz=(swiftc -parse-as-library -sanitize=fuzzer,address -O -g -use-ld=lld -I "$build")

# AdapterOS and AdapterJSON as modules of their own: the HTTPServer, CNMRemoteAPI and CNIExec
# sources import them. Each is rebuilt only when one of its sources is newer than its object.
build_module() {
    local module=$1
    [ -f "$build/$module.o" ] && [ -z "$(find "Sources/$module" -newer "$build/$module.o" -name '*.swift')" ] && return
    # -sanitize=fuzzer on a non-executable only instruments (coverage), it does not link a main.
    swiftc -parse-as-library -sanitize=fuzzer,address -O -g -whole-module-optimization -I "$build" \
        -module-name "$module" -emit-module -emit-module-path "$build/$module.swiftmodule" \
        -c "Sources/$module"/*.swift -o "$build/$module.o"
}

# target name → module sources and entry sources.
sources_for() {
    case "$1" in
        http-parser) echo "Sources/HTTPServer/*.swift Fuzz/HTTPParser/*.swift Fuzz/Support/*.swift" ;;
        docker-requests) echo "Sources/CNMRemoteAPI/*.swift Fuzz/DockerRequests/*.swift Fuzz/Support/*.swift" ;;
        cni-json) echo "Sources/CNIExec/*.swift Fuzz/CNIJSON/*.swift Fuzz/Support/*.swift" ;;
        *) echo "unknown fuzz target $1" >&2; return 1 ;;
    esac
}

# target name → the separately built modules it imports.
dependencies_for() {
    case "$1" in
        http-parser) echo AdapterOS ;;
        docker-requests) echo AdapterJSON ;;
        cni-json) echo "AdapterOS AdapterJSON" ;;
    esac
}

module_for() {
    case "$1" in
        http-parser) echo HTTPServer ;;
        docker-requests) echo CNMRemoteAPI ;;
        cni-json) echo CNIExec ;;
    esac
}

build_target() {
    local target=$1 objects=() module
    for module in $(dependencies_for "$target"); do
        build_module "$module"
        objects+=("$build/$module.o")
    done
    # shellcheck disable=SC2046 # the globs must expand
    "${swiftc_fuzz[@]}" -module-name "$(module_for "$target")" $(sources_for "$target") "${objects[@]}" \
        -o "$build/fuzz-$target"
}

# The one line libFuzzer prints at the end: "Done 123456 runs in 60 second(s)".
summary=()
status=0
for target in "${targets[@]}"; do
    echo "## fuzz $target: build"
    build_target "$target"
    corpus=$work/$target/corpus
    artifacts=$work/$target/artifacts
    mkdir -p "$corpus" "$artifacts"
    echo "## fuzz $target: ${seconds}s"
    log=$work/$target/log
    set +e
    # -timeout: one input taking > 5 s is a hang; -rss_limit_mb bounds memory per input run.
    "$build/fuzz-$target" "$corpus" "Fuzz/Corpus/$target" \
        -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=16384 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    set -e
    runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' || echo "?")
    if [ "$rc" -ne 0 ]; then
        status=1
        tail -40 "$log"
        summary+=("$target: FAILED (exit $rc) after ${runs} runs; inputs in $artifacts")
    else
        summary+=("$target: $runs executions in ${seconds}s, corpus $(find "$corpus" -type f | wc -l) entries")
    fi
done

echo "## fuzz summary"
printf '%s\n' "${summary[@]}"
exit $status
