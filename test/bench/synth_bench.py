#!/usr/bin/env python3
"""Synth benchmark: wall time and peak RSS of synthesizing the tutorial app, JVM and jsii
start included, as `cdk synth` runs it: cdk.json's "app" command, through a shell.

Peak RSS is the largest sum of resident memory over the whole process tree (the JVM and the
node process jsii starts), sampled every 20 ms from /proc.

Usage: test/bench/synth_bench.py [RUNS]   (from the repository root, after `mvn install`)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root_pid):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (FileNotFoundError, ProcessLookupError):
            pass
        stack.extend(children.get(pid, []))
    return total


def run_once():
    with tempfile.TemporaryDirectory(prefix="spotkube-bench-") as outdir:
        env = dict(os.environ, CDK_OUTDIR=outdir, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION="1")
        start = time.monotonic()
        with open("cdk.json") as f:
            app = json.load(f)["app"]
        process = subprocess.Popen(["sh", "-c", app], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)
        wall = time.monotonic() - start
        if process.returncode != 0:
            sys.exit("synth failed: " + process.stderr.read().decode()[-2000:])
        if not os.path.exists(os.path.join(outdir, "SpotKopsCluster.template.json")):
            sys.exit("synth wrote no SpotKopsCluster.template.json")
        return wall, peak


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    results = [run_once() for _ in range(runs)]
    walls = [wall for wall, _ in results]
    peaks = [peak / 2**20 for _, peak in results]
    for i, (wall, peak) in enumerate(results, 1):
        print(f"run {i}: wall {wall:.2f} s, peak RSS {peak / 2**20:.0f} MiB")
    print(f"synth of the tutorial app, {runs} runs: wall median {statistics.median(walls):.2f} s "
          f"(min {min(walls):.2f}, max {max(walls):.2f}); peak RSS median {statistics.median(peaks):.0f} MiB "
          f"(max {max(peaks):.0f})")
    print(f"targets: wall < 10 s {'met' if statistics.median(walls) < 10 else 'NOT met'}, "
          f"peak RSS < 1536 MiB {'met' if max(peaks) < 1536 else 'NOT met'}")


if __name__ == "__main__":
    main()
