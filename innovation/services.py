"""Writes that touch several rows, each in one transaction.

The forms have validated the records; these functions save them together, and turn a
race lost to the database's unique constraints into the same Russian message a form shows
(``centre.errors.database_rules``: the message the broken constraint carries).
"""

from collections.abc import Iterable

from django.db import transaction

from centre.errors import database_rules
from centre.models import AcademicYear, Person
from innovation.models import Order, OrderCoverage, Platform, YearlyReport


def platform_save(*, platform: Platform, responsible: Iterable[Person]) -> Platform:
    with transaction.atomic():
        platform.save()
        platform.responsible.set(responsible)
    return platform


def order_create(*, order: Order, platform: Platform, academic_year: AcademicYear) -> OrderCoverage:
    """Enter a new act and record it as covering the platform for the academic year: the act
    is the platform's organisation's record.

    The coverage is checked before anything is saved (a new act cannot be recorded twice
    yet), so a refused one leaves no act behind and the form can be sent again."""
    order.organisation = platform.organisation
    coverage = OrderCoverage(platform=platform, academic_year=academic_year)
    coverage.full_clean(exclude=["order"])
    with database_rules(Order, OrderCoverage):
        order.save()
        coverage.order = order
        coverage.save()
    return coverage


def order_link(*, order: Order, platform: Platform, academic_year: AcademicYear) -> OrderCoverage:
    """Record that an act already entered also covers this platform in this academic year."""
    coverage = OrderCoverage(order=order, platform=platform, academic_year=academic_year)
    coverage.full_clean()
    with database_rules(OrderCoverage):
        coverage.save()
    return coverage


def report_save(*, report: YearlyReport, staff: Iterable[Person]) -> YearlyReport:
    with database_rules(YearlyReport):
        report.save()
        report.staff.set(staff)
    return report
