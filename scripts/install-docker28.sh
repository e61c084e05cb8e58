#!/usr/bin/env bash
# Fetches Docker 28.x (Debian unstable's docker.io, docker-cli, containerd, tini-static) and unpacks it beside the
# system into $DOCKER28_ROOT, without touching the system's apt sources, state or packages
# (engines.md: `dpkg -i` would pull a newer libc). The mirror is whatever this machine's apt
# sources already name, read at run time; the .debs are cached under /var/cache/cni-adapter so
# that reruns need no network. Debian 12's runc stays in use (unstable's needs glibc 2.38).
# Prints the root directory on success.
set -euo pipefail
CACHE=${CNIA_CACHE:-/var/cache/cni-adapter}
DOCKER28_ROOT=${DOCKER28_ROOT:-$CACHE/docker28/root}
SUITE=${DOCKER28_SUITE:-sid}
# containernetworking-plugins: the reference plugins at CNI 1.1.0 (GC, STATUS), for the CNIExec
# tests (Tests/CNIExecTests/ReferenceChainTests.swift); Debian 12's stop at 1.0.0.
PACKAGES=(docker.io docker-cli containerd tini-static containernetworking-plugins)
debs=$CACHE/docker28/debs
stamp=$DOCKER28_ROOT/.cnia-unpacked

if [ -f "$stamp" ] && [ -x "$DOCKER28_ROOT/usr/sbin/dockerd" ] && [ -x "$DOCKER28_ROOT/usr/lib/cni/bridge" ]; then echo "$DOCKER28_ROOT"; exit 0; fi

# The Debian archive mirror this machine already uses: the first URI of a non-security,
# non-updates Debian source, deb822 (.sources) or one-line (.list) format.
mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN{RS=""; IGNORECASE=1}
             /(^|\n)Types:[^\n]*deb( |$|\n)/ && /(^|\n)Suites:[ \t]*[a-z]+([ \t]|$|\n)/ {
               n=split($0, L, "\n");
               for (i=1;i<=n;i++) if (L[i] ~ /^URIs:/) { split(L[i], U, /[ \t]+/);
                 if (U[2] !~ /security/) { print U[2]; exit } } }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        sed -E 's/\[[^]]*\]//' "$f" | awk '$1=="deb" && $3 ~ /^[a-z]+$/ && $2 !~ /security/ {print $2}'
    done
}
MIRROR=${DOCKER28_MIRROR:-$(mirror | grep -i debian | head -1)}
[ -n "$MIRROR" ] || MIRROR=$(mirror | head -1)

have_all() {
    local p
    for p in "${PACKAGES[@]}"; do ls "$debs/${p}_"*.deb >/dev/null 2>&1 || return 1; done
}

if ! have_all; then
    [ -n "$MIRROR" ] || { echo "no Debian mirror found in /etc/apt/sources.list{,.d}" >&2; exit 1; }
    echo "fetching ${PACKAGES[*]} from $MIRROR $SUITE" >&2
    apt=$CACHE/docker28/apt
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$debs"
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    echo "deb [signed-by=$keyring] $MIRROR $SUITE main" > "$apt/sources.list"
    opts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
          -o Dir::State::Status="$apt/status" -o APT::Sandbox::User=root -qq)
    : > "$apt/status"
    apt-get "${opts[@]}" update >&2
    (cd "$debs" && apt-get "${opts[@]}" download "${PACKAGES[@]}" >&2)
fi

# Unpacking over a running engine deletes the binaries under it: refuse.
if pid=$(cat "${DOCKER28_PIDFILE:-/run/cnia-docker28.pid}" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then
    echo "Docker 28.5 runs from $DOCKER28_ROOT (pid $pid): scripts/docker28.sh stop, then run this again" >&2
    exit 1
fi
rm -rf "$DOCKER28_ROOT"; mkdir -p "$DOCKER28_ROOT"
for d in "$debs"/*.deb; do dpkg -x "$d" "$DOCKER28_ROOT"; done
# Unstable's runc link does not resolve here and its runc needs a newer glibc: never use it.
rm -f "$DOCKER28_ROOT/usr/bin/runc" "$DOCKER28_ROOT/usr/sbin/runc"
"$DOCKER28_ROOT/usr/sbin/dockerd" --version >&2
touch "$stamp"
echo "$DOCKER28_ROOT"
