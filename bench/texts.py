"""Realistic Dutch text for the generator: the demo consultation's ideas, comments and
responses (participate/demo_content.py) and the project's seed documents, cut into sentences
and put together again, with Flemish street and place names. Deterministic for one rng."""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

from participate import demo_content as content

# The project's seed documents live in shared/ beside the checkout (here and in CI).
SEEDS_CANDIDATES = (
    Path(__file__).resolve().parents[2] / "shared" / "seeds",
    Path("/work/shared/seeds"),
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'])")
# The seed documents went through an encoding accident or two: keep lines of plain Dutch.
_PLAIN = re.compile(r"^[A-Za-zÀ-ÿ0-9 ,.;:!?'()\-\u2019/&%€]+$")

FIRST_NAMES = [first for _, name in content.CITIZENS for first in [name.split(" ")[0]]] + [
    "Lotte",
    "Arne",
    "Fien",
    "Senne",
    "Lien",
    "Wout",
    "Ines",
    "Bram",
    "Amira",
    "Thibault",
    "Marie",
    "Lars",
    "Noor",
    "Jens",
    "Saar",
    "Karim",
]
LAST_NAMES = [" ".join(name.split(" ")[1:]) for _, name in content.CITIZENS] + [
    "Peeters",
    "Vermeulen",
    "Van de Velde",
    "Dubois",
    "Bogaert",
    "Smets",
    "Coppens",
    "De Backer",
    "Vandenberghe",
    "Segers",
    "Hendrickx",
    "Wuyts",
]
STREETS = [
    "Kerkstraat",
    "Schoolstraat",
    "Stationsstraat",
    "Molenweg",
    "Beekstraat",
    "Veldstraat",
    "Nieuwstraat",
    "Lindelaan",
    "Kapelleweg",
    "Heidebaan",
    "Dorpsplein",
    "Markt",
    "Populierenlaan",
    "Oude Baan",
    "Bosstraat",
    "Meersstraat",
    "Kouter",
    "Vijverstraat",
    "Hoogstraat",
    "Sint-Jansplein",
]
PLACES = ["Heikant", "Dorpskern", "Stationswijk", "Molenveld", "Broek", "Ter Linden", "Hoeve"]
TOWNS = [
    "Lindeveld",
    "Heikant",
    "Oostbroek",
    "Zandhoven-Noord",
    "Meerdonk",
    "Klein-Brabant",
    "Waasland-Oost",
]
TITLE_SUFFIXES = [
    " in de {street}",
    " aan de {street}",
    " in {place}",
    " voor heel {town}",
    " ({place})",
    "",
    "",
    "",
]
TITLE_PREFIXES = ["", "", "", "Voorstel: ", "Graag: ", "Waarom niet: "]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.replace("\n", " ")) if len(s) > 20]


@cache
def corpus() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(idea sentences, comment sentences, idea titles)."""
    idea_sentences = [s for idea in content.IDEAS for s in _sentences(idea.body)]
    idea_sentences += [s for r in content.RESPONSES for s in _sentences(r.body)]
    comment_sentences = [
        s
        for c in content.COMMENTS
        for body in (c.body, *(reply for _, reply in c.replies))
        for s in _sentences(body)
    ]
    seeds = next((p for p in SEEDS_CANDIDATES if p.is_dir()), None)
    if seeds is not None:
        for path in sorted(seeds.glob("*.txt")):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip()
                if len(line) > 40 and _PLAIN.match(line) and line.endswith((".", "?", "!")):
                    comment_sentences.append(line)
    titles = [idea.title for idea in content.IDEAS]
    return tuple(idea_sentences), tuple(comment_sentences), tuple(titles)


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        street=rng.choice(STREETS), place=rng.choice(PLACES), town=rng.choice(TOWNS)
    )


def idea_title(rng: random.Random) -> str:
    """10 to 120 characters, as the database asks."""
    _, _, titles = corpus()
    title = rng.choice(TITLE_PREFIXES) + rng.choice(titles) + _fill(rng.choice(TITLE_SUFFIXES), rng)
    if len(title) > 120:
        title = title[:117].rsplit(" ", 1)[0] + "..."
    return title


def idea_body(rng: random.Random) -> str:
    sentences, _, _ = corpus()
    parts = rng.sample(sentences, rng.randint(2, 6))
    if rng.random() < 0.3:
        parts.insert(1, f"Het gaat vooral om de {rng.choice(STREETS)} en omgeving.")
    return " ".join(parts)


def comment_body(rng: random.Random) -> str:
    """2 to 5000 characters, as the database asks."""
    idea_sentences, comment_sentences, _ = corpus()
    pool = comment_sentences if rng.random() < 0.8 else idea_sentences
    return " ".join(rng.sample(pool, rng.randint(1, 3)))


def place(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return ""
    if roll < 0.8:
        return rng.choice(STREETS)
    return f"{rng.choice(STREETS)} {rng.randint(1, 180)}, 9999 {rng.choice(TOWNS)}"


def display_name(n: int) -> str:
    """Unique enough to read, 2 to 60 characters."""
    first = FIRST_NAMES[n % len(FIRST_NAMES)]
    last = LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return f"{first} {last}"
