from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from participate.forms import AppForm

HEX = r"^#[0-9a-fA-F]{6}$"


class ThemeRow(Form):
    name = StringField(_l("Theme"), validators=[Optional(), Length(max=80)])
    colour = StringField(
        _l("Colour"),
        default="#1d4f91",
        validators=[Optional(), Regexp(HEX, message=_l("Enter a colour like #1d4f91."))],
        render_kw={"type": "color"},
    )


class ConsultationForm(AppForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(min=5, max=160)]
    )
    slug = StringField(
        _l("Web address"),
        validators=[Optional(), Length(max=80)],
        description=_l(
            "The last part of the address, e.g. ruimte-voor-morgen. Left empty, it is made from the title."
        ),
    )
    intro_md = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=20000)])
    cover = FileField(
        _l("Cover image"),
        validators=[
            FileAllowed(["jpg", "jpeg", "png", "webp"], _l("Upload a photo as JPEG, PNG or WebP."))
        ],
    )
    cover_alt = StringField(
        _l("Description of the cover image"), validators=[Optional(), Length(max=300)]
    )
    moderation_mode = RadioField(
        _l("Moderation"),
        choices=[
            SelectChoice("post", _l("Ideas are public at once; moderators act afterwards")),
            SelectChoice("pre", _l("Ideas wait for a moderator before they are public")),
        ],
        default="post",
    )
    voting_mode = RadioField(
        _l("Voting"),
        choices=[
            SelectChoice("support", _l("Support only")),
            SelectChoice("for_against", _l("For or against")),
        ],
        default="support",
    )
    comments_premoderated = BooleanField(
        _l("Comments too wait for a moderator (only in a pre-moderated consultation)")
    )
    report_threshold = IntegerField(
        _l("Reports that hide an idea or comment until a moderator looks"),
        default=3,
        validators=[
            InputRequired(_l("Choose a number of reports between 1 and 100.")),
            NumberRange(
                min=1, max=100, message=_l("Choose a number of reports between 1 and 100.")
            ),
        ],
        description=_l("Reports from this many different accounts hide it at once."),
    )
    vote_limit = IntegerField(
        _l("Votes per citizen"),
        validators=[Optional(), NumberRange(min=1, max=1000)],
        description=_l("Leave empty for no limit."),
    )
    ideas_open_at = DateTimeLocalField(
        _l("Ideas open"),
        validators=[DataRequired(_l("Give a date and time."))],
        format="%Y-%m-%dT%H:%M",
    )
    voting_open_at = DateTimeLocalField(
        _l("Final voting round opens (no new ideas)"),
        validators=[DataRequired(_l("Give a date and time."))],
        format="%Y-%m-%dT%H:%M",
    )
    closed_at = DateTimeLocalField(
        _l("Closes"),
        validators=[DataRequired(_l("Give a date and time."))],
        format="%Y-%m-%dT%H:%M",
    )
    results_at = DateTimeLocalField(
        _l("Results published"),
        validators=[DataRequired(_l("Give a date and time."))],
        format="%Y-%m-%dT%H:%M",
    )
    themes = FieldList(FormField(ThemeRow), min_entries=8, max_entries=8)
