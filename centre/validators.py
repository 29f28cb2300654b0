"""What people may type as a person's name and as a login.

- ``validate_person_name``: a surname, first name or patronymic refuses control characters,
  bidirectional overrides and other invisible format characters (zero-width spaces and
  joiners, the soft hyphen), line separators, and a leading ``= + - @`` — the start of a
  formula in a spreadsheet. Applied on form fields (the public application, the parent's
  registration, the admin's people), not on the models, so no table changes.
- ``username_skeleton`` and ``validate_new_username``: a login is compared with the existing
  ones after NFKC normalisation, case folding and folding the Cyrillic and Greek letters that
  look like Latin ones (``е``/``e``, ``о``/``o``, ``р``/``p`` …), so «dirеctor» with a Cyrillic
  «е» cannot be registered beside ``director``.
"""

import unicodedata

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F, Func, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# Unicode general categories never part of a name: control (Cc), format (Cf: bidi overrides
# and isolates, zero-width space/joiners, soft hyphen, BOM), surrogates, private use,
# unassigned, line and paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
FORMULA_STARTS = ("=", "+", "-", "@")


def validate_person_name(value: str) -> None:
    if not value:
        return
    if any(unicodedata.category(character) in REFUSED_CATEGORIES for character in value):
        raise ValidationError(
            _("Remove the invisible or control characters from the name."), code="invisible_character"
        )
    if value.lstrip().startswith(FORMULA_STARTS):
        raise ValidationError(_("A name cannot start with =, +, - or @."), code="formula_start")


def guard_person_names(form, *names: str) -> None:
    """Add ``validate_person_name`` to the form's fields ``names`` (those it has)."""
    for name in names:
        if name in form.fields:
            form.fields[name].validators.append(validate_person_name)


# Letters of other scripts that look like a Latin letter (after case folding), each folded
# to that letter: Cyrillic (Russian, Kazakh, Ukrainian, Serbian) and Greek.
LOOKALIKES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "к": "k", "м": "m", "н": "h", "о": "o",
    "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ь": "b", "ѕ": "s", "і": "i",
    "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ү": "y", "ӏ": "l", "ɡ": "g",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w",
}  # fmt: skip
_FOLD = str.maketrans(LOOKALIKES)
# The same folding in SQL, for the capital letters too (lower() of a "C" collation leaves
# non-ASCII capitals as they are).
_SQL_FROM = "".join(LOOKALIKES) + "".join(letter.upper() for letter in LOOKALIKES)
_SQL_TO = "".join(LOOKALIKES.values()) * 2


def username_skeleton(value: str) -> str:
    """The form of a login that look-alikes share: NFKC, case folded, look-alike letters folded."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return folded.translate(_FOLD)


class _Normalize(Func):
    template = "normalize(%(expressions)s, NFKC)"


def username_skeleton_sql(field: str = "username"):
    """``username_skeleton`` as a database expression over ``field``."""
    return Func(Lower(_Normalize(F(field))), Value(_SQL_FROM), Value(_SQL_TO), function="translate")


def lookalike_username_exists(username: str, *, exclude_pk=None) -> bool:
    users = get_user_model().objects.annotate(skeleton=username_skeleton_sql())
    if exclude_pk is not None:
        users = users.exclude(pk=exclude_pk)
    return users.filter(skeleton=username_skeleton(username)).exists()


def validate_new_username(value: str) -> None:
    """A new login must not be an existing one, however it is spelt or cased."""
    # a NUL is refused by the field's own validator; PostgreSQL cannot even compare it
    if value and "\x00" not in value and lookalike_username_exists(value):
        raise ValidationError(
            _("This login is taken or looks like one that is: choose another."), code="lookalike_username"
        )
