from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participate.forms import AppForm


def scale_labels() -> dict[str, str]:
    """The answer scale in words: the five steps (0..4) and "no opinion"."""
    return {
        "0": _l("Fully disagree"),
        "1": _l("Disagree"),
        "2": _l("Neutral"),
        "3": _l("Agree"),
        "4": _l("Fully agree"),
        "none": _l("No opinion"),
    }


class SelfTestForm(AppForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(min=5, max=160)]
    )
    slug = StringField(
        _l("Web address"),
        validators=[Optional(), Length(max=80)],
        description=_l("The last part of the address. Left empty, it is made from the title."),
    )
    intro_md = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=20000)])
    consultation_id = SelectField(
        _l("Consultation"),
        coerce=int,
        description=_l("A self-test may belong to a consultation or stand alone."),
    )
    retention_days = IntegerField(
        _l("Keep anonymous answers for (days)"),
        validators=[Optional(), NumberRange(min=1, max=36500)],
        default=365,
        description=_l("Older anonymous answers are deleted. Leave empty to keep them."),
    )
    published = BooleanField(_l("Published: citizens can take this self-test"))


def _step_choices() -> list[SelectChoice]:
    labels = scale_labels()
    return [SelectChoice("", _l("Choose a position"))] + [
        SelectChoice(str(step), labels[str(step)]) for step in range(5)
    ]


def with_positions(base: type[AppForm], items: Iterable[tuple[int, str]]) -> type[AppForm]:
    """`base` with a required position field `pos_<key>` per (key, label): the position of
    each profile on a statement, or of a profile on each statement."""

    class WithPositions(base):  # type: ignore[valid-type, misc]
        position_keys: list[int] = []

    keys = []
    for key, label in items:
        setattr(
            WithPositions,
            f"pos_{key}",
            SelectField(
                label,
                choices=_step_choices(),
                validate_choice=False,
                validators=[InputRequired(_l("Choose a position."))],
            ),
        )
        keys.append(key)
    WithPositions.position_keys = keys
    return WithPositions


def positions_of(form: AppForm) -> dict[int, int | None]:
    """key → step from the `pos_<key>` fields (None where none was chosen)."""
    found: dict[int, int | None] = {}
    for key in form.position_keys:
        raw = form[f"pos_{key}"].data
        found[key] = int(raw) if raw in {"0", "1", "2", "3", "4"} else None
    return found


class StatementForm(AppForm):
    text = TextAreaField(
        _l("Statement"),
        validators=[DataRequired(_l("Write the statement.")), Length(min=5, max=300)],
    )
    explanation = TextAreaField(
        _l("Explanation (optional)"), validators=[Optional(), Length(max=2000)]
    )
    theme = StringField(_l("Theme"), validators=[Optional(), Length(max=80)])


class ProfileForm(AppForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Give the profile a name.")), Length(min=2, max=80)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    image = FileField(
        _l("Image"),
        validators=[
            FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Upload a photo as JPEG, PNG or WebP."))
        ],
    )
    image_alt = StringField(
        _l("Description of the image"), validators=[Optional(), Length(max=300)]
    )
    themes = StringField(
        _l("Themes"),
        validators=[Optional(), Length(max=500)],
        description=_l("Separate themes with commas. Ideas in these themes are suggested."),
    )


class AnswerForm(AppForm):
    statement = HiddenField()
    version = HiddenField()
    answer = StringField()
    important = BooleanField(_l("This matters a lot to me"))


class FinishForm(AppForm):
    attempt = HiddenField()


class EmptyForm(AppForm):
    pass
