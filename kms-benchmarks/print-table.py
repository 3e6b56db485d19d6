#!/usr/bin/env python3
"""Prints JMH results of the kms4j benchmarks as Markdown tables.

Usage: print-table.py RESULT.json... [--earlier RESULT.json]...

For each result file (one JMH run, one thread count) it pairs every kms4j benchmark with its raw
baseline and prints kms4j ops/s, raw ops/s, the ratio kms4j/raw against the target, and whether
the verdict is clear of the measurement error. When results for -t 1 and -t 2 are both present
(--earlier files count only for this), it also prints how each benchmark scales to two threads.

Pairing convention (see dev.kms4j.bench): in one class, method kms4j<Op>[<Variant>] is compared
with raw<Op>, e.g. kms4jSign and kms4jSignOnDisk with rawSign.

Standard library only, so it runs wherever python3 does.
"""
import argparse
import datetime
import json
import math
import os
import sys

RATIO_TARGET = 0.90      # DESIGN.md: local sign/verify/encrypt >= 90 % of the raw primitive
SCALING_TARGET = 1.8     # DESIGN.md: two threads >= 1.8x one thread on CPU-bound paths


def load(path):
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    results = {}
    threads = None
    for run in runs:
        cls, _, method = run["benchmark"].rpartition(".")
        cls = cls.rpartition(".")[2]
        params = run.get("params") or {}
        if params:
            method += "[" + ",".join(f"{k}={v}" for k, v in sorted(params.items())) + "]"
        metric = run["primaryMetric"]
        results[(cls, method)] = (to_float(metric["score"]), to_float(metric["scoreError"]),
                                  metric["scoreUnit"])
        threads = run["threads"]
    return {"path": path, "threads": threads, "results": results, "runs": runs}


def to_float(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan   # JMH writes "NaN" when there are too few iterations for an error


def ops(score, error):
    if math.isnan(error):
        return f"{score:,.0f}"
    return f"{score:,.0f} ± {error:,.0f}"


def split_method(method):
    """('kms4j', 'SignOnDisk') for kms4jSignOnDisk; (None, method) for anything else."""
    for prefix in ("kms4j", "raw"):
        if method.startswith(prefix) and len(method) > len(prefix) and method[len(prefix)].isupper():
            return prefix, method[len(prefix):]
    return None, method


def pairs(results):
    raws = {}
    for (cls, method) in results:
        kind, op = split_method(method)
        if kind == "raw":
            raws.setdefault(cls, []).append(op)
    out = []
    for (cls, method) in sorted(results):
        kind, op = split_method(method)
        if kind != "kms4j":
            continue
        # Longest raw op that this kms4j op starts with: SignOnDisk -> Sign.
        candidates = [r for r in raws.get(cls, []) if op.startswith(r)]
        raw = max(candidates, key=len) if candidates else None
        out.append((cls, method, None if raw is None else "raw" + raw))
    return out


def ratio_table(data):
    results = data["results"]
    lines = [
        "| benchmark | kms4j ops/s | raw ops/s | kms4j/raw | range from errors | target | result |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for cls, method, raw_method in pairs(results):
        k, ek, _ = results[(cls, method)]
        name = f"{cls.removesuffix('Benchmark')}.{method.removeprefix('kms4j')}"
        if raw_method is None or (cls, raw_method) not in results:
            lines.append(f"| {name} | {ops(k, ek)} | (no raw result) | | | | |")
            continue
        r, er, _ = results[(cls, raw_method)]
        ratio = k / r
        verdict = "pass" if ratio >= RATIO_TARGET else "FAIL"
        if math.isnan(ek) or math.isnan(er):
            # One measurement iteration: JMH gives no error, so nothing can be said about noise.
            span = "n/a"
            verdict += " (no error estimate)"
        else:
            # Worst and best case of the ratio with both scores at the ends of their 99.9 % intervals.
            lo = max(0.0, (k - ek) / (r + er))
            hi = (k + ek) / (r - er) if r > er else math.inf
            span = f"{lo:.0%} – {hi:.0%}" if hi != math.inf else f"≥ {lo:.0%}"
            if lo < RATIO_TARGET <= hi:
                verdict += " (within error)"
        lines.append(f"| {name} | {ops(k, ek)} | {ops(r, er)} | {ratio:.1%} | "
                     f"{span} | ≥ {RATIO_TARGET:.0%} | {verdict} |")
    return "\n".join(lines)


def scaling_table(one, two):
    lines = [
        "| benchmark | ops/s, 1 thread | ops/s, 2 threads | 2 threads / 1 thread | target | result |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for key in sorted(set(one["results"]) & set(two["results"])):
        cls, method = key
        s1, e1, _ = one["results"][key]
        s2, e2, _ = two["results"][key]
        scale = s2 / s1
        verdict = "pass" if scale >= SCALING_TARGET else "FAIL"
        lines.append(f"| {cls.removesuffix('Benchmark')}.{method} | {ops(s1, e1)} | {ops(s2, e2)} | "
                     f"{scale:.2f}× | ≥ {SCALING_TARGET}× | {verdict} |")
    return "\n".join(lines)


def settings(data):
    run = data["runs"][0]
    return (f"JMH {run.get('jmhVersion', '?')}, {run['mode']}, threads {run['threads']}, "
            f"forks {run['forks']}, warmup {run['warmupIterations']} × {run['warmupTime']}, "
            f"measurement {run['measurementIterations']} × {run['measurementTime']}, "
            f"JDK {run.get('jdkVersion', '?')} ({run.get('vmName', '?')} {run.get('vmVersion', '')})")


def stamp(path):
    return datetime.datetime.fromtimestamp(os.path.getmtime(path)).strftime("%Y-%m-%d %H:%M")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", help="JMH JSON result files of this run")
    parser.add_argument("--earlier", action="append", default=[],
                        help="result file of an earlier run, used only for the scaling table")
    args = parser.parse_args(argv)

    current = [load(p) for p in args.results]
    earlier = [load(p) for p in args.earlier if os.path.exists(p)]
    for data in current:
        if not data["runs"]:
            print(f"{data['path']}: no results")
            continue
        print(f"## kms4j versus raw primitive, {data['threads']} thread(s)")
        print(f"{settings(data)}; results {stamp(data['path'])}")
        print()
        print(ratio_table(data))
        print()
        print("Errors are JMH's 99.9 % intervals over the iterations of one fork. They do not include")
        print("fork-to-fork variance (JIT decisions, the host), which on a small shared machine can")
        print("exceed 20 %: rerun the pair with -f 3 before acting on a difference.")
        print()

    by_threads = {}
    for data in earlier + current:   # current runs win over earlier ones
        if data["runs"]:
            by_threads[data["threads"]] = data
    if 1 in by_threads and 2 in by_threads:
        print("## Scaling from 1 to 2 threads")
        print(f"1 thread: results {stamp(by_threads[1]['path'])}; "
              f"2 threads: results {stamp(by_threads[2]['path'])}")
        print()
        print(scaling_table(by_threads[1], by_threads[2]))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
