"""Writes that touch several rows, each in one transaction.

The forms have validated the records; these functions save them together, and turn a
race lost to the database's unique constraints into the same Russian message a form shows.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centre.models import AcademicYear, Person
from innovation.models import Order, OrderCoverage, Platform, YearlyReport


def platform_save(*, platform: Platform, responsible: Iterable[Person]) -> Platform:
    with transaction.atomic():
        platform.save()
        platform.responsible.set(responsible)
    return platform


def order_create(*, order: Order, platform: Platform, academic_year: AcademicYear) -> OrderCoverage:
    """Enter a new act and record it as covering the platform for the academic year: the act
    is the platform's organisation's record."""
    order.organisation = platform.organisation
    coverage = OrderCoverage(platform=platform, academic_year=academic_year)
    try:
        with transaction.atomic():
            order.save()
            coverage.order = order
            coverage.full_clean()
            coverage.save()
    except IntegrityError as error:
        _forget_save(order)
        raise ValidationError(_constraint_message(Order, "innovation_order_unique_act")) from error
    except ValidationError:
        _forget_save(order)  # rolled back: the form may be shown and sent again
        raise
    return coverage


def order_link(*, order: Order, platform: Platform, academic_year: AcademicYear) -> OrderCoverage:
    """Record that an act already entered also covers this platform in this academic year."""
    coverage = OrderCoverage(order=order, platform=platform, academic_year=academic_year)
    coverage.full_clean()
    try:
        with transaction.atomic():
            coverage.save()
    except IntegrityError as error:
        raise ValidationError(
            _constraint_message(OrderCoverage, "innovation_ordercoverage_unique")
        ) from error
    return coverage


def report_save(*, report: YearlyReport, staff: Iterable[Person]) -> YearlyReport:
    try:
        with transaction.atomic():
            report.save()
            report.staff.set(staff)
    except IntegrityError as error:
        raise ValidationError(
            _constraint_message(YearlyReport, "innovation_yearlyreport_one_per_year")
        ) from error
    return report


def _constraint_message(model, name: str):
    return next(c.violation_error_message for c in model._meta.constraints if c.name == name)


def _forget_save(instance) -> None:
    instance.pk = None
    instance._state.adding = True
