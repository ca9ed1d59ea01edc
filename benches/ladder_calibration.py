#!/usr/bin/env python3
"""Ladder calibration: how a rungs report places the authors of a repository.

Usage:
    rungs scan REPO --quiet --output report.json
    python3 benches/ladder_calibration.py report.json [more reports...]

Prints, per report, a Markdown table of authors per rung on each track, and the
placement of the most active authors (top 10 by commits) against occasional
contributors (10 to 50 commits): the share placed on a rung, and the median rung
index (0 = below_first_rung, 1 = the first rung, ...). Standard library only.
"""

from __future__ import annotations

import json
import statistics
import sys


def rung_index(report: dict, track: str, rung: str) -> int | None:
    rungs = report["ladder"]["tracks"][track]
    if rung == "insufficient_evidence":
        return None
    if rung == "below_first_rung":
        return 0
    return rungs.index(rung) + 1


def main() -> int:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        report = json.load(open(path))
        authors = report["authors"]
        repo = ", ".join(r["path"] for r in report["repos"])
        print(f"### {repo}: {len(authors)} authors, {report['totals']['commits']} commits\n")
        for track, rungs in report["ladder"]["tracks"].items():
            order = ["insufficient_evidence", "below_first_rung", *rungs]
            counts = {r: 0 for r in order}
            for a in authors:
                counts[a["rungs"][track]["rung"]] += 1
            print(f"| {track} | " + " | ".join(order) + " |")
            print("|---|" + "---:|" * len(order))
            print("| authors | " + " | ".join(str(counts[r]) for r in order) + " |\n")
        top = sorted(authors, key=lambda a: (-a["commits"], a["email"]))[:10]
        occasional = [a for a in authors if 10 <= a["commits"] <= 50]
        senior = {"senior", "staff"}
        top_senior = sum(1 for a in top if a["rungs"]["ic"]["rung"] in senior)
        occasional_senior = sum(1 for a in occasional if a["rungs"]["ic"]["rung"] in senior)
        few_placed = sum(
            1
            for a in authors
            if a["commits"] < 5 and a["rungs"]["ic"]["rung"] != "insufficient_evidence"
        )
        print(
            f"- sanity (ic track): {top_senior} of the top 10 at senior or above (target 7 or more); "
            f"{occasional_senior} of {len(occasional)} authors with 10-50 commits "
            f"({100 * occasional_senior / max(len(occasional), 1):.0f}%, target 30% at most); "
            f"{few_placed} authors with fewer than 5 commits placed (target 0)"
        )
        lifted = sum(
            1 for a in authors for p in a["rungs"].values() if p.get("strict_rung", p["rung"]) != p["rung"]
        )
        print(f"- placements lifted by a waiver: {lifted}")
        for track in report["ladder"]["tracks"]:
            for label, group in (("top 10 by commits", top), ("10-50 commits", occasional)):
                idx = [rung_index(report, track, a["rungs"][track]["rung"]) for a in group]
                placed = [i for i in idx if i is not None]
                on_rung = sum(1 for i in placed if i > 0)
                median = statistics.median(placed) if placed else float("nan")
                print(f"- {track}, {label} ({len(group)} authors): {on_rung} on a rung, "
                      f"median rung index {median:g}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
