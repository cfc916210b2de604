from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from participate.forms import AppForm


class PreferencesForm(AppForm):
    my_idea = BooleanField(_l("My ideas: approved, rejected, a new status or an official response"))
    replies = BooleanField(_l("Comments on my ideas and replies to my comments"))
    followed_ideas = BooleanField(_l("News about ideas I follow"))
    consultations = BooleanField(_l("Updates and new phases of consultations I follow"))
    digest = BooleanField(_l("Send me one summary a week instead of separate e-mails"))


class UpdateForm(AppForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give a title.")), Length(min=3, max=160)],
    )
    body_md = TextAreaField(
        _l("News"),
        validators=[DataRequired(_l("Write the news itself.")), Length(max=20000)],
        render_kw={"rows": 8},
    )


def _moment(label):
    return DateTimeLocalField(
        label, validators=[DataRequired(_l("Give a date and time."))], format="%Y-%m-%dT%H:%M"
    )


class AnnouncementForm(AppForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give a title.")), Length(min=3, max=160)],
    )
    body_md = TextAreaField(
        _l("Announcement"),
        validators=[DataRequired(_l("Write the announcement itself.")), Length(max=5000)],
        render_kw={"rows": 5},
    )
    starts_at = _moment(_l("Shown from"))
    ends_at = _moment(_l("Shown until"))


class AnnouncementUpdateForm(AppForm):
    body_md = TextAreaField(
        _l("Follow-up"),
        validators=[DataRequired(_l("Write the update itself.")), Length(max=5000)],
        render_kw={"rows": 4},
    )
