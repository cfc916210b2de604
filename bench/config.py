"""What the benchmark measures, in one place: the dataset sizes, the pages and writes of the
load run, the exports, and the targets of issue 9.

The run probes each page and export first and reports one the app does not answer as "not
available" (an address that changed, for example). To add a page: one `Page(...)` line below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    consultations: int
    ideas: int
    votes: int
    comments: int
    selftest_responses: int
    accounts: int


SIZES = {
    # For CI and `make bench`: a few minutes end to end on both databases. One consultation,
    # so that its list has a page 50.
    "small": Size("small", 1, 1_000, 20_000, 3_000, 500, 2_000),
    # A whole region (ruimtevoormorgen.be was Flanders-wide): by hand, `make bench SIZE=region`.
    "region": Size("region", 5, 100_000, 2_000_000, 300_000, 50_000, 50_000),
    # For the test suite only (tests/bench/): consistency, never timing.
    "tiny": Size("tiny", 2, 60, 400, 150, 20, 80),
}

# The idea whose page is measured gets exactly this many comments (replies included).
DETAIL_COMMENTS = 100
# Every account of the generator has this password (printed on purpose: a benchmark database).
PASSWORD = "bench-password-2026"  # noqa: S105
ACCOUNT_EMAIL = "bench{n}@example.com"


@dataclass(frozen=True)
class Page:
    """A page of the load run. `path` is formatted with the run's manifest (see
    bench/generate.py: slug, theme_id, detail_idea_id) and, per request, `{word}` with a
    search word and `{token}` with a self-test result token."""

    name: str
    path: str
    description: str
    # Part of the targets (a read page): p95 and the ratio to the baseline are checked.
    target: bool = True
    # Each request from a new visitor (no cookie): a first visit, with its own random order.
    new_visitors: bool = False


BASELINE = Page(
    "baseline",
    "/_bench/baseline",
    "the base template, no query of its own (BENCH_BASELINE=1)",
    target=False,
)

PAGES = [
    Page("list_newest", "/consultations/{slug}?sort=newest", "idea list, newest first"),
    Page("list_supported", "/consultations/{slug}?sort=supported", "idea list, most supported"),
    Page("list_trending", "/consultations/{slug}?sort=trending", "idea list, trending"),
    Page(
        "list_theme",
        "/consultations/{slug}?sort=newest&theme={theme_id}",
        "idea list filtered by theme",
    ),
    Page("list_page50", "/consultations/{slug}?sort=newest&page=50", "idea list, page 50"),
    # The page every visitor lands on: the default order while ideas come in is random per
    # visitor, so each new visitor's page is one nobody saw before. Measured, though not one
    # of the pages issue 9 names.
    Page(
        "list_random",
        "/consultations/{slug}",
        "idea list in the default (random) order, a new visitor each time",
        target=False,
        new_visitors=True,
    ),
    Page("idea_detail", "/ideas/{detail_idea_id}", "an idea with 100 comments"),
    Page("search", "/consultations/{slug}?sort=newest&q={word}", "full-text search"),
    Page("selftest_result", "/selftest-results/{token}", "a self-test result"),
    # The open data API's first page of a consultation's ideas.
    Page("api_ideas", "/api/v1/consultations/{slug}/ideas", "open data API: idea list"),
]

# Writes: logged-in citizens (through the log-in form, CSRF token included).
VOTE = "votes"  # cast and withdraw votes (POST /ideas/<id>/vote)
COMMENT = "comments"  # post comments (POST /ideas/<id>/comments)

# Searched words: common in the generated texts, and a few rare ones.
SEARCH_WORDS = [
    "fietsstraat",
    "bomen",
    "speeltuin",
    "parkeren",
    "woningen",
    "school",
    "zwembad",
    "station",
    "dorpsplein",
    "fiets veilig",
    "groen",
    "bus",
]


@dataclass(frozen=True)
class Export:
    name: str
    # Formatted with slug and output; run with the app's environment.
    argv: tuple[str, ...]


# `participate export SLUG --format FMT --output PATH` (participate/results/cli.py).
EXPORTS = [
    Export(fmt, ("export", "{slug}", "--format", fmt, "--output", "{output}"))
    for fmt in ("xlsx", "csv", "json")
]


@dataclass(frozen=True)
class LoadSettings:
    """How hard and how long each scenario runs: closed loop, no think time."""

    read_users: int = 4  # two per gunicorn worker
    vote_users: int = 16  # the "16 concurrent voters"
    comment_users: int = 4
    seconds: float = 10.0  # measured window per scenario
    # The bare page is measured before and after every page (the machine's speed drifts by a
    # quarter within one run): shorter windows, as there are many.
    baseline_seconds: float = 5.0
    max_requests: int = 20_000  # and never more requests than this per scenario
    warmup_seconds: float = 2.0


LOAD = {
    "small": LoadSettings(),
    "region": LoadSettings(seconds=20.0, max_requests=50_000, baseline_seconds=10.0),
    "tiny": LoadSettings(seconds=2.0, max_requests=500, warmup_seconds=0.5, baseline_seconds=1.0),
    # A quick try of the harness itself (`python -m bench.run --size small --quick`).
    "quick": LoadSettings(
        seconds=3.0, max_requests=2_000, warmup_seconds=0.5, baseline_seconds=2.0
    ),
}

# Issue 9's targets.
TARGET_P95_MS = 50.0
TARGET_BASELINE_RATIO = 0.40
TARGET_VOTES_PER_SECOND = 500.0  # PostgreSQL
TARGET_EXPORT_SECONDS = 60.0
TARGET_EXPORT_RSS_MB = 300.0
