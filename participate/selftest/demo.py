"""The Dutch demo self-test for `participate seed-demo`: "Waar wil jij wonen in 2040?", 15
statements on space, mobility, housing, greenery and services, 4 profiles, and some sixty
responses spread over the last ten days (through the real services), so that the council's
figures have something to show."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import update

from participate.consultations.models import Consultation
from participate.db import db
from participate.selftest import services, taking
from participate.selftest.models import Response, SelfTest

SLUG = "waar-wil-jij-wonen"
TITLE = "Waar wil jij wonen in 2040?"
INTRO_MD = """\
Een compacte, groene stad? Een bruisende grootstad? Een autovrij dorp of een ruime wijk met een \
tuin? Geef bij vijftien stellingen aan hoe jij erover denkt, en ontdek welk soort gemeente het \
best bij je past. Het duurt een vijftal minuten.

Je hebt geen account nodig. Wat telt voor jou, duid je aan als **belangrijk**: die stellingen \
tellen dubbel. De gemeente ziet alleen de samengetelde antwoorden en gebruikt ze bij het nieuwe \
ruimtelijke beleidsplan."""

WONEN = "Wonen"
MOBILITEIT = "Mobiliteit"
NATUUR = "Natuur en open ruimte"
VOORZIENINGEN = "Voorzieningen en ontmoeting"
KLIMAAT = "Klimaat en water"
ECONOMIE = "Economie en werk"

PROFILES = [
    (
        "Compacte groene stad",
        "Je woont graag dicht bij elkaar, in een stad vol bomen, parken en fietspaden. Winkels, "
        "school en werk liggen op fietsafstand, de open ruimte rond de stad blijft open.",
        [NATUUR, KLIMAAT, MOBILITEIT],
    ),
    (
        "Bruisende grootstad",
        "Je houdt van drukte, cultuur en hoge gebouwen. Alles is dichtbij: werk, uitgaan, "
        "voorzieningen en het openbaar vervoer dat dag en nacht rijdt.",
        [ECONOMIE, VOORZIENINGEN, WONEN],
    ),
    (
        "Autovrije dorpskern",
        "Je kiest voor een kleinschalige kern waar kinderen veilig op straat spelen, met de "
        "bakker, de school en de huisarts om de hoek, en de auto aan de rand.",
        [MOBILITEIT, VOORZIENINGEN],
    ),
    (
        "Ruime buitenwijk",
        "Je wilt rust en ruimte: een huis met een tuin in een groene wijk, en de auto voor de "
        "deur om snel overal te geraken.",
        [WONEN],
    ),
]

# (statement, explanation, theme, positions of the four profiles above: 0 fully disagree … 4
# fully agree)
STATEMENTS = [
    (
        "Nieuwe woningen komen er in de kernen, niet meer in het open landschap.",
        "Vlaanderen wil de bijkomende bebouwing van open ruimte afbouwen (de ‘bouwshift’).",
        NATUUR,
        [4, 3, 4, 0],
    ),
    ("In het centrum mogen gebouwen hoger worden dan vier verdiepingen.", "", WONEN, [3, 4, 0, 1]),
    (
        "Ik wil een eigen tuin, ook als mijn woning daardoor duurder is of verder van het centrum ligt.",
        "",
        WONEN,
        [1, 0, 2, 4],
    ),
    (
        "De auto maakt in het centrum plaats voor fietsers en voetgangers.",
        "",
        MOBILITEIT,
        [4, 2, 4, 0],
    ),
    (
        "Elke wijk heeft binnen tien minuten wandelen een halte met bussen die vaak rijden.",
        "",
        MOBILITEIT,
        [4, 4, 2, 1],
    ),
    ("Parkeren voor de deur is voor mij belangrijk.", "", MOBILITEIT, [0, 1, 0, 4]),
    (
        "Fietssnelwegen naar de grote steden zijn belangrijker dan bredere wegen.",
        "",
        MOBILITEIT,
        [4, 3, 3, 1],
    ),
    (
        "Samenhuizen en kleinere woningen zijn een goed antwoord op de dure woningmarkt.",
        "Bij samenhuizen heeft elk gezin een eigen woning en delen de bewoners bijvoorbeeld een tuin of "
        "een gemeenschappelijke ruimte.",
        WONEN,
        [4, 3, 3, 0],
    ),
    ("Appartementen boven winkels maken een centrum levendiger.", "", WONEN, [3, 4, 3, 1]),
    ("Elke straat krijgt meer bomen, ook als dat parkeerplaatsen kost.", "", NATUUR, [4, 2, 4, 1]),
    (
        "Versteende pleinen en parkings worden groene plekken die regenwater opvangen.",
        "",
        KLIMAAT,
        [4, 3, 4, 2],
    ),
    (
        "Bossen, akkers en weiden rond de gemeente blijven beschermd tegen nieuwe verkavelingen.",
        "",
        NATUUR,
        [4, 2, 4, 0],
    ),
    ("Ik wil winkels, school en huisarts op wandelafstand.", "", VOORZIENINGEN, [4, 4, 4, 1]),
    (
        "Cultuur, uitgaan en evenementen horen bij een aantrekkelijke gemeente, ook als het soms lawaai geeft.",
        "",
        VOORZIENINGEN,
        [2, 4, 1, 0],
    ),
    ("Voor een zwembad of een sporthal neem ik gerust de auto.", "", VOORZIENINGEN, [1, 1, 1, 4]),
]

RESPONSES = 60


class _Session(dict):
    """What `taking` needs of Flask's session, for answers given by the demo's script."""

    modified = False


def seed_selftest(consultation: Consultation | None, now: datetime) -> SelfTest:
    selftest = services.save_selftest(
        None,
        title=TITLE,
        slug=SLUG,
        intro_md=INTRO_MD,
        consultation_id=consultation.id if consultation else None,
        published=False,
        retention_days=365,
    )
    for text, explanation, theme, _steps in STATEMENTS:
        services.save_statement(
            selftest, None, text=text, explanation=explanation, theme=theme, positions={}
        )
    keys = [s.key for s in selftest.current_version.statements]
    for i, (name, description, themes) in enumerate(PROFILES):
        services.save_profile(
            selftest,
            None,
            name=name,
            description=description,
            themes=themes,
            positions={k: st[3][i] for k, st in zip(keys, STATEMENTS, strict=True)},
        )
    services.save_selftest(
        selftest,
        title=TITLE,
        slug=SLUG,
        intro_md=INTRO_MD,
        consultation_id=selftest.consultation_id,
        published=True,
        retention_days=365,
    )
    _respond(selftest, now)
    return selftest


def _respond(selftest: SelfTest, now: datetime) -> None:
    """Residents who lean to one profile, answer around its positions, skip now and then and
    mark a few statements as important; their results are spread over ten days."""
    rng = random.Random(2040)  # noqa: S311 - not for security
    version = selftest.current_version
    leanings = [0.35, 0.15, 0.25, 0.25]
    for n in range(RESPONSES):
        profile = rng.choices(version.profiles, weights=leanings)[0]
        steps = profile.position_map()
        session = _Session()
        mine = taking.progress(session, selftest)
        for statement in version.statements:
            roll = rng.random()
            if roll < 0.07:
                continue  # skipped
            if roll < 0.12:
                mine["x"][str(statement.id)] = [None, 0]
                continue
            step = min(4, max(0, steps[statement.id] + rng.choice([-2, -1, 0, 0, 0, 1, 1])))
            mine["x"][str(statement.id)] = [step, 1 if rng.random() < 0.2 else 0]
        response = taking.finish(session, selftest, mine["a"])
        db.session.execute(
            update(Response)
            .where(Response.id == response.id)
            .values(created_at=now - timedelta(days=10 * (RESPONSES - n) / RESPONSES))
            .execution_options(synchronize_session=False)
        )
    db.session.flush()
