"""Phone numbers as people type them: the validator of the phone fields and the one
normaliser that tells whether two spellings are one phone."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


def phone_digits(phone: str) -> str:
    """A phone as digits, a Russian trunk prefix 8 read as +7: one parent however typed."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    return digits


phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{6,20}$",
    _("Enter a phone number: digits, spaces, brackets and dashes, e.g. +7 (3812) 24-55-10."),
)
