"""Writing an export's tables to a binary file, row by row, in three formats:

- XLSX: a summary sheet, then a sheet per table: typed cells (numbers, dates, text), a bold
  frozen header row, column widths and an autofilter. XlsxWriter's constant-memory mode keeps
  only the current row in memory and writes about twice as fast as openpyxl's write-only mode
  (the benchmark: the largest consultation of `region`, 2.4 million cells, took 58 s with
  openpyxl). Text cells are always text, never formulas.
- CSV: one file per table in a ZIP, UTF-8 with a byte-order mark (so Excel reads the accents
  right) and a header row; a cell that a spreadsheet would run as a formula is neutralised, as
  in the audit log's CSV.
- JSON: one document (see export.schema.json), written row by row.

The caller gives a file (a temporary one): nothing is sent or renamed until it is complete.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

import xlsxwriter
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participate.audit.services import neutralise
from participate.results.days import zone
from participate.results.tables import Export, summary, tables
from participate.urls import external_url

SCHEMA_VERSION = 1
SHEET_NAME_LENGTH = 31  # Excel's limit


def _local(moment: datetime) -> datetime:
    return moment.astimezone(zone())


def _header(export: Export) -> list[tuple[str, Any, Any]]:
    """What every format says about the export itself: key, label, value."""
    consultation = export.consultation
    f = export.filter.describe()
    return [
        ("consultation", _l("Consultation"), consultation.title),
        ("address", _l("Address"), external_url("consultations.show", slug=consultation.slug)),
        ("generated_at", _l("Exported at"), _local(export.generated_at)),
        ("themes", _l("Themes"), ", ".join(f["themes"]) or "—"),
        ("statuses", _l("Statuses"), ", ".join(f["statuses"]) or "—"),
        ("since", _l("From"), export.filter.since or "—"),
        ("until", _l("Until"), export.filter.until or "—"),
        ("include_hidden", _l("Hidden and rejected items included"), _yes_no(f["include_hidden"])),
        ("contact_details", _l("With contact details"), _yes_no(export.contact_details)),
    ]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


# -- XLSX -----------------------------------------------------------------------------------

NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}
# Control characters that XML (and so a spreadsheet) cannot hold.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class _Sheet:
    """One sheet being written row by row, with the cell type each value needs."""

    def __init__(self, book: xlsxwriter.Workbook, formats: dict, title: str, columns) -> None:
        self.sheet = book.add_worksheet(title[:SHEET_NAME_LENGTH])
        self.formats = formats
        self.row = 0
        self.width = len(columns)
        self.sheet.freeze_panes(1, 0)
        for i, (text, width) in enumerate(columns):
            self.sheet.set_column(i, i, width)
            self.sheet.write_string(0, i, str(text), formats["bold"])

    def append(self, values, kinds) -> None:
        self.row += 1
        write, row = self.sheet, self.row
        for col, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                # Text, never a formula.
                write.write_string(row, col, ILLEGAL_CHARACTERS.sub("", value))
            elif isinstance(value, bool):
                write.write_boolean(row, col, value)
            elif isinstance(value, int | float):
                write.write_number(row, col, value)
            elif isinstance(value, datetime):
                # Excel has no time zones: local time.
                local = _local(value).replace(tzinfo=None)
                write.write_datetime(
                    row, col, local, self.formats[kind if kind in NUMBER_FORMATS else "datetime"]
                )
            elif isinstance(value, date):
                write.write_datetime(row, col, value, self.formats["date"])
            else:
                write.write_string(row, col, str(value))

    def finish(self) -> None:
        self.sheet.autofilter(0, 0, self.row, self.width - 1)


def write_xlsx(export: Export, out: IO[bytes]) -> None:
    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    formats = {
        "bold": book.add_format({"bold": True}),
        **{kind: book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()},
    }
    sheet = _Sheet(book, formats, _("Summary"), [(_("Figure"), 48), (_("Value"), 40)])
    for _key, label, value in _header(export):
        sheet.append([str(label), value], ["text", "datetime"])
    for figure in summary(export):
        sheet.append([str(figure.label), figure.value], ["text", "text"])
    sheet.finish()

    for table in tables(export):
        columns = table.columns
        sheet = _Sheet(book, formats, str(table.title), [(c.label, c.width) for c in columns])
        kinds = [c.kind for c in columns]
        for row in table.rows():
            sheet.append(row, kinds)
        sheet.finish()
    book.close()


# -- CSV in a ZIP ---------------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return value


def _csv_member(archive: zipfile.ZipFile, name: str, header: list[str], rows: Iterator) -> None:
    with archive.open(name, "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
        text.flush()
        text.detach()


def write_csv_zip(export: Export, out: IO[bytes]) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        about = [(key, value) for key, _label, value in _header(export)]
        figures = [(f.key, f.value) for f in summary(export)]
        _csv_member(archive, "summary.csv", ["figure", "value"], iter(about + figures))
        for table in tables(export):
            _csv_member(archive, f"{table.name}.csv", [c.key for c in table.columns], table.rows())


# -- JSON -----------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return _local(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_value)


def json_chunks(export: Export) -> Iterator[str]:
    consultation = export.consultation
    head = {
        "$schema": external_url("results.export_schema"),
        "schema_version": SCHEMA_VERSION,
        "generated_at": _json_value(export.generated_at),
        "consultation": {
            "slug": consultation.slug,
            "title": consultation.title,
            "url": external_url("consultations.show", slug=consultation.slug),
            "phase": str(consultation.phase()),
        },
        "filters": export.filter.describe(),
        "contact_details": export.contact_details,
        "summary": {f.key: f.value for f in summary(export)},
    }
    yield _dump(head)[:-1]  # the object stays open: the tables follow
    for table in tables(export):
        keys = [c.key for c in table.columns]
        yield f", {_dump(table.name)}: ["
        first = True
        for row in table.rows():
            item = {k: _json_value(v) for k, v in zip(keys, row, strict=True)}
            yield ("\n" if first else ",\n") + _dump(item)
            first = False
        yield "]"
    yield "}\n"


def write_json(export: Export, out: IO[bytes]) -> None:
    for chunk in json_chunks(export):
        out.write(chunk.encode("utf-8"))


WRITERS = {"xlsx": write_xlsx, "csv": write_csv_zip, "json": write_json}
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "application/zip",
    "json": "application/json",
}
EXTENSIONS = {"xlsx": "xlsx", "csv": "zip", "json": "json"}
