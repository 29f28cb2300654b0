import datetime

import pytest
from django.urls import reverse

from innovation.models import Platform
from tests.innovation.factories import OrderCoverageFactory, PlatformFactory

pytestmark = pytest.mark.django_db


def test_the_public_page_lists_live_and_past_platforms_with_their_orders(client, years, current):
    live = OrderCoverageFactory(
        platform=PlatformFactory(theme="Детский технопарк для сельских школ"), academic_year=current
    )
    past = OrderCoverageFactory(
        platform=PlatformFactory(
            theme="Образование детей особой заботы",
            level=Platform.Level.REGIONAL,
            first_year=years["2013/2014"],
            last_year=years["2017/2018"],
            status=Platform.Status.COMPLETED,
        ),
        order__issuer="БОУ ДПО «ИРООО»",
        order__number="378",
        order__date=datetime.date(2014, 12, 15),
        academic_year=years["2014/2015"],
    )
    PlatformFactory(theme="Заявка, ещё не рассмотренная", status=Platform.Status.APPLIED)
    response = client.get(reverse("innovation:index"))
    assert response.context["live"] == [live.platform]
    assert response.context["past"] == [past.platform]
    html = response.content.decode()
    assert "Заявка, ещё не рассмотренная" not in html
    assert "2014/2015:" in html
    assert "№ 378 от 15.12.2014" in html
    assert "БОУ ДПО «ИРООО»" in html
    assert "Региональная" in html
    assert "Завершённые площадки" in html


def test_the_public_page_shows_no_staff_names_or_reports(client, current):
    from tests.factories import PersonFactory

    platform = PlatformFactory()
    person = PersonFactory(surname="Ответственная")
    platform.responsible.add(person)
    html = client.get(reverse("innovation:index")).content.decode()
    assert "Ответственная" not in html
    assert reverse("innovation:platform", kwargs={"pk": platform.pk}) not in html


def test_the_public_page_queries_do_not_grow_with_platforms(client, django_assert_max_num_queries, current):
    for _ in range(15):
        OrderCoverageFactory(academic_year=current)
    with django_assert_max_num_queries(3):
        client.get(reverse("innovation:index"))
