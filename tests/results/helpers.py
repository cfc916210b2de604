"""Reading an export back, whatever its format, into one shape: {"summary": {key: value},
"<table>": [{column key: value}, ...]}, with ints as ints, days as dates, moments as aware
datetimes and empty cells as None, so that one test can check the three formats alike."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import openpyxl

from participate.results.tables import Export, tables

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "participate" / "results" / "export.schema.json").read_text()
)
ZONE = ZoneInfo("Europe/Brussels")
SUMMARY_KEYS = [
    "ideas",
    "ideas_town_hall",
    "supporters",
    "opponents",
    "votes_for",
    "votes_against",
    "comments",
    "comments_town_hall",
    "participants",
    "selftest_completions",
]
HEADER_ROWS = 9  # what the summary says about the export before its figures


def layout(export: Export) -> list[tuple[str, list[tuple[str, str]]]]:
    """(table name, [(column key, kind)]) in the order the writers write them."""
    return [(t.name, [(c.key, c.kind) for c in t.columns]) for t in tables(export)]


def _typed(value, kind: str):
    if value is None or value == "":
        return None
    if kind == "int":
        return int(value)
    if kind == "date":
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else date.fromisoformat(value)
    if kind == "datetime":
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=ZONE)  # a spreadsheet holds local time
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return str(value)


def read_xlsx(data: bytes, shape) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = book.worksheets
    figures = [row[1].value for row in sheets[0].iter_rows(min_row=2 + HEADER_ROWS)]
    found: dict = {"summary": dict(zip(SUMMARY_KEYS, figures, strict=True))}
    for sheet, (name, columns) in zip(sheets[1:], shape, strict=True):
        rows = sheet.iter_rows(min_row=2, values_only=True)
        found[name] = [
            {key: _typed(v, kind) for (key, kind), v in zip(columns, row, strict=True)}
            for row in rows
        ]
    return found


def read_csv_zip(data: bytes, shape) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(data))

    def rows(name: str) -> list[dict]:
        raw = archive.read(name)
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no byte-order mark"
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))

    summary = {r["figure"]: r["value"] for r in rows("summary.csv")}
    found: dict = {"summary": {k: int(summary[k]) for k in SUMMARY_KEYS}}
    for name, columns in shape:
        found[name] = [
            {key: _typed(r[key], kind) for key, kind in columns} for r in rows(f"{name}.csv")
        ]
    return found


def read_json(data: bytes, shape) -> dict:
    document = json.loads(data)
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    found: dict = {"summary": document["summary"]}
    for name, columns in shape:
        found[name] = [{key: _typed(r[key], kind) for key, kind in columns} for r in document[name]]
    return found


READERS = {"xlsx": read_xlsx, "csv": read_csv_zip, "json": read_json}


def read(fmt: str, data: bytes, export: Export) -> dict:
    return READERS[fmt](data, layout(export))
