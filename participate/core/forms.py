from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf

from participate.i18n import LANGUAGE_NAMES


class LanguageForm(FlaskForm):
    lang = StringField(validators=[AnyOf(list(LANGUAGE_NAMES))])
    next = HiddenField()
