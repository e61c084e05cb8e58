#!/usr/bin/env bash
# Issue 7: dockerd restarted under running cni-adapter containers, with live-restore on and off.
# Docker's IPAM replay must leave no pool or address leaked or duplicated, containers with a
# restart policy come back with their static address, and the networks stay usable.
#
# dockerd is restarted only when scripts/start-dockerd.sh started it (its recorded PID): the
# restart stops every container on the engine when live-restore is off. The 28.5 engine lives in
# a mount namespace that ends with its dockerd (scripts/docker28.sh), so it is not restarted.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap finish EXIT
D=$DOCKER

if [ "$ENGINE" != 20.10 ] || [ "$MODE" != socket ]; then
    say "skip - dockerd restarts run on the 20.10 engine with the socket plugin"
    exit 0
fi
dockerd_pid=$(cat /run/cnia-dockerd.pid 2>/dev/null || true)
if [ -z "$dockerd_pid" ] || [ "$(readlink "/proc/$dockerd_pid/exe" 2>/dev/null)" != /usr/sbin/dockerd ]; then
    say "skip - the running dockerd was not started by scripts/start-dockerd.sh; not restarting someone else's"
    exit 0
fi
# Whatever happens, leave the engine running with its usual flags.
EXTRA_CLEANUP+=("grep -q -- --live-restore /proc/\$(cat /run/cnia-dockerd.pid)/cmdline && $ROOT/scripts/start-dockerd.sh --restart")

run() { local name=$1; shift; "$D" run -d --name "$E2E_PREFIX-$name" "$@" "$IMAGE" sleep 3600 >/dev/null; }
running() { [ "$("$D" inspect -f '{{.State.Running}}' "$E2E_PREFIX-$1" 2>/dev/null)" = true ]; }
# Waits (bounded) until a container with a restart policy is running again after dockerd starts.
wait_running() { for _ in $(seq 1 150); do running "$1" && return 0; sleep 0.2; done; return 1; }
pid_of() { "$D" inspect -f '{{.State.Pid}}' "$E2E_PREFIX-$1"; }
ping_ok() { in_ctr "$E2E_PREFIX-$1" ping -c 1 -W 3 "$2"; }
# Addresses the adapter's IPAM holds (the IPAM driver's book), one per line.
ipam_addresses() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [print(a) for p in d.get("pools",{}).values() for a in p.get("allocated",[])]' "$STATE/ipam.json" 2>/dev/null | sort; }
ipam_pools() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [print(k) for k in d.get("pools",{})]' "$STATE/ipam.json" 2>/dev/null | sort; }

start_adapter || exit 1
N=$E2E_NET16.60
check "network with a subnet" "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" --subnet $N.0/24 $E2E_PREFIX-ra
check "network whose pool the IPAM picks" "$D" network create -d "$PLUGIN" --ipam-driver "$PLUGIN" $E2E_PREFIX-rb
check "always-restart container with a static address" run s1 --restart always --network $E2E_PREFIX-ra --ip $N.10
check "plain container on the same network" run s2 --network $E2E_PREFIX-ra
check "unless-stopped container on the picked pool" run s3 --restart unless-stopped --network $E2E_PREFIX-rb
S2=$(ip_of $E2E_PREFIX-s2 $E2E_PREFIX-ra)
POOL_B=$("$D" network inspect -f '{{(index .IPAM.Config 0).Subnet}}' $E2E_PREFIX-rb)
POOLS_BEFORE=$(ipam_pools)

# --- a daemon without live-restore stops: containers stop, those with a restart policy come back ---
# live-restore protects containers only when the daemon being stopped has it, so this restart
# (of the daemon started without it) is the "off" case; the new daemon runs with --live-restore.
check "dockerd restarted (the stopped daemon had no live-restore)" "$ROOT/scripts/start-dockerd.sh" --restart --live-restore
check "s1 (restart always) runs again" wait_running s1
check "s3 (unless-stopped) runs again" wait_running s3
fails "s2 (no restart policy) stayed stopped" running s2
expect_eq "s1 kept its static address" $N.10 "$(ip_of $E2E_PREFIX-s1 $E2E_PREFIX-ra)"
expect_eq "no pool leaked or added by Docker's replay" "$POOLS_BEFORE" "$(ipam_pools)"
check "s2 starts again" "$D" start $E2E_PREFIX-s2
S2=$(ip_of $E2E_PREFIX-s2 $E2E_PREFIX-ra)
check "s1 reaches s2" ping_ok s1 "$S2"
S3=$(ip_of $E2E_PREFIX-s3 $E2E_PREFIX-rb)
check "a new container on the picked pool reaches s3" bash -c "$(declare -f run ping_ok in_ctr); D='$D' IMAGE='$IMAGE' E2E_PREFIX='$E2E_PREFIX'; run n2 --network $E2E_PREFIX-rb && ping_ok n2 '$S3'"
# Each live endpoint holds one address and each network its gateway: nothing doubled, nothing stale.
expect_eq "IPAM holds exactly the live addresses and the gateways" \
    "$(printf '%s\n' $N.1 $N.10 "$S2" "$(ip_of $E2E_PREFIX-n2 $E2E_PREFIX-rb)" "$S3" \
        "$("$D" network inspect -f '{{(index .IPAM.Config 0).Gateway}}' $E2E_PREFIX-rb)" | sort)" \
    "$(ipam_addresses | sed 's#/.*##' | sort)"
expect_eq "one staging namespace per running endpoint" 4 "$(eng ls "$NETNS_DIR" | grep -cE "$(our_names)")"

# --- a daemon with live-restore stops: the containers keep running through the restart -------------
PIDS_BEFORE="$(pid_of s1) $(pid_of s2) $(pid_of s3) $(pid_of n2)"
check "dockerd restarted with --live-restore on both sides" "$ROOT/scripts/start-dockerd.sh" --restart --live-restore
expect_eq "live-restore: the same container processes still run" "$PIDS_BEFORE" "$(pid_of s1) $(pid_of s2) $(pid_of s3) $(pid_of n2)"
check "live-restore: s1 still reaches s2" ping_ok s1 "$S2"
check "live-restore: a new container starts on the network" run n1 --network $E2E_PREFIX-ra
N1=$(ip_of $E2E_PREFIX-n1 $E2E_PREFIX-ra)
check "live-restore: the new container reaches an old one" ping_ok n1 "$S2"
expect_eq "live-restore: the picked pool is unchanged" "$POOL_B" "$("$D" network inspect -f '{{(index .IPAM.Config 0).Subnet}}' $E2E_PREFIX-rb)"
expect_eq "live-restore: addresses distinct (s1 s2 n1)" 3 "$(printf '%s\n' $N.10 "$S2" "$N1" | sort -u | wc -l)"
check "live-restore: removing the new container" "$D" rm -f $E2E_PREFIX-n1
expect_eq "live-restore: one staging namespace per running endpoint" 4 "$(eng ls "$NETNS_DIR" | grep -cE "$(our_names)")"

# --- remove everything: nothing of ours is left ---------------------------------------------------
check "containers removed" "$D" rm -f $E2E_PREFIX-s1 $E2E_PREFIX-s2 $E2E_PREFIX-s3 $E2E_PREFIX-n2
check "networks removed" "$D" network rm $E2E_PREFIX-ra $E2E_PREFIX-rb
expect_eq "no residue after dockerd restarts" "" "$(residue)"
expect_eq "no pool left in the IPAM" "" "$(ipam_pools)"
