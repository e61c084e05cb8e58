#!/usr/bin/env python3
"""Derives the call sequences `cnm-adapter conformance` replays from the recorded Docker traces.

Each sequence is a list of requests exactly as one engine sent them (body bytes, key order, trailing
newline), with the IDs, pools and addresses of the recording replaced by placeholders that the runner
fills in at run time ({{net1}}, {{ep1}}, {{pool1.id}}, {{addr1.ip}}, ...), and the recording's
subnets moved into 10.231.40.0/22 (and one ULA /64) so a run never asks for someone else's range.

Run from the repository root after a trace changes:
    scripts/derive-conformance-sequences.py
It rewrites Sources/Conformance/Sequences/<engine>/*.json and
Sources/Conformance/RecordedSequences+Fixtures.swift (the same JSON, compiled in: no Bundle without
Foundation). ConformanceTests checks the two agree.
"""
import json, os, re, sys

TRACES = {"20.10": "Tests/CNMRemoteAPITests/Fixtures/docker-20.10-trace.jsonl",
          "28.5": "Tests/CNMRemoteAPITests/Fixtures/docker-28.5-trace.jsonl"}
HOST = {"20.10": "", "28.5": "plugin.moby.localhost"}

# Recorded subnet prefixes -> ours (string prefix replacement inside literal request values).
SUBNETS = [("10.213.0.", "10.231.40."), ("10.215.0.", "10.231.41."), ("10.216.0.", "10.231.42."),
           ("10.217.0.", "10.231.43."), ("fd00:213::", "fd31:cafe:4028::")]

# name, description, [(step id, mode)], requires. mode: "all", "registration" (the argument-less
# calls that start the step), "rest" (the step minus those), "related" (only calls about objects the
# sequence already has: its network, pools, endpoints, addresses).
SEQUENCES = [
    ("registration", "plugin activation: Activate, both GetCapabilities, GetDefaultAddressSpaces",
     [("01", "registration")], []),
    ("network", "docker network create --subnet, then docker network rm",
     [("01", "rest"), ("65", "all")], []),
    ("container", "network create; docker run -d (c2); docker stop (c2); network rm",
     [("01", "rest"), ("10", "all"), ("44", "all"), ("65", "all")], []),
    ("static-ip", "docker run --ip (c3) and its docker rm -f",
     [("01", "rest"), ("17", "all"), ("50", "related"), ("65", "all")], []),
    ("gateway-aux", "network create --gateway --ip-range --aux-address, then rm",
     [("06", "all"), ("67", "all")], []),
    ("overlap-probe", "network create without --subnet where Docker asks for a pool twice (overlap probing)",
     [("08", "all"), ("69", "related")], []),
    ("ipv6-auto", "network create --ipv6 without subnets: the IPAM picks a v4 and a v6 pool",
     [("05", "all"), ("69", "related")], []),
    ("ipv6-container", "--ipv6 network with v4+v6 subnets, docker run, docker stop, network rm",
     [("04", "all"), ("21", "all"), ("48", "all"), ("66", "all")], []),
    ("restart-replay", "daemon restart: re-activation and the IPAM replay of an existing network",
     [("01", "rest"), ("53", "related"), ("65", "all")], ["RequiresRequestReplay"]),
]

NO_BODY = {"Plugin.Activate", "NetworkDriver.GetCapabilities", "IpamDriver.GetCapabilities",
           "IpamDriver.GetDefaultAddressSpaces"}


def method(r):
    return r["request"]["path"].lstrip("/")


def load(path):
    out = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r["plugin"] == "cnmtrace":
                out.append(r)
    return out


def step_id(r):
    return r["step"].split()[0]


def body(r):
    raw = r["request"]["body_raw"]
    return json.loads(raw) if raw.strip() else None  # dicts keep Docker's key order


class Derivation:
    def __init__(self):
        self.values = {}        # recorded value -> placeholder
        self.counters = {}
        self.ids = set()         # network/endpoint ids, pool ids, pools, addresses (bare) seen
        self.endpoint_addrs = set()

    def fresh(self, kind):
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return "%s%d" % (kind, self.counters[kind])

    def related(self, r):
        m = method(r)
        b = r["request"]["body"] or {}
        if m in NO_BODY:
            return True
        if "EndpointID" in b:
            return b["EndpointID"] in self.ids
        if m == "IpamDriver.ReleaseAddress":
            return b.get("Address") in self.ids
        if m == "IpamDriver.RequestAddress":
            return b.get("PoolID") in self.ids and b.get("Address", "") != ""
        if m == "IpamDriver.RequestPool":
            return b.get("Pool") in self.ids
        if m == "IpamDriver.ReleasePool":
            return b.get("PoolID") in self.ids
        if "NetworkID" in b:
            return b["NetworkID"] in self.ids
        return False

    def transform(self, value, key=None):
        if isinstance(value, dict):
            return {k: self.transform(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.transform(v) for v in value]
        if isinstance(value, str):
            if value in self.values:
                return "{{%s}}" % self.values[value]
            if key in ("NetworkID", "EndpointID") and re.fullmatch(r"[0-9a-f]{64}", value):
                name = self.fresh("net" if key == "NetworkID" else "ep")
                self.values[value] = name
                self.ids.add(value)
                return "{{%s}}" % name
            for old, new in SUBNETS:
                value = value.replace(old, new)
            return value
        return value

    def learn(self, r, call):
        """Binds placeholders to the values the recorded answer carried."""
        m = method(r)
        resp = r["response"]["body"] or {}
        bind = {}
        if m == "IpamDriver.RequestPool" and "PoolID" in resp:
            name = self.fresh("pool")
            for key, suffix in (("PoolID", "id"), ("Pool", "cidr")):
                self.values.setdefault(resp[key], "%s.%s" % (name, suffix))
                bind[key] = self.values[resp[key]]
                self.ids.add(resp[key])
        elif m == "IpamDriver.RequestAddress" and resp.get("Address"):
            addr = resp["Address"]
            name = self.values.get(addr) or self.fresh("addr")
            self.values[addr] = name
            self.values[addr.split("/")[0]] = name + ".ip"
            self.ids.add(addr.split("/")[0])
            bind["Address"] = name
        if bind:
            call["bind"] = bind


def derive(engine, records, steps):
    d = Derivation()
    calls, ns = [], []
    for sid, mode in steps:
        chosen = [r for r in records if step_id(r) == sid]
        if not chosen:
            sys.exit("%s: no step %s" % (engine, sid))
        if mode == "registration":
            lead = []
            for r in chosen:
                if method(r) not in NO_BODY:
                    break
                lead.append(r)
            chosen = lead
        elif mode == "rest":
            chosen = [r for r in chosen if method(r) not in NO_BODY or method(r) == "IpamDriver.GetDefaultAddressSpaces"]
            while chosen and method(chosen[0]) in NO_BODY and all(method(x) in NO_BODY for x in chosen[:1]) \
                    and method(chosen[0]) != "IpamDriver.GetDefaultAddressSpaces":
                chosen.pop(0)
            if sid == "01" and engine == "20.10":
                chosen = [r for r in chosen if method(r) not in NO_BODY]
        for i, r in enumerate(chosen):
            if mode == "related":
                if method(r) == "IpamDriver.GetDefaultAddressSpaces":
                    # 28.5 asks before each replayed RequestPool: keep it with the pool it precedes.
                    nxt = chosen[i + 1] if i + 1 < len(chosen) else None
                    if nxt is None or method(nxt) != "IpamDriver.RequestPool" or not d.related(nxt):
                        continue
                elif not d.related(r):
                    continue
            b = body(r)
            text = "" if b is None else json.dumps(d.transform(b), separators=(",", ":")) + "\n"
            call = {"n": r["n"], "path": r["request"]["path"], "body": text}
            d.learn(r, call)
            calls.append(call)
            ns.append(r["n"])
    # Endpoint scope: calls about an endpoint, and the addresses its CreateEndpoint carries.
    ep_addrs = set()
    for c in calls:
        if c["path"] == "/NetworkDriver.CreateEndpoint":
            ep_addrs.update(re.findall(r"\{\{(addr\d+)\}\}", c["body"]))
    for c in calls:
        scope = "network"
        if "{{ep" in c["body"]:
            scope = "endpoint"
        elif c.get("bind", {}).get("Address") in ep_addrs:
            scope = "endpoint"
        elif c["path"] == "/IpamDriver.ReleaseAddress" and any("{{%s.ip}}" % a in c["body"] for a in ep_addrs):
            scope = "endpoint"
        c["scope"] = scope
    for c in calls:
        leftover = re.findall(r"10\.2[0-9][0-9]\.\d+\.\d+|fd00:[0-9a-f:]+", c["body"].replace("10.231.", "x"))
        if leftover:
            sys.exit("%s n=%d: unmapped address %s" % (engine, c["n"], leftover))
    return calls, ns


def main():
    out_dir = "Sources/Conformance/Sequences"
    swift = ["// Generated by scripts/derive-conformance-sequences.py from the recorded traces; do not edit.",
             "// The same JSON as Sources/Conformance/Sequences/<engine>/*.json, compiled in.", "",
             "extension RecordedSequence {",
             "    /// The JSON text of every recorded sequence, by engine, in run order.",
             "    static let fixtures: [(engine: String, json: String)] = ["]
    for engine, path in TRACES.items():
        records = load(path)
        os.makedirs(os.path.join(out_dir, engine), exist_ok=True)
        for index, (name, desc, steps, requires) in enumerate(SEQUENCES):
            calls, ns = derive(engine, records, steps)
            doc = {"name": name, "engine": engine, "description": desc,
                   "derivedFrom": "%s steps %s (n=%s)" % (os.path.basename(path), ", ".join(s for s, _ in steps),
                                                          ",".join(map(str, ns))),
                   "host": HOST[engine], "requires": requires, "calls": calls}
            text = json.dumps(doc, indent=1) + "\n"
            with open(os.path.join(out_dir, engine, "%02d-%s.json" % (index + 1, name)), "w") as f:
                f.write(text)
            swift.append("        (\"%s\", #\"\"\"\n%s\"\"\"#)," % (engine, text))
    swift += ["    ]", "}", ""]
    with open("Sources/Conformance/RecordedSequences+Fixtures.swift", "w") as f:
        f.write("\n".join(swift))


if __name__ == "__main__":
    main()
