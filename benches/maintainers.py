#!/usr/bin/env python3
"""Do placements order a project's named maintainers above its other active authors?

Usage:
    rungs scan REPO --quiet --output report.json
    python3 benches/maintainers.py report.json maintainers.tsv [--min-commits 20]

`maintainers.tsv` (benches/maintainers/OWNER+NAME.tsv) lists the people a project
names as maintainers (in its MAINTAINERS, OWNERS or team file), one per line,
tab-separated, with a header: maintainer_name, handle, status (current or
emeritus), match_rule (how their author emails were found in the history), and
email_sha256: the first 16 hex digits of the SHA-256 of each lower-case author
email, comma-separated (the emails themselves are not repeated here). A report
author is a maintainer when the hash of any of their emails (`emails`, before
mailmap, and the resolved `email`) is listed. Run it on a report scanned without
--anonymize.

Among authors with at least --min-commits non-merge commits, prints the ROC AUC
(the chance that a maintainer ranks above a non-maintainer, ties counting half)
of three rankings:
- rungs: the rung index on the individual-contributor track plus the rung index
  on the manager track (0 below the first rung, 1 the first rung, ...), ties
  broken by the placements' confidence (low 0, medium 1, high 2, summed over the
  tracks); chosen on the three fitting repositories;
- rungs only: the rung indices alone;
- commits: non-merge commit count alone.
Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys


def digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def rung_index(report: dict, track: str, rung: str) -> int:
    rungs = report["ladder"]["tracks"][track]
    if rung in ("insufficient_evidence", "below_first_rung"):
        return 0
    return rungs.index(rung) + 1


CONFIDENCE = {"low": 0, "medium": 1, "high": 2}


def auc(scores: list[tuple[float, bool]]) -> float:
    """ROC AUC by the Mann-Whitney count, ties counting half."""
    pos = [s for s, p in scores if p]
    neg = [s for s, p in scores if not p]
    if not pos or not neg:
        return float("nan")
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(pos) * len(neg))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("maintainers")
    parser.add_argument("--min-commits", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()

    report = json.load(open(args.report))
    named: set[str] = set()
    with open(args.maintainers, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            named.update(h.strip() for h in (row.get("email_sha256") or "").split(",") if h.strip())

    tracks = list(report["ladder"]["tracks"])
    rows = []
    for a in report["authors"]:
        if a["commits"] < args.min_commits:
            continue
        emails = {digest(a["email"]), *(digest(e) for e in a["emails"])}
        is_maintainer = bool(emails & named)
        level = sum(rung_index(report, t, a["rungs"][t]["rung"]) for t in tracks)
        trust = sum(CONFIDENCE.get(a["rungs"][t]["confidence"], 0) for t in tracks)
        rows.append((a, level, trust, is_maintainer))
    maintainers = sum(1 for *_, m in rows if m)
    result = {
        "report": args.report,
        "authors": len(rows),
        "maintainers": maintainers,
        "auc_rungs": auc([(level + trust / 10, m) for _, level, trust, m in rows]),
        "auc_rungs_only": auc([(level, m) for _, level, _, m in rows]),
        "auc_commits": auc([(a["commits"], m) for a, _, _, m in rows]),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{args.report}: {len(rows)} authors with >= {args.min_commits} commits, "
            f"{maintainers} of them named maintainers; AUC rungs {result['auc_rungs']:.3f}, "
            f"rung indices only {result['auc_rungs_only']:.3f}, "
            f"commits alone {result['auc_commits']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
