#!/usr/bin/env python3
"""Bundled (Swift) bridge+IPAM vs reference bridge+host-local: ADD, CHECK, DEL per container,
interleaved, at several store sizes; peak RSS via /usr/bin/time. Run through run.sh (private
netns + mount ns). Traffic: none."""
import argparse, json, os, shutil, statistics, subprocess, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--reps", type=int, default=30)
ap.add_argument("--sizes", default="0,1000,5000")
ap.add_argument("--binary", default=os.environ.get("CNIA_BENCH_BINARY"))
ap.add_argument("--ref-dir", default="/usr/lib/cni")
ap.add_argument("--driver", default=os.environ.get("CNIA_BENCH_DRIVER"),
                help="cnia-bench, for the in-process row (the daemon's fast path); omit to skip it")
a = ap.parse_args()

S = os.path.join(tempfile.gettempdir(), "cnia-bench")
shutil.rmtree(S, ignore_errors=True)
os.makedirs(S + "/bin"); os.makedirs(S + "/netns")
for name in ("cni-adapter-bridge", "cni-adapter-ipam"):
    os.symlink(a.binary, f"{S}/bin/{name}")
subprocess.run(["iptables", "-P", "FORWARD", "DROP"], check=True)  # as on a Docker host

IMPLS = {
    "bundled": dict(plugin=f"{S}/bin/cni-adapter-bridge", path=f"{S}/bin", bridge="cniabench0", subnet="10.231",
                    ipam="cni-adapter-ipam"),
    "reference": dict(plugin=f"{a.ref_dir}/bridge", path=a.ref_dir, bridge="cniabench1", subnet="10.232",
                      ipam="host-local"),
}
# The bundled plugins called in process by cnia-bench (same code and JSON as the daemon's
# BuiltinPluginExecutor); its own bridge, subnet and store, prefilled in the bundled layout.
INPROC = dict(bridge="cniabench2", subnet="10.233", ipam="cni-adapter-ipam", path=f"{S}/bin")

def conf(impl, prev=None):
    i = INPROC if impl == "in-process" else IMPLS[impl]
    c = {"cniVersion": "1.0.0", "name": f"cniabench-{impl}", "type": "bridge", "bridge": i["bridge"],
         "isGateway": True, "ipam": {"type": i["ipam"], "dataDir": f"{S}/data-{impl}",
                                     "ranges": [[{"subnet": i["subnet"] + ".0.0/16"}]]}}
    if prev is not None: c["prevResult"] = prev
    return json.dumps(c).encode()

def call(impl, cmd, cid, netns, prev=None, rss=False):
    i = IMPLS[impl]
    env = dict(PATH="/usr/sbin:/usr/bin:/sbin:/bin", CNI_COMMAND=cmd, CNI_CONTAINERID=cid, CNI_NETNS=netns,
               CNI_IFNAME="eth0", CNI_PATH=i["path"], CNI_ARGS="")
    argv = ["/usr/bin/time", "-f", "%M", "-o", f"{S}/rss"] + [i["plugin"]] if rss else [i["plugin"]]
    t0 = time.perf_counter_ns()
    p = subprocess.run(argv, input=conf(impl, prev), env=env, capture_output=True)
    ms = (time.perf_counter_ns() - t0) / 1e6
    assert p.returncode == 0, (impl, cmd, p.stdout, p.stderr)
    kb = int(open(f"{S}/rss").read().split()[-1]) if rss else 0
    return ms, (json.loads(p.stdout) if cmd == "ADD" else None), kb

def prefill(impl, n):
    """n existing reservations, written as each store lays them out (fast, no plugin runs)."""
    d = f"{S}/data-{impl}/cniabench-{impl}"
    os.makedirs(d + "/attachments", exist_ok=True)
    base = (INPROC if impl == "in-process" else IMPLS[impl])["subnet"]
    for k in range(n):
        ip = f"{base}.{100 + k // 250}.{k % 250 + 2}"
        cid = f"pre{k}"
        with open(f"{d}/{ip}", "w") as f: f.write(f"{cid}\r\neth0")
        if impl != "reference":
            with open(f"{d}/attachments/{cid}@eth0", "w") as f: f.write(ip + "\n")

def netns(name):
    path = f"{S}/netns/{name}"
    open(path, "w").close()
    subprocess.run(["unshare", f"--net={path}", "true"], check=True)
    return path

def drop_netns(path):
    subprocess.run(["umount", path]); os.unlink(path)

def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

rows, have = [], {k: 0 for k in IMPLS}
for n in [int(x) for x in a.sizes.split(",")]:
    for impl in IMPLS:  # (re)fill to n: prefill writes pre0..pre(n-1), idempotently
        prefill(impl, n); have[impl] = n
    t = {impl: {"ADD": [], "CHECK": [], "DEL": [], "total": []} for impl in IMPLS}
    for r in range(a.reps + 2):  # 2 warm-ups (bridge creation, page cache)
        for impl in (IMPLS if r % 2 == 0 else reversed(list(IMPLS))):
            ns = netns(f"{impl}-{n}-{r}")
            cid = f"b{n}x{r}"
            add, res, _ = call(impl, "ADD", cid, ns)
            chk, _, _ = call(impl, "CHECK", cid, ns, prev=res)
            dele, _, _ = call(impl, "DEL", cid, ns, prev=res)
            drop_netns(ns)
            if r >= 2:
                for k, v in (("ADD", add), ("CHECK", chk), ("DEL", dele), ("total", add + chk + dele)):
                    t[impl][k].append(v)
    if a.driver:
        prefill("in-process", n)
        with open(f"{S}/inproc.json", "wb") as f: f.write(conf("in-process"))
        spaces = [(netns(f"inproc-{n}-{r}"), f"i{n}x{r}") for r in range(a.reps + 2)]
        p = subprocess.run([a.driver, "datapath", "--conf", f"{S}/inproc.json", "--cni-path", f"{S}/bin"]
                           + [f"{ns}={cid}" for ns, cid in spaces], capture_output=True, text=True,
                           env=dict(PATH="/usr/sbin:/usr/bin:/sbin:/bin"))
        assert p.returncode == 0, (p.stdout, p.stderr)
        for ns, _ in spaces: drop_netns(ns)
        t["in-process"] = {"ADD": [], "CHECK": [], "DEL": [], "total": []}
        for line in p.stdout.splitlines()[2:]:  # 2 warm-ups, as above
            add, chk, dele = (float(x) for x in line.split()[2:5])
            for k, v in (("ADD", add), ("CHECK", chk), ("DEL", dele), ("total", add + chk + dele)):
                t["in-process"][k].append(v)
    rss = {}
    for impl in IMPLS:
        ks = []
        for r in range(5):
            ns = netns(f"rss-{impl}-{n}-{r}")
            _, res, kb = call(impl, "ADD", f"r{n}x{r}", ns, rss=True)
            ks.append(kb)
            call(impl, "DEL", f"r{n}x{r}", ns, prev=res)
            drop_netns(ns)
        rss[impl] = statistics.median(ks)
    rows.append((n, t, rss))

print(f"\nADD+CHECK+DEL per container, ms (median / p95 of {a.reps}; exec interleaved, then in process); peak RSS of an ADD, MB")
print(f"{'allocs':>7} | {'impl':<9} | {'ADD':>11} | {'CHECK':>11} | {'DEL':>11} | {'ADD+CHECK+DEL':>15} | {'RSS':>5} | speedup")
for n, t, rss in rows:
    ref = statistics.median(t["reference"]["total"])
    for impl in t:
        x = t[impl]
        cell = lambda k: f"{statistics.median(x[k]):5.1f}/{pct(x[k], 95):5.1f}"
        sp = ref / statistics.median(x["total"])
        print(f"{n:>7} | {impl:<9} | {cell('ADD')} | {cell('CHECK')} | {cell('DEL')} | {cell('total'):>15} | "
              f"{rss[impl] / 1024 if impl in rss else float('nan'):5.1f} | {sp:5.1f}x")
shutil.rmtree(S, ignore_errors=True)
