"""Every figure of every sheet equals what the database holds, in each format; what the
filters keep and leave out; privacy (pseudonyms, no names or addresses unless asked by an
admin, the town hall marked); formulas neutralised; the JSON valid against its schema."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select

from participate.consultations.models import Consultation
from participate.db import db, utcnow
from participate.ideas.models import Comment, Idea, Vote
from participate.results import services
from participate.results.days import local_date
from participate.results.filters import ExportFilter, make_filter
from participate.results.tables import Export, tables
from participate.selftest.models import Answer, Response, SelfTest
from tests.results.helpers import SCHEMA, read

FORMATS = ["xlsx", "csv", "json"]


def consultation_of(story) -> Consultation:
    return db.session.get(Consultation, story.consultation.id)


def run(story, fmt: str, flt: ExportFilter | None = None, contact_details: bool = False):
    export = Export(consultation_of(story), flt or ExportFilter(), contact_details=contact_details)
    out = io.BytesIO()
    services.write(export, fmt, out)
    return export, out.getvalue()


def exported(story, fmt: str, **kwargs) -> dict:
    export, data = run(story, fmt, **kwargs)
    return read(fmt, data, export)


# -- What the database holds, counted here without the export's code ------------------------


def db_ideas(story, include_hidden: bool = False) -> list[Idea]:
    ideas = db.session.scalars(
        select(Idea).where(Idea.consultation_id == story.consultation.id).order_by(Idea.id)
    )
    if include_hidden:
        return [i for i in ideas if i.status != "withdrawn" and i.merged_into_id is None]
    return [i for i in ideas if i.is_public]


def db_comments(ideas: list[Idea], include_hidden: bool = False) -> list[Comment]:
    ids = {i.id for i in ideas}
    comments = db.session.scalars(select(Comment).order_by(Comment.id))
    return [
        c
        for c in comments
        if c.idea_id in ids and c.deleted_at is None and (include_hidden or c.is_visible)
    ]


def db_votes_per_day(ideas: list[Idea]) -> dict[tuple[int, object], tuple[int, int]]:
    ids = {i.id for i in ideas}
    tally: dict = defaultdict(lambda: [0, 0])
    for vote in db.session.scalars(select(Vote)):
        if vote.idea_id in ids:
            tally[(vote.idea_id, local_date(vote.created_at))][0 if vote.value > 0 else 1] += 1
    return {key: tuple(value) for key, value in tally.items()}


# -- Per sheet ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_ideas_sheet_equals_the_database(request_ctx, story, fmt):
    found = exported(story, fmt)["ideas"]
    ideas = db_ideas(story)

    assert [r["id"] for r in found] == [i.id for i in ideas]
    for row, idea in zip(found, ideas, strict=True):
        assert row["title"].lstrip("'") == idea.title
        assert row["status"] == idea.status
        assert (
            row["supporters"]
            == idea.support_count
            == sum(
                1 for v in db.session.scalars(select(Vote)) if v.idea_id == idea.id and v.value > 0
            )
        )
        assert row["opponents"] == idea.oppose_count
        assert row["comments"] == idea.comment_count
        assert row["source"] == idea.source
        assert abs(row["created_at"] - idea.created_at) < timedelta(seconds=1)
        assert row["url"] == f"http://participate.test/ideas/{idea.id}"
    accepted = next(r for r in found if r["id"] == story.ideas["fietsstraat"])
    assert (
        accepted["official_response"] == "De gemeente legt de **fietsstraat** aan in het voorjaar."
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_votes_per_day_sheet_equals_the_database(request_ctx, story, fmt):
    found = exported(story, fmt)["votes_per_day"]

    assert {(r["idea_id"], r["day"]): (r["supporters"], r["opponents"]) for r in found} == (
        db_votes_per_day(db_ideas(story))
    )
    assert len(found) == len({(r["idea_id"], r["day"]) for r in found})  # one row per day


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_comments_sheet_equals_the_database(request_ctx, story, fmt):
    found = exported(story, fmt)["comments"]
    comments = db_comments(db_ideas(story))

    assert [(r["id"], r["idea_id"], r["reply_to"]) for r in found] == [
        (c.id, c.idea_id, c.parent_id) for c in comments
    ]
    assert [r["text"].lstrip("'") for r in found] == [c.body_md for c in comments]
    assert [r["source"] for r in found] == [c.source for c in comments]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_themes_sheet_equals_the_database(request_ctx, story, fmt):
    found = exported(story, fmt)["themes"]
    ideas = db_ideas(story)
    consultation = consultation_of(story)

    assert [r["name"] for r in found] == [t.name for t in consultation.themes]
    for row, theme in zip(found, consultation.themes, strict=True):
        mine = [i for i in ideas if i.theme_id == theme.id]
        assert (row["ideas"], row["supporters"], row["opponents"], row["comments"]) == (
            len(mine),
            sum(i.support_count for i in mine),
            sum(i.oppose_count for i in mine),
            sum(i.comment_count for i in mine),
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_selftest_sheets_equal_the_stored_answers(request_ctx, story, fmt):
    found = exported(story, fmt)
    selftest = db.session.get(SelfTest, story.selftest_id)
    version = selftest.current_version
    responses = list(db.session.scalars(select(Response).where(Response.version_id == version.id)))
    answers = list(
        db.session.scalars(select(Answer).where(Answer.response_id.in_([r.id for r in responses])))
    )
    steps = ("fully_disagree", "disagree", "neutral", "agree", "fully_agree")

    rows = found["selftest_answers"]
    assert [r["statement_key"] for r in rows] == [s.key for s in version.statements]
    for row, statement in zip(rows, version.statements, strict=True):
        mine = [a for a in answers if a.statement_id == statement.id]
        assert row["completions"] == len(responses) == 3
        for step, key in enumerate(steps):
            assert row[key] == sum(1 for a in mine if a.value == step)
        assert row["no_opinion"] == sum(1 for a in mine if a.value is None)
        assert row["skipped"] == len(responses) - len(mine)
        assert row["marked_important"] == sum(1 for a in mine if a.important)
    firsts = Counter(r.top_profile_id for r in responses)
    assert [(r["profile"], r["first_places"]) for r in found["selftest_profiles"]] == [
        (p.name, firsts[p.id]) for p in version.profiles
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_summary_equals_the_database_and_the_other_sheets(request_ctx, story, fmt):
    found = exported(story, fmt)
    ideas = db_ideas(story)
    comments = db_comments(ideas)
    votes = db_votes_per_day(ideas)
    ids = {i.id for i in ideas}
    voters = {v.user_id for v in db.session.scalars(select(Vote)) if v.idea_id in ids}
    authors = {i.author_id for i in ideas} | {c.author_id for c in comments}

    assert found["summary"] == {
        "ideas": len(ideas) == len(found["ideas"]) and len(ideas),
        "ideas_town_hall": sum(1 for i in ideas if i.source == "town_hall"),
        "supporters": sum(i.support_count for i in ideas),
        "opponents": sum(i.oppose_count for i in ideas),
        "votes_for": sum(up for up, _down in votes.values()),
        "votes_against": sum(down for _up, down in votes.values()),
        "comments": len(comments),
        "comments_town_hall": sum(1 for c in comments if c.source == "town_hall"),
        "participants": len((voters | authors) - {None}),
        "selftest_completions": 3,
    }
    assert found["summary"]["supporters"] == sum(r["supporters"] for r in found["ideas"])
    assert found["summary"]["votes_for"] == sum(r["supporters"] for r in found["votes_per_day"])
    assert found["summary"]["comments"] == len(found["comments"])


# -- Filters --------------------------------------------------------------------------------


def test_hidden_pending_and_withdrawn_ideas_and_another_consultation_stay_out(request_ctx, story):
    found = exported(story, "json")
    ids = {r["id"] for r in found["ideas"]}

    assert story.ideas["fietsstraat"] in ids and story.ideas["bank"] in ids
    for name in ("verborgen", "wachtend", "ingetrokken"):
        assert story.ideas[name] not in ids
    assert all(r["moderation"] == "visible" for r in found["ideas"] + found["comments"])
    assert "ander traject" not in json.dumps(found, default=str)


def test_including_hidden_items_adds_what_the_moderation_took_away(request_ctx, story):
    found = exported(story, "json", flt=ExportFilter(include_hidden=True))
    ideas = db_ideas(story, include_hidden=True)

    assert [r["id"] for r in found["ideas"]] == [i.id for i in ideas]
    assert {story.ideas["verborgen"], story.ideas["wachtend"]} <= {r["id"] for r in found["ideas"]}
    assert story.ideas["ingetrokken"] not in {r["id"] for r in found["ideas"]}
    assert [r["id"] for r in found["comments"]] == [c.id for c in db_comments(ideas, True)]
    assert "hidden" in {r["moderation"] for r in found["comments"]}
    assert "Weggehaald" not in json.dumps(found, default=str)  # removed comments never


def test_themes_and_statuses_filter_the_ideas_and_what_hangs_on_them(request_ctx, story):
    consultation = consultation_of(story)
    mobility = consultation.themes[0]
    found = exported(
        story, "json", flt=make_filter(consultation, themes=[mobility.name], statuses=["accepted"])
    )

    assert [r["id"] for r in found["ideas"]] == [story.ideas["fietsstraat"]]
    assert {r["idea_id"] for r in found["votes_per_day"]} == {story.ideas["fietsstraat"]}
    assert {r["idea_id"] for r in found["comments"]} == {story.ideas["fietsstraat"]}
    assert [r["name"] for r in found["themes"]] == [mobility.name]
    assert found["summary"]["ideas"] == 1


def test_a_date_range_keeps_the_ideas_votes_and_comments_of_those_days(request_ctx, story):
    consultation = consultation_of(story)
    today = local_date(utcnow())
    since, until = today - timedelta(days=6), today - timedelta(days=3)
    found = exported(story, "json", flt=make_filter(consultation, since=since, until=until))

    assert found["ideas"] == []  # every idea was posted 8 days ago or before
    flt = make_filter(consultation, since=today - timedelta(days=10), until=until)
    found = exported(story, "json", flt=flt)
    assert found["ideas"]
    assert all(since - timedelta(days=4) <= r["day"] <= until for r in found["votes_per_day"])
    assert today - timedelta(days=2) not in {r["day"] for r in found["votes_per_day"]}
    expected = db_votes_per_day(db_ideas(story))
    assert {(r["idea_id"], r["day"]) for r in found["votes_per_day"]} == {
        key for key in expected if key[1] <= until
    }


# -- Privacy --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_names_or_addresses_only_pseudonyms(request_ctx, story, fmt):
    _export, data = run(story, fmt)
    text = _all_text(fmt, data)

    assert "Janssens" not in text and "@example.com" not in text
    found = exported(story, fmt)
    assert all(re.fullmatch(r"Deelnemer \d+", r["author"]) for r in found["ideas"] if r["author"])


def test_a_person_keeps_one_pseudonym_within_an_export_but_not_across(request_ctx, story):
    first = exported(story, "json")
    alice_idea = next(r for r in first["ideas"] if r["id"] == story.ideas["fietsstraat"])
    alice_reply = next(r for r in first["comments"] if r["text"] == "Dank je, Bob!")
    assert alice_idea["author"] == alice_reply["author"]
    bob_idea = next(r for r in first["ideas"] if r["id"] == story.ideas["park"])
    assert bob_idea["author"] != alice_idea["author"]
    numbers = sorted(
        int(r["author"].split()[-1]) for r in first["ideas"] + first["comments"] if r["author"]
    )
    assert set(numbers) == set(range(1, max(numbers) + 1))  # 1..n, not account ids

    mappings = set()
    for _ in range(6):
        again = exported(story, "json")
        mappings.add(tuple(r["author"] for r in again["ideas"]))
    assert len(mappings) > 1  # drawn anew for each export


def test_town_hall_contributions_are_marked_and_have_no_author(request_ctx, story):
    found = exported(story, "json")
    bank = next(r for r in found["ideas"] if r["id"] == story.ideas["bank"])
    paper = next(r for r in found["comments"] if r["source"] == "town_hall")

    assert (bank["source"] == "town_hall" and bank["author"] is None) or bank["author"] == ""
    assert paper["author"] in (None, "")
    assert found["summary"]["ideas_town_hall"] == 1 and found["summary"]["comments_town_hall"] == 1


def test_the_contact_details_variant_adds_names_and_addresses(request_ctx, story):
    found = exported(story, "json", contact_details=True)
    row = next(r for r in found["ideas"] if r["id"] == story.ideas["fietsstraat"])

    assert row["author_name"] == "Alice Janssens"
    assert row["author_email"].startswith("alice-") and row["author_email"].endswith("@example.com")
    assert next(r for r in found["ideas"] if r["id"] == story.ideas["bank"])["author_email"] is None


# -- Defences and formats -------------------------------------------------------------------


def test_csv_cells_that_would_run_as_formulas_are_neutralised(request_ctx, story):
    _export, data = run(story, "csv")
    ideas = zipfile.ZipFile(io.BytesIO(data)).read("ideas.csv").decode("utf-8-sig")
    comments = zipfile.ZipFile(io.BytesIO(data)).read("comments.csv").decode("utf-8-sig")

    assert "'=HYPERLINK(" in ideas and ",=HYPERLINK(" not in ideas
    assert "'+1 voor het park" in comments


def test_xlsx_keeps_a_formula_like_title_as_text(request_ctx, story):
    import openpyxl

    _export, data = run(story, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[1]
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if str(row[1].value).startswith("="))

    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example")'


def test_the_spreadsheet_has_typed_cells_a_frozen_header_widths_and_filters(request_ctx, story):
    import openpyxl

    _export, data = run(story, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))

    assert [s.title for s in book.worksheets] == [
        "Samenvatting",
        "Ideeën",
        "Stemmen per dag",
        "Reacties",
        "Thema's",
        "Antwoorden zelftest",
        "Profielen zelftest",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        )
        assert all(cell.font.bold for cell in sheet[1])
    ideas = book.worksheets[1]
    assert 48 <= ideas.column_dimensions["B"].width < 49  # Excel adds its padding
    first = list(ideas[2])
    assert first[0].data_type == "n" and first[7].is_date and first[8].data_type == "n"


def test_the_json_validates_against_its_schema_and_the_schema_lists_every_column(
    request_ctx, story
):
    import jsonschema

    export, data = run(story, "json", contact_details=True)
    jsonschema.validate(json.loads(data), SCHEMA, format_checker=jsonschema.FormatChecker())
    for table in tables(export):
        item = SCHEMA["properties"][table.name]["items"]
        assert set(item["properties"]) == {c.key for c in table.columns}, table.name
        assert set(item["required"]) == {
            c.key for c in table.columns if not c.key.startswith("author_")
        } or table.name not in ("ideas", "comments")


def test_an_empty_consultation_exports_empty_tables(request_ctx, make_consultation):
    consultation = make_consultation("results")
    for fmt in FORMATS:
        export = Export(consultation, ExportFilter())
        out = io.BytesIO()
        services.write(export, fmt, out)
        found = read(fmt, out.getvalue(), export)
        assert found["ideas"] == [] and found["summary"]["ideas"] == 0


def _all_text(fmt: str, data: bytes) -> str:
    if fmt == "json":
        return data.decode()
    if fmt == "csv":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return " ".join(
        str(v) for s in book.worksheets for row in s.iter_rows(values_only=True) for v in row
    )


def test_control_characters_a_spreadsheet_cannot_hold_are_dropped(
    request_ctx, make_consultation, make_idea
):
    import openpyxl

    consultation = make_consultation("results")
    make_idea(consultation, body="Een tekst met een\x0bverticale tab en een \x07bel erin.")
    export = Export(consultation, ExportFilter())
    out = io.BytesIO()
    services.write(export, "xlsx", out)

    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).worksheets[1]
    assert sheet.cell(2, 15).value == "Een tekst met eenverticale tab en een bel erin."
