"""`participate export SLUG --format xlsx|csv|json --output PATH`: the demo consultation in
each format (XLSX opened with openpyxl, CSV with the csv module, JSON checked against its
schema), the same filters as in the site, clear refusals, and never a partial file."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import jsonschema
import openpyxl
import pytest
from sqlalchemy import func, select

from participate import demo
from participate.audit.models import AuditEntry
from participate.cli import cli
from participate.db import db
from participate.ideas.models import Idea
from participate.results import writers
from tests.results.helpers import SCHEMA


@pytest.fixture
def run(app, monkeypatch):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(cli, args=list(args))

    return invoke


def exports_logged(app) -> list[AuditEntry]:
    with app.app_context():
        return list(
            db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("results.export%")))
        )


@pytest.fixture
def demo_consultation(app) -> int:
    """The demo's public ideas, as the consultation page counts them."""
    with app.app_context():
        demo.seed_demo()
        db.session.commit()
        from participate.consultations.services import get_by_slug

        consultation = get_by_slug("ruimte-voor-morgen")
        return db.session.scalar(
            select(func.count())
            .select_from(Idea)
            .where(Idea.consultation_id == consultation.id, Idea.public_clause())
        )


def test_the_demo_consultation_exports_as_xlsx(run, tmp_path, demo_consultation):
    path = tmp_path / "resultaten.xlsx"
    result = run("export", "ruimte-voor-morgen", "--format", "xlsx", "--output", str(path))

    assert result.exit_code == 0, result.output
    assert result.output == f"Exported ruimte-voor-morgen (xlsx) to {path}.\n"
    book = openpyxl.load_workbook(path)
    assert book.worksheets[1].max_row == demo_consultation + 1  # a header and a row per idea
    assert book.worksheets[1]["A1"].value == "Nummer"  # Dutch by default


def test_the_demo_consultation_exports_as_csv(run, tmp_path, demo_consultation):
    path = tmp_path / "resultaten.zip"
    result = run("export", "ruimte-voor-morgen", "--format", "csv", "--output", str(path))

    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(path)
    ideas = list(csv.DictReader(io.StringIO(archive.read("ideas.csv").decode("utf-8-sig"))))
    assert len(ideas) == demo_consultation
    summary = {
        r["figure"]: r["value"]
        for r in csv.DictReader(io.StringIO(archive.read("summary.csv").decode("utf-8-sig")))
    }
    assert int(summary["ideas"]) == demo_consultation
    assert int(summary["selftest_completions"]) == 60


def test_the_demo_consultation_exports_as_json_valid_against_its_schema(
    app, run, tmp_path, demo_consultation
):
    path = tmp_path / "resultaten.json"
    result = run(
        "export", "ruimte-voor-morgen", "--format", "json", "--output", str(path), "--lang", "fr"
    )

    assert result.exit_code == 0, result.output
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["summary"]["ideas"] == len(document["ideas"]) == demo_consultation
    assert document["ideas"][0]["author"].startswith("Participant ")
    (entry,) = exports_logged(app)
    assert entry.actor_id is None
    assert entry.after["via"] == "command line" and entry.after["format"] == "json"


def test_the_filters_work_from_the_command_line(run, tmp_path, story):
    path = tmp_path / "out.json"
    result = run(
        "export",
        story.consultation.slug,
        "--format",
        "json",
        "--output",
        str(path),
        "--theme",
        story.consultation.themes[0].name,
        "--status",
        "accepted",
        "--include-hidden",
    )

    assert result.exit_code == 0, result.output
    document = json.loads(path.read_text())
    assert [i["id"] for i in document["ideas"]] == [story.ideas["fietsstraat"]]
    assert document["filters"]["include_hidden"] is True


def test_contact_details_from_the_command_line_are_marked_in_the_log(app, run, tmp_path, story):
    path = tmp_path / "out.json"
    result = run(
        "export", story.consultation.slug, "--format", "json", "-o", str(path), "--contact-details"
    )

    assert result.exit_code == 0, result.output
    assert any(i["author_email"] for i in json.loads(path.read_text())["ideas"])
    assert [e.action for e in exports_logged(app)] == ["results.export_contact_details"]


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (
            ("bestaat-niet", "--format", "json"),
            "No consultation with the address 'bestaat-niet'.",
            1,
        ),
        (("{slug}", "--format", "pdf"), "'pdf' is not one of 'xlsx', 'csv', 'json'", 2),
        (
            ("{slug}", "--format", "json", "--from", "2026-03-31", "--until", "2026-03-01"),
            "The date range is empty: it ends before it starts.",
            1,
        ),
        (("{slug}", "--format", "json", "--from", "gisteren"), "“gisteren” is not a date.", 1),
        (("{slug}", "--format", "json", "--status", "approved"), "“approved” is not a status.", 1),
        (("{slug}", "--format", "json", "--theme", "Cultuur"), "has no theme “Cultuur”.", 1),
    ],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(
    app, run, tmp_path, story, args, message, code
):
    path = tmp_path / "out.json"
    args = tuple(a.replace("{slug}", story.consultation.slug) for a in args)
    result = run("export", *args, "--output", str(path))

    assert result.exit_code == code
    assert message in result.output
    assert list(tmp_path.iterdir()) == []
    assert exports_logged(app) == []


def test_a_missing_folder_is_refused(run, tmp_path, story):
    path = tmp_path / "nergens" / "out.json"
    result = run("export", story.consultation.slug, "--format", "json", "-o", str(path))

    assert result.exit_code == 1
    assert f"The folder {tmp_path / 'nergens'} does not exist." in result.output


def test_a_failure_while_writing_leaves_no_partial_file_and_keeps_the_old_one(
    app, run, tmp_path, story, monkeypatch
):
    path = tmp_path / "out.json"
    path.write_text("de vorige export")

    def broken(export, out):
        out.write(b'{"half": ')
        raise OSError("disk full")

    monkeypatch.setitem(writers.WRITERS, "json", broken)
    result = run("export", story.consultation.slug, "--format", "json", "-o", str(path))

    assert result.exit_code != 0
    assert isinstance(result.exception, OSError)
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    assert path.read_text() == "de vorige export"
    assert exports_logged(app) == []
