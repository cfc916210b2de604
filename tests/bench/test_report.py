"""The benchmark's report compares each page with the bare page measured around it (the
machine's speed drifts during a run). Arithmetic only: the suite times nothing."""

from __future__ import annotations

import pytest

from bench import report


def _result(*runs: tuple[str, float]) -> dict:
    return {"scenarios": [{"scenario": name, "rps": rps, "status": "ok"} for name, rps in runs]}


def test_each_page_is_compared_with_the_baselines_just_before_and_after_it():
    result = _result(
        ("baseline", 400.0),
        ("list_newest", 100.0),
        ("baseline", 600.0),
        ("search", 150.0),
        ("baseline", 500.0),
    )
    assert report.neighbour_baseline(result, 1) == pytest.approx(500.0)
    assert report.neighbour_baseline(result, 3) == pytest.approx(550.0)


def test_a_failed_baseline_is_skipped_and_old_results_use_the_first_and_last():
    result = _result(("baseline", 400.0), ("list_newest", 100.0), ("search", 90.0))
    result["scenarios"].append({"scenario": "baseline", "rps": 0, "status": "failed"})
    result["scenarios"].append({"scenario": "baseline", "rps": 600.0, "status": "ok"})
    assert report.neighbour_baseline(result, 1) == pytest.approx(500.0)
    assert report.neighbour_baseline(result, 2) == pytest.approx(500.0)
    assert report.neighbour_baseline(_result(("search", 90.0)), 0) is None


def test_the_report_says_which_load_generator_drove_which_scenario():
    result = _result(("baseline", 400.0), ("votes", 300.0))
    assert report._generators(result) == "Locust"
    result["scenarios"][1]["generator"] = "wrk"
    assert report._generators(result) == "wrk for votes, Locust for the rest"
