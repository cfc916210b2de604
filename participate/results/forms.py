from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, SelectChoice, SelectMultipleField
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from participate.consultations.models import Consultation
from participate.forms import AppForm
from participate.results.filters import STATUSES


def status_labels() -> dict[str, str]:
    return {
        "pending": str(_l("Awaiting moderation")),
        "published": str(_l("Published")),
        "under_consideration": str(_l("Under consideration")),
        "accepted": str(_l("Accepted")),
        "rejected": str(_l("Not accepted")),
        "implemented": str(_l("Implemented")),
    }


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ExportForm(AppForm):
    format = RadioField(
        _l("Format"),
        choices=[
            SelectChoice("xlsx", _l("Spreadsheet (Excel, LibreOffice): XLSX")),
            SelectChoice("csv", _l("CSV files in a ZIP, one per table")),
            SelectChoice("json", _l("JSON, the open-data form")),
            SelectChoice(
                "report", _l("Printable report for the council (a page to print or save as PDF)")
            ),
        ],
        default="xlsx",
        validators=[DataRequired(_l("Choose a format."))],
    )
    themes = CheckboxesField(_l("Themes"), coerce=int, validators=[Optional()])
    statuses = CheckboxesField(_l("Statuses"), validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
    include_hidden = BooleanField(
        _l("Include what the moderation hid or rejected, and ideas awaiting moderation")
    )
    contact_details = BooleanField(_l("Add the authors' names and e-mail addresses"))

    def __init__(self, consultation: Consultation, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.themes.choices = [SelectChoice(t.id, t.name) for t in consultation.themes]
        labels = status_labels()
        self.statuses.choices = [SelectChoice(s, labels[s]) for s in STATUSES]
