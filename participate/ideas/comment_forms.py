from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participate.forms import AppForm


class CommentForm(AppForm):
    body_md = TextAreaField(
        _l("Your comment"),
        validators=[
            DataRequired(_l("Write a comment.")),
            Length(min=2, max=5000, message=_l("A comment has between 2 and 5000 characters.")),
        ],
    )
    parent_id = IntegerField(validators=[Optional()])
