"""The vote scenario's wrk script (bench/votes.lua), run for real against a stand-in server on
loopback that toggles votes as the app does: it sends each voter's cookie and CSRF token as
the page's script would, counts casts and withdrawals from the answers, and one click in ten
or so takes a vote back. Nothing is timed: the run is short and only its counts are checked."""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import wrkload

pytestmark = pytest.mark.skipif(not wrkload.available(), reason="wrk is not installed")

VOTERS = {"session=alice": "token-a", "session=bob": "token-b"}


class Toggle(BaseHTTPRequestHandler):
    votes: set[tuple[str, str]] = set()
    answers = {"cast": 0, "withdrawn": 0, "bad": 0}
    lock = threading.Lock()

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        cookie = self.headers["Cookie"]
        idea = self.path.removeprefix("/ideas/").removesuffix("/vote")
        good = (
            self.path.endswith("/vote")
            and idea.isdigit()
            and self.headers["Accept"] == "application/json"
            and VOTERS.get(cookie) == form.get("csrf_token", [""])[0]
            and form.get("value") == ["1"]
        )
        with self.lock:
            if not good:
                self.answers["bad"] += 1
                value = None
            elif (cookie, idea) in self.votes:
                self.votes.discard((cookie, idea))
                self.answers["withdrawn"] += 1
                value = 0
            else:
                self.votes.add((cookie, idea))
                self.answers["cast"] += 1
                value = 1
        body = json.dumps({"value": value, "support_count": 1}).encode()
        self.send_response(200 if good else 400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_vote_script_clicks_as_each_voter_and_counts_what_the_server_answered(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Toggle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        voters = tmp_path / "voters.txt"
        lines = [" ".join(str(i) for i in range(1, 50_001))]
        lines += [f"{cookie}\t{token}" for cookie, token in VOTERS.items()]
        voters.write_text("\n".join(lines) + "\n")
        host = f"http://127.0.0.1:{server.server_address[1]}"
        result = wrkload._wrk(host, voters, users=2, seconds=1, output=tmp_path / "out.json")
    finally:
        server.shutdown()
        server.server_close()

    answers = Toggle.answers
    assert answers["bad"] == 0 and result["refused"] == 0
    assert result["requests"] > 100
    # Every answer wrk counted is one the server gave (the server may have answered one
    # more per connection as wrk stopped).
    assert 0 <= answers["cast"] - result["casts"] <= 2
    assert 0 <= answers["withdrawn"] - result["withdrawals"] <= 2
    assert result["casts"] + result["withdrawals"] == result["requests"]
    # Withdrawals are the voters taking back their own votes: about one click in ten.
    assert 0 < result["withdrawals"] < 0.3 * result["requests"]
    assert result["p50_us"] <= result["p95_us"] <= result["p99_us"]


def test_the_warm_up_clicks_as_other_accounts_than_the_measured_run(monkeypatch):
    # Two wrk runs do not share what their voters clicked: a measured voter clicking an idea
    # it supported in the warm-up would withdraw that vote.
    logged_in: list[str] = []
    runs: list[list[str]] = []

    def log_in(host, email, password):
        logged_in.append(email)
        return f"session={email}", "token"

    def wrk(host, voters_file, users, seconds, output):
        runs.append(voters_file.read_text().splitlines()[1:])
        return {
            "requests": 10,
            "duration_us": 1_000_000,
            "casts": 9,
            "withdrawals": 1,
            "refused": 0,
            "socket_errors": 0,
            "p50_us": 1,
            "p95_us": 2,
            "p99_us": 3,
            "mean_us": 1.5,
            "max_us": 4,
        }

    monkeypatch.setattr(wrkload, "log_in", log_in)
    monkeypatch.setattr(wrkload, "_wrk", wrk)
    manifest = {
        "vote_idea_ids": [1, 2, 3],
        "accounts": 1_000,
        "account_email": "bench{n}@example.com",
        "password": "x",
    }
    result = wrkload.run(
        host="http://127.0.0.1:1",
        manifest=manifest,
        users=4,
        seconds=1,
        warmup=1,
        account_offset=200,
    )
    warm, measured = runs
    assert len(warm) == len(measured) == 4
    assert not set(warm) & set(measured)
    assert len(set(logged_in)) == 8
    assert measured[0].startswith("session=bench800@")
    assert result["casts"] == 9
