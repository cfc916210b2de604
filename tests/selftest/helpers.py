"""A small self-test with known positions, so that rankings can be worked out by hand.

Statements s1..s4; steps 0 fully disagree … 4 fully agree. The profiles:
    Groen:   4 4 0 2
    Stad:    0 4 4 4
    Dorp:    2 0 0 0
"""

from __future__ import annotations

from participate.selftest import services

STATEMENTS = [
    ("Er komt meer groen in elke straat.", "Natuur"),
    ("Bussen en trams rijden vaker.", "Mobiliteit"),
    ("Er worden hogere gebouwen toegelaten.", "Wonen"),
    ("Winkels liggen op wandelafstand.", "Voorzieningen"),
]
PROFILES = {
    "Groen": ([4, 4, 0, 2], ["Natuur"]),
    "Stad": ([0, 4, 4, 4], ["Wonen", "Mobiliteit"]),
    "Dorp": ([2, 0, 0, 0], ["Natuur"]),
}


def build_selftest(
    *,
    statements=STATEMENTS,
    profiles=PROFILES,
    published: bool = True,
    consultation=None,
    slug: str | None = None,
    title: str = "Waar wil jij wonen in 2040?",
):
    import itertools

    slug = slug or f"zelftest-{next(_serial)}"
    selftest = services.save_selftest(
        None,
        title=title,
        slug=slug,
        intro_md="Ontdek welk soort gemeente bij je past.",
        consultation_id=consultation.id if consultation else None,
        published=False,
        retention_days=365,
    )
    for text, theme in statements:
        services.save_statement(
            selftest, None, text=text, explanation="", theme=theme, positions={}
        )
    keys = [s.key for s in selftest.current_version.statements]
    for name, (steps, themes) in profiles.items():
        services.save_profile(
            selftest,
            None,
            name=name,
            description=f"Het profiel {name}.",
            themes=themes,
            positions=dict(zip(keys, itertools.chain(steps), strict=True)),
        )
    if published:
        services.save_selftest(
            selftest,
            title=selftest.title,
            slug=selftest.slug,
            intro_md=selftest.intro_md,
            consultation_id=selftest.consultation_id,
            published=True,
            retention_days=365,
        )
    return selftest


def _counter():
    n = 0
    while True:
        n += 1
        yield n


_serial = _counter()
