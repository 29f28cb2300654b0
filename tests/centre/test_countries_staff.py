"""What the country profile changes on staff pages: the time zone, the erasure deadline
after a withdrawal (the learner card, the withdrawal's confirmation, the inbox)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from centre.countries import Country
from centre.inbox import inbox_for
from centre.middleware import STAFF_TIME_ZONE_KEY
from centre.models import CalendarDay, Consent, Organisation
from tests.factories import GuardianFactory, LearnerFactory, home_organisation, link_guardian

# a Friday, 09:00 UTC: 12:00 in Moscow, 14:00 in Almaty
WITHDRAWN = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)


def in_country(country):
    Organisation.objects.filter(pk=home_organisation().pk).update(country=country)


def withdrawn_learner():
    learner = LearnerFactory()
    link_guardian(GuardianFactory(), learner)
    Consent.objects.filter(learner=learner).update(withdrawn_at=WITHDRAWN)
    return learner


@pytest.fixture
def kazakh_methodist(client, make_user):
    user = make_user("methodist")
    in_country(Country.KAZAKHSTAN)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_staff_of_a_kazakh_organisation_see_times_in_almaty(kazakh_methodist):
    learner = withdrawn_learner()
    assert kazakh_methodist.session[STAFF_TIME_ZONE_KEY] == "Asia/Almaty"
    html = kazakh_methodist.get(reverse("staff_learner", args=[learner.pk])).content.decode()
    assert "04.12.2026 14:00" in html and "04.12.2026 12:00" not in html
    assert timezone.get_current_timezone_name() == "Europe/Moscow"  # deactivated after the request


@pytest.mark.django_db
def test_russian_staff_and_visitors_keep_moscow(client, methodist_client):
    learner = withdrawn_learner()
    html = methodist_client.get(reverse("staff_learner", args=[learner.pk])).content.decode()
    assert "04.12.2026 12:00" in html
    assert client.get("/").status_code == 200  # a visitor's page: settings.TIME_ZONE, no staff record read


@pytest.mark.django_db
def test_learner_card_shows_the_kazakh_erasure_deadline_over_a_weekend_and_holiday(kazakh_methodist):
    CalendarDay.objects.create(organisation=home_organisation(), date=datetime.date(2026, 12, 7))
    learner = withdrawn_learner()
    html = kazakh_methodist.get(reverse("staff_learner", args=[learner.pk])).content.decode()
    assert 'data-erase-by="2026-12-08"' in html  # Friday → (Saturday, Sunday, a day off) → Tuesday
    assert "одного рабочего дня" in html and "94-V" in html


@pytest.mark.django_db
def test_learner_card_shows_the_russian_thirty_days(methodist_client):
    learner = withdrawn_learner()
    html = methodist_client.get(reverse("staff_learner", args=[learner.pk])).content.decode()
    assert 'data-erase-by="2027-01-03"' in html
    assert "30 дней" in html and "152-ФЗ" in html


@pytest.mark.django_db
def test_withdrawal_confirmation_names_the_deadline(kazakh_methodist):
    learner = LearnerFactory()
    link_guardian(GuardianFactory(), learner)
    consent = Consent.objects.get(learner=learner)
    html = kazakh_methodist.get(
        reverse("staff_consent_withdraw", args=[learner.pk, consent.pk])
    ).content.decode()
    assert "одного рабочего дня" in html


@pytest.mark.django_db
def test_inbox_counts_children_awaiting_erasure_with_the_first_deadline(make_user):
    user = make_user("methodist")
    in_country(Country.KAZAKHSTAN)
    first = withdrawn_learner()
    LearnerFactory()  # consent never withdrawn: not waiting
    items = {item.key: item for item in inbox_for(user, today=datetime.date(2026, 12, 7))}
    item = items["awaiting_erasure"]
    assert item.count == 1
    assert "7 декабря 2026" in item.label
    assert item.url == reverse("staff_learner", args=[first.pk])
    assert item.urgent
