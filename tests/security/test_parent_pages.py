"""The pages a parent reaches without logging in — by the application's private link (the
status page, the offered place's decline, the withdrawal's confirmation, the receipt) or by
«Проверить заявку» — name the child by the first name only: a link forwarded, an SMS read
over a shoulder or a guessed number shows no surname, patronymic or birth date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from programs.models import Application, Group, Offer
from tests.programs.factories import ApplicationFactory, CurrentYearFactory, GroupFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(2016, 7, 19)


def _child(**fields):
    return {
        "child_surname": fields.pop("surname"),
        "child_name": fields.pop("name"),
        "child_patronymic": "Святославовна",
        "child_birth_date": BORN,
        **fields,
    }


@pytest.fixture
def line():
    """A group whose one free place is offered to the first in line; the second waits."""
    group = GroupFactory(academic_year=CurrentYearFactory(), places=1, name="Группа по ссылке")
    offered = ApplicationFactory(
        group=group,
        status=Application.Status.OFFERED,
        guardian_phone="+7 (913) 321-45-67",
        guardian_email="mama@example.org",
        **_child(surname="Потаённова", name="Злата"),
    )
    now = timezone.now()
    Offer.objects.create(
        application=offered, group=group, offered_at=now, expires_at=Offer.deadline_from(now)
    )
    Group.objects.filter(pk=group.pk).update(offered_count=1)
    waiting = ApplicationFactory(
        group=group, status=Application.Status.WAITING, **_child(surname="Скрытнова", name="Мила")
    )
    return offered, waiting


def personal(application) -> set[str]:
    with translation.override("ru"):
        dates = {
            application.child_birth_date.strftime("%d.%m.%Y"),
            application.child_birth_date.isoformat(),
            date_format(application.child_birth_date, "j E Y"),
            date_format(application.child_birth_date, "SHORT_DATE_FORMAT"),
        }
    return {application.child_surname, application.child_patronymic} | dates


def pages(client, offered, waiting):
    """(label, application, response) of every page the parent opens without logging in."""
    found = []
    for application in (offered, waiting):
        token = {"token": application.token}
        for name in (
            "programs:application_status",
            "programs:application_withdraw_confirm",
            "programs:application_submitted",
        ):
            found.append(
                (f"{name} of {application.status}", application, client.get(reverse(name, kwargs=token)))
            )
    found.append(
        (
            "programs:offer_decline",
            offered,
            client.get(reverse("programs:offer_decline", kwargs={"token": offered.token})),
        )
    )
    for contact in (offered.guardian_phone, offered.guardian_email):
        response = client.post(
            reverse("programs:application_lookup"), {"number": offered.number, "contact": contact}
        )
        found.append((f"the look-up by {contact}", offered, response))
    return found


def test_the_parents_pages_name_the_child_by_the_first_name_only(client, line):
    offered, waiting = line
    shown, checked = [], 0
    for label, application, response in pages(client, offered, waiting):
        assert response.status_code == 200, label
        html = response.content.decode()
        assert application.group.name in html, f"{label} is not the application's page"
        checked += 1
        if leaked := sorted(s for s in personal(application) if s in html):
            shown.append(f"{label} shows {', '.join(leaked)}")
    assert checked == 9
    assert not shown, (
        "Pages by the private link or the look-up show the child's personal data:\n" + "\n".join(shown)
    )


def test_the_look_up_found_it_and_the_offer_is_on_the_status_page(client, line):
    """The control of the test above: these are the pages with the answer, not an error."""
    offered, _waiting = line
    response = client.post(
        reverse("programs:application_lookup"), {"number": offered.number, "contact": offered.guardian_phone}
    )
    assert 'data-testid="lookup-found"' in response.content.decode()
    status = client.get(
        reverse("programs:application_status", kwargs={"token": offered.token})
    ).content.decode()
    assert reverse("programs:offer_accept", kwargs={"token": offered.token}) in status
