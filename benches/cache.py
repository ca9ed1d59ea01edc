#!/usr/bin/env python3
"""Benchmark of the incremental cache (`rungs scan --cache DIR`) on one repository.

Usage:
    python3 benches/cache.py REPO [--runs 3] [--jobs 2] [--rungs PATH] [--new 1]

What is measured, round-robin, `--runs` times each (wall time and peak RSS of
the process, as in e2e.py, whose helpers this script uses):
  * `git log --numstat --no-renames --no-merges`: the baseline of every benchmark here;
  * full:      `rungs scan REPO` without a cache;
  * cold:      `rungs scan REPO --rev BASE --cache C` into an empty cache, where BASE
               is HEAD with its last `--new` first-parent commits taken off
               (the first scan of a CI job: the cost of filling the cache);
  * one new:   `rungs scan REPO --cache C` on a copy of that cache: HEAD is `--new`
               commits ahead of the cached tip (a CI run after a push);
  * unchanged: `rungs scan REPO --cache C` again, nothing new;
  * records:   the same with the snapshots removed from the copy, so the whole
               history is walked but every commit's record comes from the cache
               (what a per-commit cache alone would give).
Every report at HEAD is compared byte for byte with the full scan's; a
difference stops the benchmark. Copying the cache before each run is not timed.

Printed at the end: a Markdown table with median, min and max seconds, the
median peak RSS, the speedup over the full scan and the ratio to `git log
--numstat`; the cache size on disk; the repository, its commit count and the date.
Standard library only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import e2e  # noqa: E402  (the helpers of the end-to-end benchmark)


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--new", type=int, default=1, help="commits between the cached tip and HEAD")
    ap.add_argument("--rungs", help="the binary (default: target/release/rungs)")
    args = ap.parse_args()

    binary = e2e.ensure_binary(args.rungs)
    repo = args.repo.resolve()
    with tempfile.TemporaryDirectory(prefix="rungs-cache-bench-") as tmp:
        tmp = Path(tmp)
        home = tmp / "home"
        home.mkdir()
        env = e2e.clean_env(str(home))
        cwd = str(tmp)
        e2e.fix_bare(repo, env, cwd)
        base = e2e.git_out(["-C", str(repo), "rev-parse", f"HEAD~{args.new}"], env, cwd)
        commits = e2e.git_out(["-C", str(repo), "rev-list", "--count", "HEAD"], env, cwd)
        e2e.warm_cache(repo, env, cwd)

        def scan(report: Path, *extra: str) -> list[str]:
            return [str(binary), "scan", str(repo), "--format", "json", "-o", str(report),
                    "--quiet", "--jobs", str(args.jobs), *extra]

        full_report = tmp / "full.json"
        seed = tmp / "seed"  # the cache after the cold scan of BASE
        work = tmp / "work"  # the copy each timed cached run uses

        def fresh_copy(snapshots: bool) -> None:
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(seed, work)
            if not snapshots:
                shutil.rmtree(work / "snapshots", ignore_errors=True)

        def cold_prepare() -> None:
            shutil.rmtree(seed, ignore_errors=True)

        steps = [
            (e2e.NUMSTAT, None, ["git", "-C", str(repo), "log", "--numstat", "--no-renames",
                                 "--no-merges"], None),
            ("full", None, scan(full_report), full_report),
            ("cold", cold_prepare, scan(tmp / "cold.json", "--rev", base, "--cache", str(seed)),
             None),
            ("one new", lambda: fresh_copy(True), scan(tmp / "new.json", "--cache", str(work)),
             tmp / "new.json"),
            ("unchanged", None, scan(tmp / "same.json", "--cache", str(work)), tmp / "same.json"),
            ("records", lambda: fresh_copy(False), scan(tmp / "rec.json", "--cache", str(work)),
             tmp / "rec.json"),
        ]
        times: dict[str, list[float]] = {label: [] for label, *_ in steps}
        rss: dict[str, list[int]] = {label: [] for label, *_ in steps}
        for run in range(args.runs):
            for label, prepare, argv, report in steps:
                if prepare:
                    prepare()
                seconds, peak, code, stderr, _ = e2e.run_once(argv, env, cwd)
                if code != 0:
                    sys.exit(f"cache: `{label}` failed ({code}):\n{stderr}")
                times[label].append(seconds)
                rss[label].append(peak)
                if report is not None and label != "full":
                    if report.read_bytes() != full_report.read_bytes():
                        sys.exit(f"cache: the `{label}` report differs from the full scan's")
                print(f"run {run + 1} {label}: {seconds:.3f}s", file=sys.stderr, flush=True)
        seed_size = du(seed)

    git_median = statistics.median(times[e2e.NUMSTAT])
    full_median = statistics.median(times["full"])
    print(f"\n{repo}: {commits} commits, HEAD~{args.new} cached, --jobs {args.jobs}, "
          f"{args.runs} runs, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC\n")
    print("| command | median s | min s | max s | peak RSS MiB | speedup over full | × git log --numstat |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, *_ in steps:
        median = statistics.median(times[label])
        print(f"| {label} | {e2e.fmt(median)} | {e2e.fmt(min(times[label]))} | "
              f"{e2e.fmt(max(times[label]))} | {statistics.median(rss[label]) / 1024:.0f} | "
              f"{full_median / median:.1f} | {median / git_median:.3f} |")
    print(f"\nCache on disk after the cold scan: {seed_size / 2**20:.1f} MiB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
