"""The load generator: one scenario of the benchmark, in its own process, with Locust as a
library (closed loop, no think time). bench/run.py starts it once per scenario:

    python -m bench.loadgen --host http://127.0.0.1:8765 --manifest bench/data/x.json \
        --scenario list_newest --users 4 --seconds 10 --max-requests 20000 --output out.json

It waits until every simulated citizen is ready (the writers log in through the log-in form
with its CSRF token), warms up, then measures a window bounded in time and in requests, and
writes requests per second and the p50/p95/p99 latency (ms) of that window as JSON.
"""

# Locust patches the standard library for gevent on import: it comes before the rest.
# ruff: noqa: I001
from __future__ import annotations

from locust import FastHttpUser, constant, events, task
from locust.env import Environment

import itertools
import random
import re
import sys
import time
from typing import Any

from http.cookiejar import DefaultCookiePolicy

import gevent

from bench import generator_cli
from bench.config import BASELINE, COMMENT, PAGES, SEARCH_WORDS, VOTE

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE = re.compile(r'value="([^"]+)"')

# Set by main() before the users start.
SETTINGS: dict[str, Any] = {}
READY = {"users": 0}
NOT_READY: list[str] = []
OUTCOMES = {"cast": 0, "withdrawn": 0}
ACCOUNTS = itertools.count()


def csrf_token(html: str) -> str:
    tag = CSRF.search(html)
    match = VALUE.search(tag.group(0)) if tag else None
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def fill(template: str, manifest: dict[str, Any], rng: random.Random) -> str:
    return template.format(
        slug=manifest["slug"],
        theme_id=manifest["theme_id"],
        detail_idea_id=manifest["detail_idea_id"],
        word=rng.choice(SEARCH_WORDS).replace(" ", "+"),
        token=rng.choice(manifest["tokens"]) if manifest["tokens"] else "none",
    )


class BehindTLS(DefaultCookiePolicy):
    """Production cookies are Secure; the proxy in front of the app ends TLS, and here the
    load generator talks plain HTTP on loopback. It sends them back as a browser would."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Visitor(FastHttpUser):
    wait_time = constant(0)
    abstract = True

    def on_start(self) -> None:
        self.client.cookiejar.set_policy(BehindTLS())
        self.rng = random.Random()


class Reader(Visitor):
    """An anonymous visitor reading one kind of page over and over (with its cookie, so the
    session holds its random order as a browser's would)."""

    def on_start(self) -> None:
        super().on_start()
        READY["users"] += 1

    @task
    def read(self) -> None:
        if SETTINGS["new_visitors"]:
            self.client.cookiejar.clear()
        path = fill(SETTINGS["path"], SETTINGS["manifest"], self.rng)
        with self.client.get(path, name=SETTINGS["scenario"], catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Citizen(Visitor):
    """A logged-in citizen (one account each), through the log-in form like a browser."""

    abstract = True

    def on_start(self) -> None:
        super().on_start()
        manifest = SETTINGS["manifest"]
        # The accounts at the end of the generated range, one per simulated citizen.
        number = manifest["accounts"] - SETTINGS["account_offset"] - next(ACCOUNTS)
        email = manifest["account_email"].format(n=number)
        for _attempt in range(3):  # a busy machine may time a log-in out: try again
            page = self.client.get("/login", name="login (not measured)")
            if page.status_code != 200:
                continue
            self.csrf = csrf_token(page.text)
            response = self.client.post(
                "/login",
                data={"email": email, "password": manifest["password"], "csrf_token": self.csrf},
                name="login (not measured)",
                allow_redirects=False,
            )
            if response.status_code == 303:
                READY["users"] += 1
                return
            NOT_READY.append(f"log-in of {email}: HTTP {response.status_code}")
        raise RuntimeError(f"log-in of {email} failed: {NOT_READY[-3:]}")


WITHDRAW = 0.10  # the share of a voter's clicks that take back a vote of its own


class Voter(Citizen):
    """Casts votes on ideas of the largest consultation, and now and then (one click in ten)
    withdraws one of its own (the same button again), as JSON like the page's script does."""

    def on_start(self) -> None:
        super().on_start()
        self.mine: list[int] = []

    @task
    def vote(self) -> None:
        ideas = SETTINGS["manifest"]["vote_idea_ids"]
        if self.mine and self.rng.random() < WITHDRAW:
            idea_id = self.mine.pop(self.rng.randrange(len(self.mine)))
        else:
            # An idea it has not voted on in this run (a second click would withdraw).
            idea_id = self.rng.choice(ideas)
            while idea_id in self.mine and len(self.mine) < len(ideas):
                idea_id = self.rng.choice(ideas)
        with self.client.post(
            f"/ideas/{idea_id}/vote",
            data={"csrf_token": self.csrf, "value": "1"},
            headers={"Accept": "application/json"},
            name=SETTINGS["scenario"],
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return
            if response.json()["value"]:
                OUTCOMES["cast"] += 1
                self.mine.append(idea_id)
            else:
                OUTCOMES["withdrawn"] += 1


class Commenter(Citizen):
    @task
    def comment(self) -> None:
        from bench.texts import comment_body

        idea_id = self.rng.choice(SETTINGS["manifest"]["comment_idea_ids"])
        with self.client.post(
            f"/ideas/{idea_id}/comments",
            data={"csrf_token": self.csrf, "body_md": comment_body(self.rng)},
            name=SETTINGS["scenario"],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 303:
                response.failure(f"HTTP {response.status_code}")


def _entry_stats(entry, seconds: float) -> dict[str, Any]:
    count = entry.num_requests
    return {
        "requests": count,
        "failures": entry.num_failures,
        "rps": round(count / seconds, 1) if seconds else 0.0,
        "p50_ms": entry.get_response_time_percentile(0.50) if count else None,
        "p95_ms": entry.get_response_time_percentile(0.95) if count else None,
        "p99_ms": entry.get_response_time_percentile(0.99) if count else None,
        "mean_ms": round(entry.avg_response_time, 1) if count else None,
        "max_ms": round(entry.max_response_time, 1) if count else None,
    }


def run(
    *,
    host: str,
    manifest: dict[str, Any],
    scenario: str,
    users: int,
    seconds: float,
    max_requests: int,
    warmup: float,
    account_offset: int = 0,
) -> dict[str, Any]:
    pages = {p.name: p for p in [BASELINE, *PAGES]}
    if scenario == VOTE:
        user_class: type = Voter
    elif scenario == COMMENT:
        user_class = Commenter
    else:
        user_class = Reader
        SETTINGS["path"] = pages[scenario].path
        SETTINGS["new_visitors"] = pages[scenario].new_visitors
    SETTINGS.update(scenario=scenario, manifest=manifest, account_offset=account_offset)
    user_class.host = host

    env = Environment(user_classes=[user_class], events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    deadline = time.monotonic() + 180
    while READY["users"] < users:
        if time.monotonic() > deadline or runner.state == "stopped":
            runner.quit()
            raise RuntimeError(
                f"only {READY['users']} of {users} users got ready: {NOT_READY[-5:]}"
            )
        gevent.sleep(0.05)
    gevent.sleep(warmup)

    env.stats.reset_all()
    OUTCOMES.update(cast=0, withdrawn=0)
    started = time.monotonic()
    while time.monotonic() - started < seconds and env.stats.total.num_requests < max_requests:
        gevent.sleep(0.02)
    elapsed = time.monotonic() - started
    entry = env.stats.get(scenario, "POST" if scenario in (VOTE, COMMENT) else "GET")
    result = {
        "scenario": scenario,
        "users": users,
        "seconds": round(elapsed, 2),
        **_entry_stats(entry, elapsed),
        "errors": [
            {"error": str(e.error)[:300], "occurrences": e.occurrences}
            for e in env.stats.errors.values()
        ][:10],
    }
    if scenario == VOTE:
        result["casts"] = OUTCOMES["cast"]
        result["withdrawals"] = OUTCOMES["withdrawn"]
        result["casts_per_second"] = round(OUTCOMES["cast"] / elapsed, 1)
    runner.quit()
    return result


def main(argv: list[str] | None = None) -> int:
    args = generator_cli.parse("One scenario of the benchmark's load run.", argv)
    result = run(
        host=args.host,
        manifest=args.manifest,
        scenario=args.scenario,
        users=args.users,
        seconds=args.seconds,
        max_requests=args.max_requests,
        warmup=args.warmup,
        account_offset=args.account_offset,
    )
    return generator_cli.write(args, result)


if __name__ == "__main__":
    sys.exit(main())
