"""The command line both load generators share (bench/loadgen.py with Locust, bench/wrkload.py
with wrk): bench/run.py starts either with the same arguments and reads the same JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def parse(description: str, argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", required=True)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--account-offset", type=int, default=0)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    args.manifest = json.loads(args.manifest.read_text())
    return args


def write(args: argparse.Namespace, result: dict[str, Any]) -> int:
    args.output.write_text(json.dumps(result, indent=1))
    return 0
