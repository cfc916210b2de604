from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from participate.forms import AppForm


def _email_field() -> EmailField:
    return EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            Email(
                _l("Enter an e-mail address in the right form, like name@example.com."),
                check_deliverability=False,
            ),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _display_name_field() -> StringField:
    # Stripped before the length check: the service stores it stripped, and the database
    # refuses a name shorter than 2 characters.
    return StringField(
        _l("Display name"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter the name others will see.")),
            Length(min=2, max=60, message=_l("Use between 2 and 60 characters.")),
        ],
        render_kw={"autocomplete": "nickname"},
    )


def _postcode_field() -> StringField:
    return StringField(
        _l("Postcode (optional)"),
        filters=[_strip],
        validators=[
            Optional(),
            Regexp(
                r"^[1-9][0-9]{3}$",
                message=_l("A Belgian postcode has four digits, like 9000. Or leave it empty."),
            ),
        ],
        render_kw={"autocomplete": "postal-code", "inputmode": "numeric", "maxlength": 4},
    )


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(_l("Choose a password."))],
        render_kw={"autocomplete": "new-password"},
    )


def _confirm_field(other: str) -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo(other, message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(AppForm):
    email = _email_field()
    display_name = _display_name_field()
    postcode = _postcode_field()
    password = _new_password_field(_l("Password"))
    password_confirm = _confirm_field("password")


class LoginForm(AppForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class ForgotPasswordForm(AppForm):
    email = _email_field()


class ResetPasswordForm(AppForm):
    password = _new_password_field(_l("New password"))
    password_confirm = _confirm_field("password")


class ChangePasswordForm(AppForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password_field(_l("New password"))
    password_confirm = _confirm_field("new_password")


class DisplayNameForm(AppForm):
    display_name = _display_name_field()


class PostcodeForm(AppForm):
    postcode = _postcode_field()


class EmptyForm(AppForm):
    """A lone button that changes state still posts a CSRF token (microblog's EmptyForm)."""
