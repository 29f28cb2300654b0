"""The services when a race gets past the form's checks: the database's constraint refuses
the write and the user reads the sentence that constraint carries; nothing is half-saved."""

import pytest
from django.core.exceptions import ValidationError

from innovation import services
from innovation.models import Order, OrderCoverage, YearlyReport
from tests.innovation.factories import OrderFactory, PlatformFactory, YearlyReportFactory

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def test_an_act_entered_twice_at_once_gets_the_constraint_sentence(current):
    platform = PlatformFactory(first_year=current)
    existing = OrderFactory(organisation=platform.organisation)
    # what a second user's form holds after both passed the form's uniqueness check
    twin = Order(kind=existing.kind, issuer=existing.issuer, number=existing.number, date=existing.date)
    with pytest.raises(ValidationError) as caught:
        services.order_create(order=twin, platform=platform, academic_year=current)
    assert _messages(caught.value) == ["Документ с таким органом, номером и датой уже внесён."]
    assert twin.pk is None, "the refused act can be sent again"
    assert list(Order.objects.all()) == [existing]
    assert not OrderCoverage.objects.exists()


def test_a_year_outside_the_period_saves_no_act(years, current, previous):
    platform = PlatformFactory(first_year=current)
    order = Order(kind=Order.Kind.ORDER, issuer="Департамент", number="1", date=current.start)
    with pytest.raises(ValidationError) as caught:
        services.order_create(order=order, platform=platform, academic_year=previous)
    assert "не входит в период работы площадки" in " ".join(_messages(caught.value))
    assert order.pk is None
    assert not Order.objects.exists()


def test_a_second_report_for_the_year_at_once_gets_the_constraint_sentence(current):
    first = YearlyReportFactory(platform=PlatformFactory(first_year=current), academic_year=current)
    twin = YearlyReport(platform=first.platform, academic_year=current, teams=1, participants=2)
    with pytest.raises(ValidationError) as caught:
        services.report_save(report=twin, staff=[])
    assert _messages(caught.value) == ["У площадки уже есть отчёт за этот учебный год."]
    assert YearlyReport.objects.get() == first
