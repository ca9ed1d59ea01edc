#!/usr/bin/env python3
"""How time and peak memory grow with history length and thread count.

Usage:
    python3 benches/scale.py REPO... [--runs 1] [--jobs 1 2] [--rungs PATH]

For each repository (typically synthetic ones of growing size built with
`benches/synth.py --commits N`), measures with the helpers of e2e.py:
  * `git log --numstat --no-renames --no-merges` (the baseline);
  * `rungs scan REPO --jobs J` for every J of --jobs (the default scan, with rules).
Commands alternate round-robin within a repository, `--runs` times each.

Printed at the end: a Markdown table per repository size with the median
seconds, microseconds per commit, peak RSS (and how much of it was anonymous
memory, sampled from /proc, rather than mapped pack files) and the ratio to
git; then, between
consecutive sizes, the growth exponent of time and of peak memory
(log(t2/t1) / log(n2/n1): 1.0 is linear, above 1 worse than linear).
Standard library only.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import e2e  # noqa: E402  (the helpers of the end-to-end benchmark)


def run_sampled(argv: list[str], env: dict, cwd: str) -> tuple[float, int, int, int, str, float]:
    """Run argv like e2e.run_once, sampling /proc/PID/status every 20 ms.

    Returns seconds, peak RSS (KiB, from wait4), the largest anonymous RSS
    sampled (KiB: heap and stacks, what the process allocated), exit code,
    stderr and the CPU seconds other processes used. The difference between the
    two peaks is file-backed memory: mostly the pack files, which rungs (like
    git) maps and reads; the kernel drops those pages under pressure.
    """
    with tempfile.TemporaryFile(dir=cwd) as err:
        cpu0 = e2e.busy_cpu_seconds()
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=env, cwd=cwd)
        anon = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                with open(f"/proc/{proc.pid}/status") as f:
                    for line in f:
                        if line.startswith("RssAnon:"):
                            anon = max(anon, int(line.split()[1]))
            except OSError:
                pass
            time.sleep(0.02)
        seconds = time.perf_counter() - t0
        others = e2e.busy_cpu_seconds() - cpu0 - usage.ru_utime - usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    return seconds, usage.ru_maxrss, anon, proc.returncode, stderr, max(others, 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repos", type=Path, nargs="+")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rungs", help="the binary (default: target/release/rungs)")
    args = ap.parse_args()

    binary = e2e.ensure_binary(args.rungs)
    rows = []  # (commits, label, median s, median peak KiB, git median s)
    with tempfile.TemporaryDirectory(prefix="rungs-scale-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = e2e.clean_env(str(home))
        for repo in args.repos:
            repo = repo.resolve()
            e2e.fix_bare(repo, env, tmp)
            commits = int(e2e.git_out(["-C", str(repo), "rev-list", "--count", "HEAD"], env, tmp))
            e2e.warm_cache(repo, env, tmp)
            commands = [("git", ["git", "-C", str(repo), "log", "--numstat", "--no-renames",
                                 "--no-merges"])]
            for jobs in args.jobs:
                commands.append((f"rungs --jobs {jobs}",
                                 [str(binary), "scan", str(repo), "--format", "json", "-o",
                                  str(Path(tmp) / "report.json"), "--quiet", "--jobs", str(jobs)]))
            times = {label: [] for label, _ in commands}
            peaks = {label: [] for label, _ in commands}
            anons = {label: [] for label, _ in commands}
            busy = 0.0
            for run in range(args.runs):
                for label, argv in commands:
                    seconds, peak, anon, code, stderr, others = run_sampled(argv, env, tmp)
                    if code != 0:
                        sys.exit(f"scale: {label} on {repo} failed ({code}):\n{stderr}")
                    times[label].append(seconds)
                    peaks[label].append(peak)
                    anons[label].append(anon)
                    busy += others
                    print(f"{repo.name} run {run + 1} {label}: {seconds:.2f}s "
                          f"{peak / 1024:.0f} MiB ({anon / 1024:.0f} anonymous)",
                          file=sys.stderr, flush=True)
            git = statistics.median(times["git"])
            for label, _ in commands:
                rows.append((commits, label, statistics.median(times[label]),
                             statistics.median(peaks[label]), statistics.median(anons[label]),
                             git, busy))

    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {args.runs} run(s) each\n")
    print("| commits | command | median s | µs per commit | peak RSS MiB | of it anonymous MiB "
          "| × git log --numstat | other CPU s |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for commits, label, seconds, peak, anon, git, busy in rows:
        print(f"| {commits:,} | {label} | {seconds:.2f} | {seconds / commits * 1e6:.0f} | "
              f"{peak / 1024:.0f} | {anon / 1024:.0f} | {seconds / git:.3f} | {busy:.0f} |")
    print("\nGrowth exponents between consecutive sizes (1.0 = linear):\n")
    print("| command | from | to | time | peak RSS | anonymous memory |")
    print("|---|---:|---:|---:|---:|---:|")
    labels = sorted({label for _, label, *_ in rows})
    for label in labels:
        series = sorted((c, s, p, a) for c, lab, s, p, a, *_ in rows if lab == label)
        for (n1, t1, m1, a1), (n2, t2, m2, a2) in zip(series, series[1:]):
            k = math.log(n2 / n1)
            print(f"| {label} | {n1:,} | {n2:,} | {math.log(t2 / t1) / k:.2f} | "
                  f"{math.log(m2 / m1) / k:.2f} | {math.log(max(a2, 1) / max(a1, 1)) / k:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
