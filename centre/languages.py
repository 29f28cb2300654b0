"""The interface languages and the one way to show a record's name in the current one.

Russian is the default and the language records are written in; a few dictionaries and
names carry a Kazakh or English spelling beside it (``name_kk``, ``name_en``), shown when
that language is active and filled, the Russian otherwise."""

from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    """The active language's code among settings.LANGUAGES (the default outside a request)."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def localized(record, field: str = "name") -> str:
    """``record.<field>_<language>`` when the active language isn't the default and the
    record has that spelling, else ``record.<field>``."""
    language = current_language()
    if language != settings.LANGUAGE_CODE:
        value = getattr(record, f"{field}_{language}", "")
        if value:
            return value
    return getattr(record, field)
