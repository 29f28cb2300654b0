"""How a cell of an imported workbook becomes a value: django-import-export widgets whose
refusals are sentences for the person who filled the file in.

A widget raises ValueError with the reason; the resource files it under the column's header
(programs.imports.base). Cells arrive as openpyxl reads them: text, whole numbers as int or
float, dates as datetime, times as time.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

EMPTY = (None, "")
#: the spellings of «yes» and «no» a cell may hold, whatever the language of whoever imports
#: (a file filled in by a Russian-speaking school reads the same for a Kazakh methodist)
YES = ("да", "иә", "yes", "1")
NO = ("нет", "жоқ", "no", "0")


def cell_text(value) -> str:
    """The cell as trimmed text: a whole number typed into a number cell (a phone, a class)
    loses Excel's «.0»."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return re.sub(r"\s+", " ", str(value)).strip()


def required_missing():
    return ValueError(_("The cell is empty; fill it in."))


class TextWidget(widgets.Widget):
    """Text of at most ``max_length`` characters; ``required``: an empty cell is refused."""

    def __init__(self, *, max_length: int, required: bool = False, validators=()):
        super().__init__()
        self.max_length, self.required, self.validators = max_length, required, validators

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.required:
                raise required_missing()
            return ""
        if len(text) > self.max_length:
            raise ValueError(
                _("The text is too long: %(length)s characters, at most %(max)s.")
                % {"length": len(text), "max": self.max_length}
            )
        for validator in self.validators:
            try:
                validator(text)
            except ValidationError as error:
                raise ValueError(" ".join(error.messages)) from error
        return text


class NumberWidget(widgets.Widget):
    """A whole number from ``minimum`` to ``maximum``; an empty cell is ``default`` (None:
    refused)."""

    def __init__(self, *, minimum: int, maximum: int, default=None):
        super().__init__()
        self.minimum, self.maximum, self.default = minimum, maximum, default

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(" ", "")
        if not text:
            if self.default is None:
                raise required_missing()
            return self.default
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value():
            raise ValueError(_("Expected a whole number, found «%(value)s».") % {"value": text})
        if not self.minimum <= number <= self.maximum:
            raise ValueError(
                _("The number must be from %(min)s to %(max)s, found %(value)s.")
                % {"min": self.minimum, "max": self.maximum, "value": int(number)}
            )
        return int(number)


class MoneyWidget(widgets.Widget):
    """An amount in the organisation's currency (``currency``: its sign, «₽», «₸») with
    hundredths, or None for an empty cell."""

    def __init__(self, *, currency: str):
        super().__init__()
        self.currency = currency

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            amount = Decimal(text).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValueError(
                _("Expected an amount in %(currency)s, e.g. 1500 or 1500,50.") % {"currency": self.currency}
            ) from None
        if amount <= 0 or amount >= Decimal("10000000"):
            raise ValueError(_("The amount must be above zero and below ten million."))
        return amount


class DateWidget(widgets.Widget):
    """A date: a date cell, or text «дд.мм.гггг» (or ISO «гггг-мм-дд»)."""

    FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y")

    def __init__(self, *, required: bool = False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            if self.required:
                raise required_missing()
            return None
        for pattern in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(_("Expected a date as dd.mm.yyyy, found «%(value)s».") % {"value": text})


def normalised(text: str) -> str:
    """How a name typed in a cell is compared with the names the portal knows: case, «ё» and
    spaces do not matter."""
    return re.sub(r"\s+", " ", str(text)).strip().lower().replace("ё", "е")


class ChoiceWidget(widgets.Widget):
    """One of a few named values: ``choices`` maps each accepted spelling (compared by
    ``normalised``) to the stored value; an empty cell is ``default`` (None: refused)."""

    def __init__(self, choices: dict, *, default=None):
        super().__init__()
        self.choices = {normalised(name): value for name, value in choices.items()}
        # a refusal names one spelling a value (the first: the active language's)
        shown = {}
        for name, value in choices.items():
            shown.setdefault(value, str(name))
        self.names = list(shown.values())
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.default is None:
                raise required_missing()
            return self.default
        try:
            return self.choices[normalised(text)]
        except KeyError:
            raise ValueError(self.unknown(text)) from None

    def unknown(self, text: str) -> str:
        return _("«%(value)s» is not one of: %(choices)s.") % {
            "value": text,
            "choices": ", ".join(self.names),
        }


class ChoiceListWidget(ChoiceWidget):
    """Several of the named values, separated by commas or semicolons."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.default is None:
                raise required_missing()
            return list(self.default)
        chosen = []
        for part in re.split(r"[,;]", text):
            if not part.strip():
                continue
            try:
                item = self.choices[normalised(part)]
            except KeyError:
                raise ValueError(self.unknown(part.strip())) from None
            if item not in chosen:
                chosen.append(item)
        return chosen


def spellings(choices) -> dict:
    """A TextChoices' labels in the active language, then in every other interface language,
    then its values, each naming its value: a file reads the same whoever imports it."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    names = {}
    for code in [active] + [code for code, _name in settings.LANGUAGES if code != active]:
        with translation.override(code):
            for value, label in choices.choices:
                names.setdefault(str(label), value)
    for value in choices.values:
        names.setdefault(value, value)
    return names


def yes_no(default: bool = False) -> ChoiceWidget:
    choices = {_("yes"): True, _("no"): False}
    choices.update(dict.fromkeys(YES, True))
    choices.update(dict.fromkeys(NO, False))
    return ChoiceWidget(choices, default=default)


class LookupWidget(widgets.Widget):
    """A record named by its name: ``find(text, row)`` returns it or raises ValueError with
    the reason (not found, several of that name). ``required``: an empty cell is refused."""

    def __init__(self, find, *, required: bool = True):
        super().__init__()
        self.find, self.required = find, required

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.required:
                raise required_missing()
            return None
        return self.find(text, row or {})
