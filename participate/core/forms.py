from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf

from participate.forms import AppForm
from participate.i18n import LANGUAGE_NAMES


class LanguageForm(AppForm):
    lang = StringField(validators=[AnyOf(list(LANGUAGE_NAMES))])
    next = HiddenField()
