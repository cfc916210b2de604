"""The vote scenario with wrk (C, one thread, a Lua script: bench/votes.lua) instead of Locust,
where wrk is installed (Debian's package `wrk`; `make bench` installs it when it may).

The load generator runs on the same two cores as the server. Locust spends about 1 ms of
Python per request, a fifth of what a vote costs the server: measuring votes with it measured
the load generator too. wrk spends a few microseconds. The voters log in here, through the
log-in form like a browser, and wrk then clicks for them (same arguments and JSON output as
bench/loadgen.py):

    python -m bench.wrkload --host http://127.0.0.1:8765 --manifest bench/data/x.json \
        --scenario votes --users 16 --seconds 20 --output out.json
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

from bench import generator_cli
from bench.config import VOTE

SCRIPT = Path(__file__).resolve().parent / "votes.lua"
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
SESSION = re.compile(r"^(session=[^;]*)")


def available() -> bool:
    return shutil.which("wrk") is not None


def _session_cookie(response: http.client.HTTPResponse) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or []:
        match = SESSION.match(header)
        if match:
            return match.group(1)
    return None


def log_in(host: str, email: str, password: str) -> tuple[str, str]:
    """The session cookie and CSRF token of a logged-in voter."""
    parts = urllib.parse.urlsplit(host)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", "/login")
        page = connection.getresponse()
        html = page.read().decode()
        cookie = _session_cookie(page)
        token = CSRF.search(html)
        if page.status != 200 or cookie is None or token is None:
            raise RuntimeError(f"log-in page: HTTP {page.status}")
        body = urllib.parse.urlencode(
            {"email": email, "password": password, "csrf_token": token.group(1)}
        )
        connection.request(
            "POST",
            "/login",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        answer = connection.getresponse()
        answer.read()
        logged_in = _session_cookie(answer)
        if answer.status != 303 or logged_in is None:
            raise RuntimeError(f"log-in of {email}: HTTP {answer.status}")
        return logged_in, token.group(1)
    finally:
        connection.close()


def _wrk(host: str, voters_file: Path, users: int, seconds: float, output: Path) -> dict:
    env = dict(os.environ, BENCH_VOTERS=str(voters_file), BENCH_WRK_OUTPUT=str(output))
    command = ["wrk", "-t1", f"-c{users}", f"-d{max(1, round(seconds))}s", "--timeout", "10s"]
    command += ["-s", str(SCRIPT), host]
    subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return json.loads(output.read_text())


def _voters_file(
    path: Path, host: str, manifest: dict[str, Any], users: int, account_offset: int
) -> Path:
    """The script's voters: the ideas to click, then the accounts counted back from the last
    one past `account_offset`, logged in."""
    lines = [" ".join(str(i) for i in manifest["vote_idea_ids"])]
    for n in range(users):
        number = manifest["accounts"] - account_offset - n
        email = manifest["account_email"].format(n=number)
        lines.append("\t".join(log_in(host, email, manifest["password"])))
    path.write_text("\n".join(lines) + "\n")
    return path


def run(
    *,
    host: str,
    manifest: dict[str, Any],
    users: int,
    seconds: float,
    warmup: float,
    account_offset: int = 0,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "out.json"
        # The warm-up clicks as other accounts: a second wrk does not know the first one's
        # votes, and a measured voter clicking an idea it supported in the warm-up would
        # withdraw that vote (about 3 % of the clicks were such withdrawals).
        if warmup > 0:
            warm = _voters_file(
                Path(folder) / "warm.txt", host, manifest, users, account_offset + users
            )
            _wrk(host, warm, users, warmup, output)
        voters_file = _voters_file(
            Path(folder) / "voters.txt", host, manifest, users, account_offset
        )
        measured = _wrk(host, voters_file, users, seconds, output)
    elapsed = measured["duration_us"] / 1e6
    count = measured["requests"]
    failures = measured["refused"] + measured["socket_errors"]
    return {
        "scenario": VOTE,
        "generator": "wrk",
        "users": users,
        "seconds": round(elapsed, 2),
        "requests": count,
        "failures": failures,
        "rps": round(count / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(measured["p50_us"] / 1000),
        "p95_ms": round(measured["p95_us"] / 1000),
        "p99_ms": round(measured["p99_us"] / 1000),
        "mean_ms": round(measured["mean_us"] / 1000, 1),
        "max_ms": round(measured["max_us"] / 1000, 1),
        "errors": (
            [{"error": "refused or failed vote requests", "occurrences": failures}]
            if failures
            else []
        ),
        "casts": measured["casts"],
        "withdrawals": measured["withdrawals"],
        "casts_per_second": round(measured["casts"] / elapsed, 1) if elapsed else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    args = generator_cli.parse("The vote scenario, with wrk (bounded by time).", argv)
    if args.scenario != VOTE:
        raise SystemExit(f"wrk drives the {VOTE} scenario only")
    result = run(
        host=args.host,
        manifest=args.manifest,
        users=args.users,
        seconds=args.seconds,
        warmup=args.warmup,
        account_offset=args.account_offset,
    )
    return generator_cli.write(args, result)


if __name__ == "__main__":
    sys.exit(main())
