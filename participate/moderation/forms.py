from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participate.forms import AppForm


class ReportForm(AppForm):
    reason = RadioField(
        _l("What is wrong with it?"),
        validate_choice=False,
        validators=[InputRequired(_l("Choose a reason."))],
    )
    text = TextAreaField(
        _l("Explanation (required for \u201csomething else\u201d)"),
        validators=[Optional(), Length(max=1000)],
    )


class ActionForm(AppForm):
    """A moderator's decision: an optional reason and where to go back to."""

    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=5000)])
    template_id = SelectField(_l("Standard reason"), coerce=int, validate_choice=False, default=0)
    value = IntegerField(default=1)
    next = HiddenField()


class EditForm(AppForm):
    title = StringField(
        _l("Title"),
        validators=[
            Optional(),
            Length(min=10, max=120, message=_l("A title has between 10 and 120 characters.")),
        ],
    )
    body_md = TextAreaField(_l("Text"), validators=[DataRequired(_l("Write the text."))])
    reason = StringField(
        _l("Why do you change it? (kept in the audit log)"),
        validators=[
            DataRequired(_l("Say why you change this: it is kept in the audit log.")),
            Length(max=500),
        ],
    )


class ThemeForm(AppForm):
    theme_id = SelectField(_l("Theme"), coerce=int, validate_choice=False)
    next = HiddenField()


class MergeForm(AppForm):
    into = IntegerField(
        _l("Number of the idea to keep"),
        validators=[InputRequired(_l("Give the number of the idea to keep.")), NumberRange(min=1)],
    )
    confirm = HiddenField()


class OfflineIdeaForm(AppForm):
    title = StringField(
        _l("Title of the idea"),
        validators=[
            DataRequired(_l("Give the idea a title.")),
            Length(min=10, max=120, message=_l("The title has between 10 and 120 characters.")),
        ],
    )
    body_md = TextAreaField(
        _l("The idea, as the citizen wrote it"),
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


class OfflineCommentForm(AppForm):
    body_md = TextAreaField(
        _l("The comment, as the citizen wrote it"),
        validators=[
            DataRequired(_l("Write the comment.")),
            Length(min=2, max=5000, message=_l("A comment has between 2 and 5000 characters.")),
        ],
    )


class BlockForm(AppForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class SettingsForm(AppForm):
    words = TextAreaField(_l("Blocked words"), validators=[Optional(), Length(max=20000)])
    max_links = IntegerField(
        _l("Most links in one idea or comment"),
        validators=[
            InputRequired(_l("Choose a number of links between 0 and 50.")),
            NumberRange(min=0, max=50, message=_l("Choose a number of links between 0 and 50.")),
        ],
    )


class TemplateForm(AppForm):
    title = StringField(
        _l("Name of the reason"),
        validators=[DataRequired(_l("Give the reason a name.")), Length(max=80)],
    )
    body = TextAreaField(
        _l("Text sent to the author"),
        validators=[DataRequired(_l("Write the text sent to the author.")), Length(max=2000)],
    )
