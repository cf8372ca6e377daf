#!/usr/bin/python3
"""tests/ops/metrics_check.py -- checks a scrape of zhucun-server's /metrics (a file) against
the Prometheus text exposition format 0.0.4, line by line, then parses it again with Debian's
python3-prometheus-client as a second reader.

    metrics_check.py SCRAPE [SERIES>=N ...]

Each SERIES>=N (e.g. 'zhucun_requests_total{call="Login",status="OK"}>=1') must be in the
scrape with a value of at least N. Prints one line and exits 0, or prints every problem with
its line number and exits 1.
"""
import math
import re
import sys

from prometheus_client.parser import text_string_to_metric_families

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
VALUE = r"(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]Inf|NaN)"
SAMPLE = re.compile(rf"^({NAME})(?:\{{((?:{LABEL})(?:,{LABEL})*)?,?\}})? ({VALUE})(?: -?\d+)?$")
HELP = re.compile(rf"^# HELP ({NAME}) (.*)$")
TYPE = re.compile(rf"^# TYPE ({NAME}) (counter|gauge|histogram|summary|untyped)$")
SUFFIXES = {"counter": ("",), "gauge": ("",), "histogram": ("_bucket", "_sum", "_count")}


def labels_of(text):
    return dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', text or ""))


def check(text):
    problems = []
    if not text.endswith("\n"):
        problems.append("the scrape does not end with a newline")
    helps, types, samples = {}, {}, {}
    family = None
    buckets = {}  # (family, labels without le) -> [(le, count)]
    counts = {}
    for no, line in enumerate(text.split("\n")[:-1], 1):
        m = HELP.match(line)
        if m:
            if m.group(1) in helps:
                problems.append(f"{no}: HELP of {m.group(1)} again")
            helps[m.group(1)] = no
            family = m.group(1)
            continue
        m = TYPE.match(line)
        if m:
            name, kind = m.groups()
            if name in types:
                problems.append(f"{no}: TYPE of {name} again")
            if name not in helps:
                problems.append(f"{no}: TYPE of {name} without its HELP before it")
            if not name.startswith("zhucun_"):
                problems.append(f"{no}: {name} is not named zhucun_*")
            if kind == "counter" and not name.endswith("_total"):
                problems.append(f"{no}: counter {name} does not end in _total")
            types[name] = kind
            family = name
            continue
        m = SAMPLE.match(line)
        if not m:
            problems.append(f"{no}: not a sample, HELP or TYPE line: {line!r}")
            continue
        name, labels, value = m.groups()
        kind = types.get(family)
        if kind is None or not any(name == family + s for s in SUFFIXES.get(kind, ("",))):
            problems.append(f"{no}: {name} is outside its family ({family})")
            continue
        key = line.rsplit(" ", 1)[0]
        if key in samples:
            problems.append(f"{no}: {key} twice")
        samples[key] = float(value)
        lab = labels_of(labels)
        if name.endswith("_bucket"):
            le = lab.pop("le", None)
            if le is None:
                problems.append(f"{no}: a bucket without le")
                continue
            series = (family, tuple(sorted(lab.items())))
            buckets.setdefault(series, []).append((math.inf if le == "+Inf" else float(le), float(value)))
        elif kind == "histogram" and name.endswith("_count"):
            counts[(family, tuple(sorted(lab.items())))] = float(value)
    for series, bs in buckets.items():
        les = [le for le, _ in bs]
        if les != sorted(les) or les[-1] != math.inf:
            problems.append(f"{series}: buckets not in order or without +Inf")
        if [c for _, c in bs] != sorted(c for _, c in bs):
            problems.append(f"{series}: bucket counts not cumulative")
        if counts.get(series) != bs[-1][1]:
            problems.append(f"{series}: _count {counts.get(series)} is not the +Inf bucket {bs[-1][1]}")
    return problems, samples, types


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    problems, samples, types = check(text)
    try:
        parsed = list(text_string_to_metric_families(text))
    except ValueError as e:
        problems.append(f"prometheus_client could not parse it: {e}")
        parsed = []
    for want in sys.argv[2:]:
        series, _, least = want.partition(">=")
        if samples.get(series, -1) < float(least):
            problems.append(f"{series} is {samples.get(series, 'missing')}, wanted at least {least}")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"metrics_check: {len(samples)} samples in {len(types)} families, format 0.0.4 valid "
          f"({len(parsed)} families read by prometheus_client)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
