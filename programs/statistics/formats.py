"""Numbers as the statistics write them in the active language: Russian and Kazakh
«2 364 966» and «77,6 %» (digits grouped by a no-break space, a decimal comma), English
«2,364,966» and «77.6 %». Django has no Kazakh number format of its own, so the
separators are said here, once, for the page, the print view and the chart."""

from decimal import Decimal

from centre.languages import current_language

NBSP = "\u00a0"
# language: (thousands separator, decimal separator)
SEPARATORS = {"ru": (NBSP, ","), "kk": (NBSP, ","), "en": (",", ".")}


def _separators() -> tuple[str, str]:
    return SEPARATORS.get(current_language(), SEPARATORS["ru"])


def count(value) -> str:
    """A whole number with its digits grouped: «2 364 966»; empty for None."""
    if value is None or value == "":
        return ""
    thousands, _decimal = _separators()
    return f"{int(value):,}".replace(",", thousands)


def percent(value) -> str:
    """A share to one decimal with the sign after a no-break space: «77,6 %»; empty for None."""
    if value is None or value == "":
        return ""
    thousands, decimal = _separators()
    whole, _, fraction = f"{Decimal(value):,.1f}".partition(".")
    return f"{whole.replace(',', thousands)}{decimal}{fraction}{NBSP}%"
