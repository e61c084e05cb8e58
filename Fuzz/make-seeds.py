#!/usr/bin/env python3
"""Regenerates the trace-derived seeds in Fuzz/Corpus from the captured Docker traces.

    Fuzz/make-seeds.py [TRACE.jsonl ...]   (default: Tests/CNMRemoteAPITests/Fixtures/*.jsonl)

http-parser gets each distinct request as Docker sent it (request line, headers, body);
docker-requests gets "<Interface>.<Method>\\n<body>", the input format of that target.
Requests are kept once per call and body shape (keys and value types), which turns ~900
records into a few dozen seeds; names are a hash of the content, so rerunning only adds what is
new. The hand-written seeds (hand-*) are kept as they are.
"""
import glob
import hashlib
import json
import os
import sys

root = os.path.dirname(os.path.abspath(__file__))
traces = sys.argv[1:] or sorted(glob.glob(os.path.join(root, "..", "Tests", "CNMRemoteAPITests", "Fixtures", "*.jsonl")))


def write(target, data):
    directory = os.path.join(root, "Corpus", target)
    os.makedirs(directory, exist_ok=True)
    name = "trace-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def shape(value):
    if isinstance(value, dict):
        return "{" + ",".join(k + ":" + shape(v) for k, v in sorted(value.items())) + "}"
    if isinstance(value, list):
        return "[" + ",".join(sorted(set(shape(v) for v in value))) + "]"
    return type(value).__name__


seen = set()
for trace in traces:
    with open(trace) as f:
        for line in f:
            request = json.loads(line)["request"]
            key = (request["path"], shape(request["body"]), request["body_parse_error"])
            if key in seen:
                continue
            seen.add(key)
            body = request["body_raw"].encode()
            head = "%s %s %s\r\n" % (request["method"], request["path"], request["http_version"])
            head += "".join("%s: %s\r\n" % (name, value) for name, value in request["headers"])
            write("http-parser", head.encode() + b"\r\n" + body)
            write("docker-requests", request["path"].lstrip("/").encode() + b"\n" + body)
