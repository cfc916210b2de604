import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Email, Length, Optional, Regexp, ValidationError

from participate.forms import AppForm

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class FooterLinkForm(Form):
    label = StringField(_l("Link text"), validators=[Optional(), Length(max=80)])
    url = StringField(
        _l("Address (URL)"),
        validators=[
            Optional(),
            URL(require_tld=True, message=_l("Enter a full address starting with https://")),
            Length(max=500),
        ],
    )

    def validate_url(self, field):
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError(_l("Enter a full address starting with https://"))

    def validate(self, extra_validators=None):
        # Checked here rather than in a field's validator: Optional() stops an empty field's
        # validators, so a label without an address would slip through and be dropped.
        valid = super().validate(extra_validators)
        if bool(self.label.data) != bool(self.url.data):
            missing = self.url if self.label.data else self.label
            missing.errors = [
                *missing.errors,
                _l("Give both a text and an address, or leave both empty."),
            ]
            return False
        return valid


class SiteSettingsForm(AppForm):
    municipality_name = StringField(
        _l("Name of the municipality"),
        validators=[DataRequired(_l("Enter the name of the municipality.")), Length(max=120)],
    )
    tagline = StringField(
        _l("Short introduction on the home page"), validators=[Optional(), Length(max=200)]
    )
    primary_colour = StringField(
        _l("Primary colour"),
        validators=[
            DataRequired(_l("Choose a colour.")),
            Regexp(HEX_COLOUR, message=_l("Enter a colour like #1d4f91.")),
        ],
        render_kw={"type": "color"},
    )
    contact_email = EmailField(
        _l("Contact e-mail address"),
        validators=[
            Optional(),
            Email(
                _l("Enter an e-mail address in the right form, like name@example.com."),
                check_deliverability=False,
            ),
            Length(max=254),
        ],
    )
    logo = FileField(
        _l("Logo"),
        validators=[
            FileAllowed(["png", "jpg", "jpeg", "webp"], _l("Upload a PNG, JPEG or WebP image."))
        ],
    )
    logo_alt = StringField(_l("Description of the logo"), validators=[Optional(), Length(max=200)])
    remove_logo = BooleanField(_l("Remove the current logo"))
    footer_links = FieldList(FormField(FooterLinkForm), min_entries=5, max_entries=5)
    privacy_md = TextAreaField(
        _l("Privacy statement"), validators=[Optional(), Length(max=50000)], render_kw={"rows": 12}
    )
