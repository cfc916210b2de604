"""The benchmark's results as Markdown, the targets of issue 9 checked, and the README's table.

python -m bench.report            # print every result in bench/results/ as Markdown
python -m bench.report --readme   # and put it in the README's "Benchmark" section
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from bench.config import (
    COMMENT,
    PAGES,
    TARGET_BASELINE_RATIO,
    TARGET_EXPORT_RSS_MB,
    TARGET_EXPORT_SECONDS,
    TARGET_P95_MS,
    TARGET_VOTES_PER_SECOND,
    VOTE,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TARGET_PAGES = {p.name for p in PAGES if p.target}


def _ok(scenario: dict[str, Any]) -> bool:
    return scenario.get("status") == "ok"


def baseline_rps(result: dict[str, Any]) -> float | None:
    """The mean of every baseline of the run."""
    runs = [s["rps"] for s in result["scenarios"] if s["scenario"] == "baseline" and _ok(s)]
    return sum(runs) / len(runs) if runs else None


def neighbour_baseline(result: dict[str, Any], index: int) -> float | None:
    """The baseline a scenario is compared with: the mean of the bare page measured just
    before it and just after it. The machine's speed drifts during a run (a shared VM: the
    same bare page gave 463 and 575 req/s at the start and the end of one run), so a page
    is compared with the machine as it was when the page was measured. (Results of runs
    that measured the baseline only first and last get the mean of those two.)"""
    scenarios = result["scenarios"]

    def nearest(indexes) -> float | None:
        for i in indexes:
            s = scenarios[i]
            if s["scenario"] == "baseline" and _ok(s):
                return s["rps"]
        return None

    around = [nearest(range(index - 1, -1, -1)), nearest(range(index + 1, len(scenarios)))]
    found = [b for b in around if b is not None]
    return sum(found) / len(found) if found else None


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 9 with the measured value and whether it is met (None: not
    measured here, e.g. a page or an export that does not exist yet)."""
    checks: list[dict[str, Any]] = []
    for index, s in enumerate(result["scenarios"]):
        name = s["scenario"]
        if name not in TARGET_PAGES:
            continue
        if not _ok(s):
            checks.append(
                {
                    "target": f"{name}: p95 < {TARGET_P95_MS:g} ms",
                    "met": None,
                    "value": s.get("status"),
                }
            )
            continue
        checks.append(
            {
                "target": f"{name}: p95 < {TARGET_P95_MS:g} ms",
                "value": f"{s['p95_ms']} ms",
                "met": s["p95_ms"] is not None and s["p95_ms"] < TARGET_P95_MS,
            }
        )
        baseline = neighbour_baseline(result, index)
        ratio = s["rps"] / baseline if baseline else None
        checks.append(
            {
                "target": f"{name}: ≥ {TARGET_BASELINE_RATIO:.0%} of the baseline's throughput",
                "value": f"{ratio:.0%}" if ratio is not None else "no baseline",
                "met": ratio is not None and ratio >= TARGET_BASELINE_RATIO,
            }
        )
    votes = next((s for s in result["scenarios"] if s["scenario"] == VOTE), None)
    if votes and _ok(votes):
        if result["database"] == "postgresql":
            checks.append(
                {
                    "target": f"votes: ≥ {TARGET_VOTES_PER_SECOND:g} casts/s",
                    "value": f"{votes['casts_per_second']} casts/s",
                    "met": votes["casts_per_second"] >= TARGET_VOTES_PER_SECOND,
                }
            )
        else:
            checks.append(
                {
                    "target": f"votes: no 'database is locked' at {votes['users']} voters",
                    "value": f"{result['database_locked_errors']} in the log, "
                    f"{votes['failures']} failed requests",
                    "met": result["database_locked_errors"] == 0 and votes["failures"] == 0,
                }
            )
    checks.append(
        {
            "target": "every count exact after the run",
            "value": "exact" if result["counts_exact"] else "; ".join(result["count_problems"]),
            "met": result["counts_exact"],
        }
    )
    for name, e in result["exports"].items():
        if e.get("status") != "ok":
            checks.append({"target": f"export {name}", "value": e.get("status"), "met": None})
            continue
        checks.append(
            {
                "target": f"export {name}: < {TARGET_EXPORT_SECONDS:g} s",
                "value": f"{e['seconds']} s",
                "met": e["seconds"] < TARGET_EXPORT_SECONDS,
            }
        )
        checks.append(
            {
                "target": f"export {name}: peak RSS < {TARGET_EXPORT_RSS_MB:g} MB",
                "value": f"{e['peak_rss_mb']} MB",
                "met": e["peak_rss_mb"] < TARGET_EXPORT_RSS_MB,
            }
        )
    return checks


def _mark(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "n/a"}[met]


def _cell(value: Any) -> str:
    return "–" if value is None else str(value)


def _baselines_line(result: dict[str, Any]) -> str:
    runs = [s for s in result["scenarios"] if s["scenario"] == "baseline" and _ok(s)]
    if not runs:
        return "No baseline was measured: no page has a ratio."
    rps = [s["rps"] for s in runs]
    p95 = [s["p95_ms"] for s in runs if s["p95_ms"] is not None]
    spread = f"{min(p95)}–{max(p95)} ms" if p95 else "–"
    return (
        f"Baseline (the bare page, `/_bench/baseline`): measured {len(runs)} times, before and "
        f"after each scenario, {min(rps)}–{max(rps)} req/s, p95 {spread}; each scenario's "
        "ratio is to the mean of the two measured around it."
    )


def _generators(result: dict[str, Any]) -> str:
    """Which load generator drove which scenarios (wrk for the votes where installed)."""
    by_wrk = sorted({s["scenario"] for s in result["scenarios"] if s.get("generator") == "wrk"})
    if not by_wrk:
        return "Locust"
    return f"wrk for {', '.join(by_wrk)}, Locust for the rest"


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"### {result['size']} on {result['database_version']}",
        "",
        f"Commit `{result['commit']}`, {result['started_at']}; {m['cores']} cores ({m['cpu']}), "
        f"load average {m['load_average_at_start'][0]} at the start and "
        f"{result['load_average_at_end'][0]} at the end ({m['note']}). "
        f"{result['server']}; closed loop from a separate process "
        f"({_generators(result)}), "
        f"{result['load']['read_users']} readers, {result['load']['vote_users']} voters, "
        f"{result['load']['comment_users']} commenters, "
        f"{result['load']['seconds_per_scenario']:g} s per scenario. "
        f"Data: {', '.join(f'{v} {k}' for k, v in result['dataset']['rows'].items())}; "
        f"the largest consultation has {result['dataset']['largest_ideas']} ideas.",
        "",
        _baselines_line(result),
        "",
        "| scenario | req/s | baseline req/s | × baseline | p50 ms | p95 ms | p99 ms | failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for index, s in enumerate(result["scenarios"]):
        name = s["scenario"]
        if name == "baseline":
            continue
        if not _ok(s):
            lines.append(f"| {name} | {s.get('status')} | | | | | | |")
            continue
        baseline = neighbour_baseline(result, index)
        ratio = f"{s['rps'] / baseline:.2f}" if baseline else ""
        label = name
        if name == VOTE:
            label = f"votes ({s['casts_per_second']} casts/s, {s['withdrawals']} withdrawn)"
        elif name == COMMENT:
            label = "comments posted"
        lines.append(
            f"| {label} | {s['rps']} | {_cell(baseline and round(baseline, 1))} | {ratio} "
            f"| {_cell(s['p50_ms'])} | {_cell(s['p95_ms'])} | {_cell(s['p99_ms'])} "
            f"| {s['failures']} |"
        )
    lines += ["", "| export | result |", "|---|---|"]
    for name, e in result["exports"].items():
        if e.get("status") == "ok":
            lines.append(f"| {name} | {e['seconds']} s, peak RSS {e['peak_rss_mb']} MB |")
        else:
            lines.append(f"| {name} | {e.get('status')} |")
    lines += [
        "",
        f"'database is locked' in the server's log: {result['database_locked_errors']}; "
        f"tracebacks: {result['server_tracebacks']}; counts after the run: "
        f"{'exact' if result['counts_exact'] else 'NOT exact'}.",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    lines += [f"| {t['target']} | {t['value']} | {_mark(t['met'])} |" for t in result["targets"]]
    return "\n".join(lines)


def collected() -> str:
    parts = []
    for size in ("small", "region"):
        for database in ("sqlite", "postgresql"):
            path = RESULTS / f"{size}-{database}.json"
            if path.exists():
                parts.append(markdown(json.loads(path.read_text())))
    return "\n\n".join(parts) if parts else "No results yet: run `make bench`."


def update_readme(body: str) -> None:
    text = README.read_text()
    block = f"{START}\n{body}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The benchmark's results as Markdown.")
    parser.add_argument("--readme", action="store_true", help="update the README's table")
    args = parser.parse_args(argv)
    body = collected()
    if args.readme:
        update_readme(body)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
