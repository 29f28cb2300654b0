"""Records a cell names by their name (a club, a program, a teacher, a venue): read once per
import from the organisation's own records, compared as ``normalised`` text."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from programs.imports.widgets import normalised


class Names:
    """The records of one kind by name; ``what`` says in a sentence what was looked for
    («объединение»). ``find`` returns the one record of that name or raises ValueError."""

    def __init__(self, records, name=str, *, what: str, more_names=None):
        self.what = what
        self.by_name = defaultdict(list)
        for record in records:
            names = {normalised(name(record))} | {
                normalised(n) for n in (more_names(record) if more_names else ())
            }
            for key in names:
                self.by_name[key].append(record)

    def find(self, text: str, row=None):
        found = self.by_name.get(normalised(text), [])
        if not found:
            raise ValueError(
                _("Not found in the organisation: %(what)s «%(name)s».") % {"what": self.what, "name": text}
            )
        if len(found) > 1:
            raise ValueError(
                _(
                    "The organisation has several records (%(what)s) named «%(name)s»: rename them to tell them apart."
                )
                % {"what": self.what, "name": text}
            )
        return found[0]


def rekey(error: ValidationError, keys: dict, default: str) -> ValidationError:
    """A service's ValidationError with its fields renamed to the import's column keys
    (``keys``: field → key); a message that names no field goes under ``default``."""
    if not hasattr(error, "error_dict"):
        return ValidationError({default: error.messages})
    merged = {}
    for name, messages in error.message_dict.items():
        merged.setdefault(keys.get(name, default), []).extend(messages)
    return ValidationError(merged)
