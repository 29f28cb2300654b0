"""A platform's change history for its page: the platform, its orders and their coverage,
read through ``centre.history`` (django-simple-history) in a fixed number of queries."""

from django.utils.translation import gettext_lazy as _

from centre.history import Entry, history_entries
from innovation.models import Order, OrderCoverage, Platform


def platform_history(platform: Platform, order_ids: list[int]) -> list[Entry]:
    """Every change of the platform, of the acts covering it and of their coverage, newest first."""
    entries = [
        *history_entries(
            Platform.history.filter(id=platform.pk), subject=lambda record: _("Platform"), limit=0
        ),
        *history_entries(
            Order.history.filter(id__in=order_ids),
            subject=lambda record: _("Order № %(number)s") % {"number": record.number},
            limit=0,
        ),
        *history_entries(
            OrderCoverage.history.filter(platform_id=platform.pk),
            subject=lambda record: (
                _("Order for the academic year %(year)s") % {"year": record.academic_year_id}
            ),
            limit=0,
        ),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
