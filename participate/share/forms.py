from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from participate.forms import AppForm


class MastodonForm(AppForm):
    server = StringField(
        _l("Your Mastodon server"),
        validators=[
            DataRequired(_l("Enter the name of your Mastodon server, such as mastodon.social.")),
            Length(max=253, message=_l("A server name has at most 253 characters.")),
        ],
        render_kw={
            "inputmode": "url",
            "autocomplete": "off",
            "autocapitalize": "none",
            "spellcheck": "false",
        },
    )
