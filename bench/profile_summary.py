"""Summarise a py-spy "raw" (folded) profile from `bench.run --profile`: where the workers spent
their samples, by our own functions and by library.

    python -m bench.profile_summary bench/data/profiles/list_newest.folded.txt
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path


def summarise(path: Path, top: int = 25) -> str:
    inclusive: Counter[str] = Counter()
    leaf: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        if not any("dispatch_request" in f for f in frames):
            continue  # idle workers waiting for a request
        total += n
        for frame in set(frames):
            inclusive[frame] += n
        leaf[frames[-1].split(" (")[-1].split(":")[0].split("/site-packages/")[-1]] += n
    lines = [f"{total} samples in requests", "", "inclusive (our code and the main libraries):"]
    for frame, n in inclusive.most_common(400):
        if "participate" in frame or "jinja2" in frame or "sqlalchemy/engine" in frame:
            lines.append(f"{100 * n / total:5.1f}%  {frame}")
            if len(lines) > top + 3:
                break
    lines += ["", "self time by file:"]
    lines += [f"{100 * n / total:5.1f}%  {f}" for f, n in leaf.most_common(15)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1])))
