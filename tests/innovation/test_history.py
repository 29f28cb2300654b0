import datetime

import pytest
from django.test import Client
from django.urls import reverse

from innovation.models import Order, Platform
from tests.innovation.factories import OrderCoverageFactory, PlatformFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coverage(current):
    return OrderCoverageFactory(
        platform=PlatformFactory(theme="Поддержка и развитие одаренных и талантливых детей"),
        order__number="ДО/80-р",
        order__date=datetime.date(2025, 2, 21),
        academic_year=current,
    )


def _edit_order(client, coverage, **change):
    order = coverage.order
    data = {
        "kind": order.kind,
        "issuer": order.issuer,
        "number": order.number,
        "date": order.date.isoformat(),
        "title": order.title,
        **change,
    }
    url = reverse("innovation:order_edit", kwargs={"pk": coverage.platform.pk, "order_pk": order.pk})
    response = client.post(url, data)
    assert response.status_code == 302


def test_changing_an_order_number_and_date_records_who_when_and_from_what(
    methodist_client, methodist, coverage
):
    _edit_order(methodist_client, coverage, number="ДО/81-р", date="2025-02-22")
    record = Order.history.filter(id=coverage.order.pk).latest("history_date")
    assert record.history_user == methodist
    assert record.history_type == "~"
    changes = {
        change.field: (change.old, change.new) for change in record.diff_against(record.prev_record).changes
    }
    assert changes == {
        "number": ("ДО/80-р", "ДО/81-р"),
        "date": (datetime.date(2025, 2, 21), datetime.date(2025, 2, 22)),
    }


def test_the_platform_page_shows_the_history_to_staff(methodist_client, director, methodist, coverage):
    methodist.first_name, methodist.last_name = "Ольга", "Лебедева"
    methodist.save()
    _edit_order(methodist_client, coverage, number="ДО/81-р")
    director_client = Client()
    director_client.force_login(director)
    html = director_client.get(
        reverse("innovation:platform", kwargs={"pk": coverage.platform.pk})
    ).content.decode()
    history = html[html.index('data-testid="platform-history"') :]
    assert "Номер: ДО/80-р → ДО/81-р" in history
    assert "Ольга Лебедева" in history
    assert "Приказ № ДО/81-р: изменение" in history


def test_platform_status_changes_are_in_the_history(methodist_client, coverage):
    platform = coverage.platform
    url = reverse("innovation:platform_edit", kwargs={"pk": platform.pk})
    data = {
        "organisation": platform.organisation_id,
        "theme": platform.theme,
        "level": platform.level,
        "kind": platform.kind_id,
        "first_year": platform.first_year_id,
        "status": Platform.Status.EXTENDED,
    }
    # the form only offers centres and subdivisions; the factory's organisation is a centre
    assert methodist_client.post(url, data).status_code == 302
    html = methodist_client.get(reverse("innovation:platform", kwargs={"pk": platform.pk})).content.decode()
    assert "Статус: действует → продлена" in html


def test_saving_without_changes_adds_no_line_to_the_shown_history(methodist_client, coverage):
    _edit_order(methodist_client, coverage)
    entries = methodist_client.get(
        reverse("innovation:platform", kwargs={"pk": coverage.platform.pk})
    ).context["history"]
    assert [entry.action for entry in entries if entry.subject.startswith("Приказ №")] == ["создание"]
