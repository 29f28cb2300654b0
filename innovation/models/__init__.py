"""Innovation platforms: the status, the acts that grant it each year, reports and products.

An order (приказ, распоряжение ...) is one act of an issuing body; one act often names
several platforms (a department's распоряжение lists every municipal platform of the year)
or is cited for more than one academic year (seed 001 cites the ИРООО order № 378 for both
2013-2014 and 2014-2015). So the act is stored once and an ``OrderCoverage`` row says which
platform it covers for which academic year.

The records that belong to a platform (its acts, reports and products) name it by
``"innovation.Platform"``; the platform's queryset reads them, so the modules import one way:
common ← orders, reports ← platforms.
"""

from innovation.models.orders import EARLIEST_DATE, ORDER_KIND_SHORT, Order, OrderCoverage
from innovation.models.platforms import Platform, PlatformKind, PlatformQuerySet
from innovation.models.reports import Product, YearlyReport

__all__ = [
    "EARLIEST_DATE",
    "ORDER_KIND_SHORT",
    "Order",
    "OrderCoverage",
    "Platform",
    "PlatformKind",
    "PlatformQuerySet",
    "Product",
    "YearlyReport",
]
