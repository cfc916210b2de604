from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField

from participate.forms import AppForm


class DeleteAccountForm(AppForm):
    confirm = BooleanField(
        _l(
            "I understand that my account and my personal data are deleted, and that this cannot be undone."
        )
    )
    password = PasswordField(_l("Your password"), render_kw={"autocomplete": "current-password"})
