from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from participate.forms import AppForm


class IdeaForm(AppForm):
    title = StringField(
        _l("Title of your idea"),
        validators=[
            DataRequired(_l("Give your idea a title.")),
            Length(min=10, max=120, message=_l("The title has between 10 and 120 characters.")),
        ],
    )
    body_md = TextAreaField(
        _l("Describe your idea"),
        validators=[
            DataRequired(_l("Describe your idea.")),
            Length(
                min=30, max=5000, message=_l("The description has between 30 and 5000 characters.")
            ),
        ],
    )
    theme_id = RadioField(
        _l("Theme"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Choose a theme."))],
    )
    place = StringField(_l("Place (optional)"), validators=[Optional(), Length(max=120)])
    photo = FileField(_l("Photo (optional)"))
    photo_alt = StringField(
        _l("What does the photo show? (optional)"), validators=[Optional(), Length(max=300)]
    )


class TitleForm(AppForm):
    """The first step: the title, so that similar ideas can be shown before writing."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    title = StringField(_l("Title of your idea"), validators=[Optional(), Length(max=120)])


class VoteForm(AppForm):
    """A vote (and the withdrawal of an idea or a comment's vote): posted by buttons whose
    token the app's CSRF protection checks before the view runs, for every POST. The form
    does not check it again, nor make a new token for a page it never renders (a tenth of
    a vote's Python)."""

    class Meta:
        csrf = False

    value = IntegerField(default=1)
    next = HiddenField()


class StatusForm(AppForm):
    status = RadioField(
        _l("New status"), validate_choice=False, validators=[InputRequired(_l("Choose a status."))]
    )
    response = TextAreaField(
        _l("Official response of the municipality"),
        validators=[DataRequired(_l("Write the municipality's response.")), Length(max=10000)],
    )
