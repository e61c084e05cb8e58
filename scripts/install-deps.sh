#!/usr/bin/env bash
# Installs the Debian packages cni-adapter builds and runs with. Idempotent: apt runs only
# when something is missing.
set -euo pipefail
packages=(docker.io containernetworking-plugins busybox-static iptables iproute2 libmnl-dev libcurl4-openssl-dev pkg-config procps)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "swift toolchain not on PATH (expected /opt/swift)"; exit 1; }
