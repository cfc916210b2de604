"""Writing an export's tables to a binary file, row by row, in three formats:

- XLSX: a summary sheet, then a sheet per table: typed cells (numbers, dates, text), a bold
  frozen header row, column widths and an autofilter. openpyxl's write-only mode keeps only
  the current row in memory. Text cells are always text, never formulas.
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
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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

BOLD = Font(bold=True)
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


def _xlsx_cell(sheet: Any, value: Any, kind: str) -> WriteOnlyCell:
    if isinstance(value, datetime):
        value = _local(value).replace(tzinfo=None)  # Excel has no time zones: local time
    elif isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
    cell = WriteOnlyCell(sheet, value=value)
    if kind in NUMBER_FORMATS and value not in (None, ""):
        cell.number_format = NUMBER_FORMATS[kind]
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    return cell


def _sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int]) -> Any:
    sheet = workbook.create_sheet(title=title[:SHEET_NAME_LENGTH])
    sheet.freeze_panes = "A2"  # must come before the first row in write-only mode
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = BOLD
        cell.data_type = "s"
        header.append(cell)
    sheet.append(header)
    return sheet


def write_xlsx(export: Export, out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, _("Summary"), [_("Figure"), _("Value")], [48, 40])
    n = 0
    for _key, label, value in _header(export):
        kind = (
            "datetime"
            if isinstance(value, datetime)
            else "date"
            if isinstance(value, date)
            else "text"
        )
        sheet.append([_xlsx_cell(sheet, str(label), "text"), _xlsx_cell(sheet, value, kind)])
        n += 1
    for figure in summary(export):
        sheet.append([_xlsx_cell(sheet, str(figure.label), "text"), figure.value])
        n += 1
    sheet.auto_filter.ref = f"A1:B{n + 1}"

    for table in tables(export):
        columns = table.columns
        sheet = _sheet(
            workbook, str(table.title), [str(c.label) for c in columns], [c.width for c in columns]
        )
        count = 0
        for row in table.rows():
            sheet.append(
                [_xlsx_cell(sheet, value, c.kind) for value, c in zip(row, columns, strict=True)]
            )
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    workbook.save(out)


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
