#!/usr/bin/env python3
"""End-to-end benchmark: `rungs scan` against `git log` on one repository.

Usage:
    python3 benches/e2e.py REPO [--runs 3] [--rungs PATH] [--jobs 1 2 ...]
                                [--markdown-out FILE] [--check]

Commands measured (REPO is a work tree or a bare repository):
  * `rungs scan REPO --format json --output FILE --quiet --jobs J`, once per J
    given with --jobs (default: 1 and 2): the full scan, classifying every
    change with the default rule pack;
  * the same with `--counts-only`: commits and line counts, no classification
    (`--modes` picks either or both; the difference is the cost of the rules);
  * `git -C REPO log --numstat --no-renames --no-merges`, the baseline: the
    same line counts rungs reports;
  * `git -C REPO log -p --no-renames --no-merges`, full patches.
Output of every command goes to /dev/null, except the rungs report, which goes
to a file in a temporary directory (see `rungs_argv`).

The commands run round-robin, `--runs` times each (repetition 1 of every
command, then repetition 2, ...), so that a change in machine load spreads over
all of them. Before the first run the repository's pack files are read once to
warm the page cache. For each run the wall time (time.perf_counter around the
child's life) and the child's peak RSS (ru_maxrss from os.wait4) are recorded,
as is the CPU time other processes took meanwhile (from /proc/stat), reported
at the end since a busy machine skews the figures.

Printed at the end: a Markdown table with the median, min and max seconds,
the median peak RSS and the ratio of each median to the `git log --numstat`
one; the repository, its commit count, nproc and the date; and the speedup of
each jobs value over --jobs 1.

Default binary: target/release/rungs of the project holding this script,
built with `cargo build --release --locked` if missing. Every command runs
with GIT_CONFIG_NOSYSTEM=1, HOME pointing to an empty directory (no user git
config) and a temporary directory as working directory (not inside a repo).
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
NUMSTAT = "git log --numstat"


def clean_env(home: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and not k.startswith("RUNGS_")}
    env.update(HOME=home, XDG_CONFIG_HOME=home, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    return env


def git_out(args: list[str], env: dict, cwd: str) -> str:
    return subprocess.run(["git", *args], env=env, cwd=cwd, check=True,
                          capture_output=True, text=True).stdout.strip()


def fix_bare(repo: Path, env: dict, cwd: str) -> None:
    """Mark a bare repository as bare if its config does not say so.

    A bare mirror copied without its `config` file (or with one lacking
    core.bare) is still found by `git -C REPO`, but git then takes the current
    directory as the work tree: `git log` works by chance, other commands see
    a work tree that is not there, and tools disagree on what REPO is.
    """
    if (repo / ".git").exists():
        return  # a work tree
    if not ((repo / "HEAD").is_file() and (repo / "objects").is_dir()):
        return  # not a git directory at all; git will say so later
    no_config = not (repo / "config").is_file()
    # `--git-dir=` would make git take the current directory as the work tree and answer
    # "false" even for a bare repository; `-C` lets git discover what REPO is.
    bare = subprocess.run(["git", "-C", str(repo), "rev-parse", "--is-bare-repository"],
                          env=env, cwd=cwd, capture_output=True, text=True).stdout.strip()
    if no_config or bare != "true":
        print(f"note: {repo} is a bare repository without core.bare=true in its config; "
              "setting it", file=sys.stderr)
        subprocess.run(["git", f"--git-dir={repo}", "config", "core.bare", "true"],
                       env=env, cwd=cwd, check=True)


def warm_cache(repo: Path, env: dict, cwd: str) -> None:
    """Read the pack files once so that the first measured run is not a cold one."""
    git_dir = Path(git_out(["-C", str(repo), "rev-parse", "--path-format=absolute",
                            "--git-common-dir"], env, cwd))
    for pack in sorted((git_dir / "objects" / "pack").glob("*.pack")):
        with open(pack, "rb") as f:
            while f.read(1 << 20):
                pass


def ensure_binary(path: str | None) -> Path:
    if path:
        binary = Path(path).resolve()
        if not os.access(binary, os.X_OK):
            sys.exit(f"e2e: {binary} is not an executable")
        return binary
    binary = PROJECT / "target" / "release" / "rungs"
    if not binary.exists():
        print(f"e2e: {binary} missing, building it: cargo build --release --locked",
              file=sys.stderr, flush=True)
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=PROJECT, check=True)
    return binary


def busy_cpu_seconds() -> float:
    """CPU time spent by the whole machine so far, from /proc/stat (0 if unknown)."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()[1:]
    except OSError:
        return 0.0
    # user nice system idle iowait irq softirq steal ...: all but idle and iowait
    busy = sum(int(x) for i, x in enumerate(fields[:8]) if i not in (3, 4))
    return busy / os.sysconf("SC_CLK_TCK")


def run_once(argv: list[str], env: dict, cwd: str) -> tuple[float, int, int, str, float]:
    """Run argv with output to /dev/null.

    Returns seconds, peak RSS in KiB, exit code, stderr, and the CPU seconds
    other processes used meanwhile (a sign of a busy machine).
    """
    with tempfile.TemporaryFile(dir=cwd) as err:
        cpu0 = busy_cpu_seconds()
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        others = busy_cpu_seconds() - cpu0 - usage.ru_utime - usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    return seconds, usage.ru_maxrss, proc.returncode, stderr, max(others, 0.0)


def rungs_argv(binary: Path, repo: Path, jobs: int, report: Path, counts_only: bool) -> list[str]:
    # A real file rather than `--output /dev/null`: it lets --check read the
    # report, and rungs built before commit c5b1420 renamed its temporary file
    # over the target, which as root replaced /dev/null by a regular file.
    argv = [str(binary), "scan", str(repo), "--format", "json", "--output", str(report),
            "--quiet", "--jobs", str(jobs)]
    if counts_only:
        argv.append("--counts-only")
    return argv


def rungs_label(mode: str, jobs: int) -> str:
    return f"rungs scan --counts-only --jobs {jobs}" if mode == "counts" else f"rungs scan --jobs {jobs}"


def check_report(report: Path, repo: Path, env: dict, cwd: str) -> list[str]:
    """Compare a rungs report with `git log --numstat`; return the differences."""
    data = json.loads(report.read_text())
    authors = data["authors"]
    got = (sum(a["commits"] for a in authors), sum(a["lines_added"] for a in authors),
           sum(a["lines_removed"] for a in authors))
    numstat = subprocess.run(
        ["git", "-C", str(repo), "log", "--numstat", "--no-renames", "--no-merges",
         "--format=%H"], env=env, cwd=cwd, check=True, capture_output=True, text=True).stdout
    commits = added = removed = 0
    for line in numstat.splitlines():
        parts = line.split("\t")
        if len(parts) == 1 and parts[0]:
            commits += 1
        elif len(parts) == 3 and parts[0] != "-":
            added += int(parts[0])
            removed += int(parts[1])
    # rungs skips vendored, generated and lock files that git counts.
    want = (commits, added, removed)
    if got == want:
        return []
    return [f"rungs counts (commits, added, removed) {got} != git log --numstat {want}"
            " (rungs skips vendored/generated/oversized files; check its skipped_files)"]


def fmt(x: float) -> str:
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo", type=Path, help="repository to scan (work tree or bare)")
    ap.add_argument("--runs", type=int, default=3, help="repetitions of each command (default 3)")
    ap.add_argument("--rungs", help="rungs binary (default: target/release/rungs, built if missing)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2],
                    help="--jobs values to measure rungs with (default: 1 2)")
    ap.add_argument("--modes", nargs="+", choices=["rules", "counts"], default=["rules", "counts"],
                    help="rungs scans to measure: with the default rules, --counts-only, or both")
    ap.add_argument("--markdown-out", type=Path, help="append the results to this file")
    ap.add_argument("--check", action="store_true",
                    help="also compare rungs' totals with `git log --numstat` (not timed)")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    repo = args.repo.resolve()
    binary = ensure_binary(args.rungs)

    with tempfile.TemporaryDirectory(prefix="rungs-e2e-") as tmp:
        home = os.path.join(tmp, "home")
        work = os.path.join(tmp, "cwd")
        os.mkdir(home)
        os.mkdir(work)
        env = clean_env(home)
        fix_bare(repo, env, work)
        count = git_out(["-C", str(repo), "rev-list", "--count", "HEAD"], env, work)
        head = git_out(["-C", str(repo), "rev-parse", "--short", "HEAD"], env, work)
        git_version = git_out(["--version"], env, work).removeprefix("git version ")
        rungs_version = subprocess.run([str(binary), "--version"], capture_output=True,
                                       text=True).stdout.strip()

        commands: list[tuple[str, list[str]]] = []
        reports = {}
        modes = list(dict.fromkeys(args.modes))
        for mode in modes:
            for j in dict.fromkeys(args.jobs):  # unique, in the order given
                report = Path(tmp) / f"report-{mode}-j{j}.json"
                reports.setdefault(j, report)
                commands.append((rungs_label(mode, j),
                                 rungs_argv(binary, repo, j, report, mode == "counts")))
        log = ["git", "-C", str(repo), "log", "--no-renames", "--no-merges"]
        commands.append((NUMSTAT, log[:4] + ["--numstat"] + log[4:]))
        commands.append(("git log -p", log[:4] + ["-p"] + log[4:]))

        warm_cache(repo, env, work)
        times = {label: [] for label, _ in commands}
        rss = {label: [] for label, _ in commands}
        problems = []
        wall = foreign = 0.0
        for rep in range(args.runs):
            for label, argv in commands:
                seconds, kib, code, stderr, others = run_once(argv, env, work)
                wall += seconds
                foreign += others
                print(f"run {rep + 1}/{args.runs}  {label:<22} {seconds:8.2f} s "
                      f"{kib / 1024:8.1f} MiB  (others' CPU {others:5.2f} s)",
                      file=sys.stderr, flush=True)
                if code != 0:
                    sys.exit(f"e2e: `{' '.join(argv)}` exited with {code}:\n{stderr}")
                if stderr.strip() and rep == 0:
                    problems.append(f"`{label}` wrote on stderr: {stderr.strip()[:2000]}")
                times[label].append(seconds)
                rss[label].append(kib / 1024)
        if args.check:
            problems += check_report(reports[args.jobs[0]], repo, env, work)

    date = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    nproc = len(os.sched_getaffinity(0))
    base = statistics.median(times[NUMSTAT])
    lines = [
        f"Repository `{repo}` (HEAD {head}): {count} commits; nproc {nproc}; {date}; "
        f"git {git_version}; {rungs_version}; {args.runs} runs each, round-robin.",
        "",
        "| command | median s | min s | max s | peak RSS MiB (median) | ratio to git log --numstat |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, _ in commands:
        med = statistics.median(times[label])
        lines.append(f"| `{label}` | {fmt(med)} | {fmt(min(times[label]))} | "
                     f"{fmt(max(times[label]))} | {statistics.median(rss[label]):.0f} | "
                     f"{med / base:.2f} |")
    lines.append("")
    for mode in modes:
        if 1 in reports:
            one = statistics.median(times[rungs_label(mode, 1)])
            for j in reports:
                if j != 1:
                    med = statistics.median(times[rungs_label(mode, j)])
                    lines.append(f"Speedup of `{rungs_label(mode, j)}` over `--jobs 1`: "
                                 f"{one / med:.2f}x")
    if "rules" in modes and "counts" in modes:
        for j in reports:
            full = statistics.median(times[rungs_label("rules", j)])
            counts = statistics.median(times[rungs_label("counts", j)])
            lines.append(f"Classification with the default rules, `--jobs {j}`: "
                         f"{full - counts:.2f} s on top of {counts:.2f} s of counting "
                         f"(+{(full / counts - 1):.0%}).")
    # Other processes busy during the runs make the figures unreliable, more so
    # with --jobs above 1: say how much CPU they took.
    share = foreign / wall if wall else 0.0
    lines.append(f"Other processes used {foreign:.1f} CPU s during the {wall:.1f} s of runs "
                 f"({share:.0%} of one core){'; figures may be disturbed' if share > 0.1 else ''}.")
    lines.append("")
    lines.append("Commands:")
    lines.append("")
    for label, argv in commands:
        shown = ["rungs" if a == str(binary) else a for a in argv]
        if label.startswith("rungs"):
            shown[shown.index("--output") + 1] = "TMP/report.json"
        lines.append(f"- `{' '.join(shown)}`")
    for p in problems:
        lines.append("")
        lines.append(f"Problem: {p}")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown_out:
        with open(args.markdown_out, "a") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
