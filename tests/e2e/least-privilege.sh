#!/usr/bin/env bash
# Issue 8, least privilege of the managed plugin: its process holds exactly the capabilities
# config.json grants, and each of them is needed: a copy of the plugin with one capability
# dropped cannot serve a network, fails with an error that says so, and leaves nothing behind.
#
# The copies share the rootfs that build-plugin.sh assembled (hard links) and get a state dir,
# CNI cache and staging-netns dir of their own, so they never see the real plugin's records.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
D=$DOCKER
if [ "$MODE" != managed ]; then
    say "skip - least privilege is the managed plugin's (socket mode runs as root by design)"
    trap finish EXIT; exit 0
fi
SRC=${PLUGIN_DIR:-$ROOT/.build/docker-plugin}
COPIES=()
drop_copies() {
    for name in "${COPIES[@]}"; do
        "$D" network ls --format '{{.Name}}' | grep "^$E2E_PREFIX-capdrop" | xargs -r "$D" network rm >/dev/null 2>&1
        "$D" plugin disable -f "$name:latest" >/dev/null 2>&1; "$D" plugin rm -f "$name:latest" >/dev/null 2>&1
    done
    rm -rf "$ROOT/.build/docker-plugin-capdrop"
}
trap 'rc=$?; cleanup_docker; drop_copies; (exit $rc); finish' EXIT

[ -f "$SRC/config.json" ] && [ -d "$SRC/rootfs" ] || { say "FAIL - no plugin build in $SRC (build-plugin.sh)"; exit 1; }
mapfile -t CAPS < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["linux"]["capabilities"]))' "$SRC/config.json")
say "info - config.json grants: ${CAPS[*]}"

# Capability bit numbers (linux/capability.h) of the ones a network plugin could want.
cap_bit() { case $1 in CAP_NET_ADMIN) echo 12 ;; CAP_NET_RAW) echo 13 ;; CAP_SYS_ADMIN) echo 21 ;; CAP_SYS_PTRACE) echo 19 ;; CAP_DAC_OVERRIDE) echo 1 ;; *) echo -1 ;; esac; }

# --- the real plugin: exactly the granted capabilities are effective ---------------------------------
start_adapter || exit 1
PID=$(eng sh -c "for p in /proc/[0-9]*; do [ \"\$(readlink \$p/exe 2>/dev/null)\" = /usr/sbin/cnm-adapter ] && grep -q '/run/docker/plugins/cni-adapter.sock' \$p/cmdline 2>/dev/null && echo \${p#/proc/}; done" | head -1)
if [ -n "$PID" ]; then
    want=0; for c in "${CAPS[@]}"; do want=$((want | (1 << $(cap_bit "$c")))); done
    # Docker adds its default container set (chown, dac_override, kill, setuid, …); the
    # entrypoint drops that from the bounding set before exec.
    for set in CapEff CapPrm CapBnd; do
        have=$((16#$(eng awk -v k="$set:" '$1 == k {print $2}' /proc/"$PID"/status)))
        expect_eq "the plugin's $set is exactly ${CAPS[*]}" "$(printf '%x' $want)" "$(printf '%x' $have)"
    done
else
    FAILED=$((FAILED + 1)); say "FAIL - the plugin's process was not found"
fi

# --- each capability dropped in turn ---------------------------------------------------------------
N=0
for cap in "${CAPS[@]}"; do
    N=$((N + 1))
    name=$E2E_PREFIX-capdrop$N; COPIES+=("$name")
    dir=$ROOT/.build/docker-plugin-capdrop/$N
    mkdir -p "$dir"
    cp -al "$SRC/rootfs" "$dir/rootfs"
    # A file of its own, so the layer differs from the real plugin's (Docker refuses a plugin
    # whose rootfs content already exists in its store).
    echo "capability dropped: $cap" >"$dir/rootfs/etc/cnia-capdrop"
    python3 - "$SRC/config.json" "$dir/config.json" "$cap" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1]))
config["linux"]["capabilities"] = [c for c in config["linux"]["capabilities"] if c != sys.argv[3]]
json.dump(config, open(sys.argv[2], "w"))
EOF
    private=$(eng mktemp -d /tmp/cnia-capdrop.XXXXXX)
    EXTRA_CLEANUP+=("eng rm -rf '$private'")
    eng mkdir -p "$private/state" "$private/cache"
    if ! "$D" plugin create "$name:latest" "$dir" >"$WORK/create.out" 2>&1; then
        FAILED=$((FAILED + 1)); say "FAIL - plugin create without $cap"; sed 's/^/       /' "$WORK/create.out"; continue
    fi
    "$D" plugin set "$name:latest" state.source="$private/state" cni-cache.source="$private/cache" \
        args="--netns-dir /run/cni-adapter/capdrop$N --control-socket /run/cni-adapter/capdrop$N.sock" LOG_LEVEL=debug >/dev/null
    EXTRA_CLEANUP+=("eng rm -rf /run/cni-adapter/capdrop$N /run/cni-adapter/capdrop$N.sock")
    served=0
    if "$D" plugin enable "$name:latest" >"$WORK/enable.out" 2>&1 \
        && "$D" network create -d "$name:latest" --ipam-driver "$name:latest" --subnet $E2E_NET16.95.0/24 "$E2E_PREFIX-capdrop" >"$WORK/err.out" 2>&1 \
        && "$D" run --rm --network "$E2E_PREFIX-capdrop" "$IMAGE" true >"$WORK/err.out" 2>&1; then
        served=1
    fi
    [ -s "$WORK/err.out" ] || cp "$WORK/enable.out" "$WORK/err.out"
    expect_eq "without $cap the plugin cannot serve a network" 0 "$served"
    say "info - without $cap: $(grep -v '^$' "$WORK/err.out" | head -1 | cut -c1-220)"
    check "and the error says what was not permitted" grep -qiE 'not permitted|permission|EPERM|denied' "$WORK/err.out"
    "$D" network rm "$E2E_PREFIX-capdrop" >/dev/null 2>&1
    left=$(eng sh -c "ls /run/cni-adapter/capdrop$N 2>/dev/null; ls '$private/cache' 2>/dev/null; ls '$private/state/endpoints' '$private/state/networks' 2>/dev/null | grep json; ip -o link show | grep -oE 'cnia-[0-9a-f]{10}' | sort -u | while read -r b; do ip -d link show \$b | grep -q 'bridge' && echo bridge \$b; done" | grep -v '^$' || true)
    "$D" plugin disable -f "$name:latest" >/dev/null 2>&1; "$D" plugin rm -f "$name:latest" >/dev/null 2>&1
    expect_eq "without $cap: nothing left behind" "" "$left"
done
