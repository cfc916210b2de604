"""The benchmark, end to end, on one database and one size:

    python -m bench.run --database sqlite --size small
    python -m bench.run --database postgresql --size region

1. generate the data (bench/generate.py) in a fresh database (or reuse it: --reuse);
2. serve it as in production: gunicorn, 2 workers, wsgi:app, PARTICIPATE_ENV=production, with
   the rate limits off (RATELIMIT_ENABLED=false) and the bare baseline page on (BENCH_BASELINE=1);
3. load each page and each write in turn from a separate process on loopback (bench/loadgen.py),
   the baseline first and last; pages the app does not answer yet are "not available";
4. check that every count is still exact after the votes and comments of the run, and that no
   "database is locked" reached a user;
5. time each export with the peak memory (RSS) of its process, through `participate export`;
6. write bench/results/<size>-<database>.json and .md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report, wrkload
from bench.config import (
    BASELINE,
    COMMENT,
    EXPORTS,
    LOAD,
    PAGES,
    SEARCH_WORDS,
    SIZES,
    VOTE,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
# Dropped and created again by each run: a database of the benchmark's own, one per size.
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/participate_bench_{size}"
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def database_url(database: str, size: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{DATA / f'{size}.db'}"
    return POSTGRES_URL.format(size=size)


def voter_offset(manifest: dict[str, Any], voters: int) -> int:
    """Where this run's voters start, counted back from the last account: a fresh stretch
    each run, past the commenters' accounts (100 onwards) and the fixed ones before them, so
    that the voters do not find the votes of an earlier run on a reused database (each vote
    on an idea a voter already supports would withdraw it: a second click withdraws). Room
    for twice the voters: wrk's warm-up clicks as the next ones."""
    first, last = 200, manifest["accounts"] - 2 * voters
    return random.randrange(first, last) if last > first else 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "participate", "migrations", "wsgi.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+changes" if dirty else "")


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in load],
        "note": (
            "the machine was busy with other work at the start: figures vary from run to run"
            if load[0] > 1.5
            else "the machine was otherwise quiet at the start"
        ),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def app_env(url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PARTICIPATE_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=url,
        BASE_URL=f"http://127.0.0.1:{port}",
        RATELIMIT_ENABLED="false",
        BENCH_BASELINE="1",
        MAIL_SERVER="",
        REDIS_URL="",
    )
    return env


# -- The server -------------------------------------------------------------------------


class Server:
    """gunicorn with 2 workers serving wsgi:app, as the README's deployment does."""

    def __init__(self, url: str, workers: int = 2) -> None:
        self.port = free_port()
        self.env = app_env(url, self.port)
        self.log_path = DATA / "gunicorn.log"
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.log_file = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: see {self.log_path}")
            if fetch(self.base + "/healthz")[0] == 200:
                return self
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


# -- The load run -----------------------------------------------------------------------


def probe(server: Server, manifest: dict[str, Any]) -> dict[str, str]:
    """Which pages the app answers (200): the others are reported as not available."""
    available = {}
    for page in [BASELINE, *PAGES]:
        path = page.path.format(
            slug=manifest["slug"],
            theme_id=manifest["theme_id"],
            detail_idea_id=manifest["detail_idea_id"],
            word=SEARCH_WORDS[0],
            token=manifest["tokens"][0] if manifest["tokens"] else "none",
        )
        status, _ = fetch(server.base + path)
        available[page.name] = "ok" if status == 200 else f"not available (HTTP {status})"
    return available


def load(
    server: Server,
    manifest_path: Path,
    scenario: str,
    users: int,
    size: str,
    account_offset: int = 0,
    profile: bool = False,
) -> dict[str, Any]:
    settings = LOAD[size]
    seconds = settings.baseline_seconds if scenario == "baseline" else settings.seconds
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        output = Path(out.name)
    # Votes with wrk where it is installed (bench/wrkload.py says why), else with Locust.
    generator = "bench.wrkload" if scenario == VOTE and wrkload.available() else "bench.loadgen"
    command = [
        sys.executable,
        "-m",
        generator,
        "--host",
        server.base,
        "--manifest",
        str(manifest_path),
        "--scenario",
        scenario,
        "--users",
        str(users),
        "--seconds",
        str(seconds),
        "--max-requests",
        str(settings.max_requests),
        "--warmup",
        str(settings.warmup_seconds),
        "--account-offset",
        str(account_offset),
        "--output",
        str(output),
    ]
    spy = _profile(server, scenario, seconds + settings.warmup_seconds + 5) if profile else None
    started = time.monotonic()
    completed = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=settings.seconds + 180
    )
    if spy is not None:
        spy.wait(timeout=120)
    if completed.returncode != 0:
        log(f"{scenario}: the load generator failed:\n{completed.stderr[-2000:]}")
        return {"scenario": scenario, "error": completed.stderr[-500:]}
    result = json.loads(output.read_text())
    output.unlink()
    log(
        f"{scenario:16} {result['rps']:8.1f} req/s  p50 {result['p50_ms']} ms  "
        f"p95 {result['p95_ms']} ms  p99 {result['p99_ms']} ms  "
        f"failures {result['failures']}  ({time.monotonic() - started:.0f} s)"
    )
    return result


def _profile(server: Server, scenario: str, seconds: float) -> subprocess.Popen | None:
    """py-spy on the gunicorn workers while the scenario runs (bench/data/profiles/)."""
    spy = BIN / "py-spy"
    if not spy.exists() or server.process is None:
        log("py-spy is not installed: no profile")
        return None
    folder = DATA / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            str(spy),
            "record",
            "--pid",
            str(server.process.pid),
            "--subprocesses",
            "--duration",
            str(int(seconds)),
            "--format",
            "raw",
            "--output",
            str(folder / f"{scenario}.folded.txt"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# -- Exports ----------------------------------------------------------------------------


def exports(url: str, manifest: dict[str, Any]) -> dict[str, Any]:
    """Each export of the largest consultation through the CLI, timed, with the peak RSS of
    its process (the kernel's own account: wait4's ru_maxrss)."""
    env = app_env(url, 5000)
    env["PARTICIPATE_ENV"] = "production"
    participate = str(BIN / "participate")
    helped = subprocess.run(
        [participate, "export", "--help"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    results: dict[str, Any] = {}
    if helped.returncode != 0:
        for export in EXPORTS:
            results[export.name] = {"status": "not available (no `participate export` command)"}
        return results
    folder = DATA / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    for export in EXPORTS:
        output = folder / f"{manifest['slug']}.{export.name}"
        output.unlink(missing_ok=True)
        argv = [a.format(slug=manifest["slug"], output=output) for a in export.argv]
        started = time.monotonic()
        process = subprocess.Popen(
            [participate, *argv],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.returncode != 0:
            results[export.name] = {
                "status": f"failed (exit {process.returncode})",
                "error": stderr[-500:],
            }
        else:
            results[export.name] = {
                "status": "ok",
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                "bytes": output.stat().st_size if output.exists() else None,
            }
        log(f"export {export.name}: {results[export.name]}")
    return results


# -- After the run ----------------------------------------------------------------------


def verify(url: str) -> list[str]:
    from bench.consistency import check
    from participate import create_app
    from participate.db import db

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32)})
    with app.app_context():
        problems = check(db.session.connection())
        db.session.rollback()
    app.extensions["participate.engine"].dispose()
    return problems


def database_version(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            version = "SQLite " + conn.scalar(text("SELECT sqlite_version()"))
        else:
            version = conn.scalar(text("SHOW server_version"))
            version = f"PostgreSQL {version}"
    engine.dispose()
    return version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmark on one database.")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--quick", action="store_true", help="short scenarios, to try the harness")
    parser.add_argument("--reuse", action="store_true", help="keep the data of the last run")
    parser.add_argument("--only", nargs="*", help="only these scenarios (and the baseline)")
    parser.add_argument("--profile", action="store_true", help="py-spy on each scenario")
    parser.add_argument("--no-exports", action="store_true")
    args = parser.parse_args(argv)

    DATA.mkdir(parents=True, exist_ok=True)
    url = database_url(args.database, args.size)
    manifest_path = DATA / f"{args.size}-{args.database}.json"
    started_at = datetime.now(UTC)
    load_before = machine()
    if not (args.reuse and manifest_path.exists()):
        log(f"generating {args.size} on {args.database}")
        command = [sys.executable, "-m", "bench.generate", "--size", args.size]
        command += ["--database-url", url, "--reset", "--manifest", str(manifest_path)]
        env = dict(os.environ, SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_hex(32))
        subprocess.run(command, cwd=ROOT, env=env, check=True)
    manifest = json.loads(manifest_path.read_text())
    # As autovacuum keeps a running site (this machine's PostgreSQL has it off): the votes and
    # comments of an earlier run on a reused database leave dead rows behind.
    from bench.generate import vacuum

    vacuum(url)

    load_name = "quick" if args.quick else args.size
    settings = LOAD[load_name]
    scenarios: list[dict[str, Any]] = []
    with Server(url) as server:
        available = probe(server, manifest)
        log("pages: " + ", ".join(f"{k}: {v}" for k, v in available.items()))
        # The bare page before and after each page, so that each is compared with the
        # machine as it was then (report.neighbour_baseline); the writes come last.
        runs = [("baseline", settings.read_users, 0)]
        for page in PAGES:
            if not args.only or page.name in args.only:
                runs += [(page.name, settings.read_users, 0), ("baseline", settings.read_users, 0)]
        for name, users, offset in [
            (VOTE, settings.vote_users, voter_offset(manifest, settings.vote_users)),
            (COMMENT, settings.comment_users, 100),
        ]:
            if not args.only or name in args.only:
                runs += [(name, users, offset), ("baseline", settings.read_users, 0)]
        for name, users, offset in runs:
            if available.get(name, "ok") != "ok":
                scenarios.append({"scenario": name, "status": available[name]})
                continue
            result = load(
                server,
                manifest_path,
                name,
                users,
                load_name,
                account_offset=offset,
                profile=args.profile,
            )
            result["status"] = "ok" if "error" not in result else "failed"
            scenarios.append(result)
        server_log = server.log_text()

    locked = server_log.count("database is locked")
    tracebacks = server_log.count("Traceback (most recent call last)")
    log("checking that every count is exact after the run")
    problems = verify(url)
    log("exact" if not problems else "NOT EXACT: " + "; ".join(problems))
    export_results = {} if args.no_exports else exports(url, manifest)

    result = {
        "database": args.database,
        "database_version": database_version(url),
        "size": args.size,
        "dataset": {k: manifest[k] for k in ("rows", "largest_ideas", "detail_comments")},
        "generate_seconds": manifest.get("seconds"),
        "commit": git_commit(),
        "started_at": started_at.isoformat(timespec="seconds"),
        "machine": load_before,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "server": "gunicorn --workers 2 (sync), PARTICIPATE_ENV=production, loopback",
        "load": {
            "read_users": settings.read_users,
            "vote_users": settings.vote_users,
            "comment_users": settings.comment_users,
            "seconds_per_scenario": settings.seconds,
            "seconds_per_baseline": settings.baseline_seconds,
            "max_requests_per_scenario": settings.max_requests,
        },
        "scenarios": scenarios,
        "database_locked_errors": locked,
        "server_tracebacks": tracebacks,
        "counts_exact": not problems,
        "count_problems": problems,
        "exports": export_results,
    }
    result["targets"] = report.targets(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{args.size}-{args.database}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n")
    stem.with_suffix(".md").write_text(report.markdown(result) + "\n")
    log(f"results: {stem}.json and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
