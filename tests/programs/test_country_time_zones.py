"""An offer's deadline is on the clock of the group's organisation's country wherever it is
shown to a parent — the letters (whoever triggered them: staff, a parent's request, the
worker) and the cabinet and status page — not on whichever zone happens to be active."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from centre.countries import Country
from centre.models import Organisation, OutgoingMessage
from programs import services
from programs.models import Application, Offer
from programs.services.waitlist import offer_freed_places
from tests.factories import home_organisation
from tests.programs.factories import ApplicationFactory, ClubFactory, GroupFactory
from tests.programs.test_notifications import make_messages

pytestmark = pytest.mark.django_db

ALMATY, MOSCOW = zoneinfo.ZoneInfo("Asia/Almaty"), zoneinfo.ZoneInfo("Europe/Moscow")


def organisation_of(country):
    organisation = home_organisation()
    Organisation.objects.filter(pk=organisation.pk).update(country=country)
    organisation.refresh_from_db()
    return organisation


def wall(moment, zone) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def offered_after_a_parents_withdrawal(client, methodist, organisation):
    """A group of one place, taken; the enrolled child's parent withdraws by the private link
    (a public request: no staff zone is active), so the place is offered to the next in line."""
    group = GroupFactory(places=1, club=ClubFactory(organisation=organisation))
    enrolled = ApplicationFactory(group=group, guardian_email="first@example.org")
    services.application_accept(application=enrolled, by=methodist)
    waiting = ApplicationFactory(
        group=group,
        status=Application.Status.WAITING,
        queued_at=timezone.now() - datetime.timedelta(minutes=5),
        guardian_email="second@example.org",
    )
    timezone.deactivate()
    url = reverse("programs:application_withdraw_confirm", kwargs={"token": enrolled.token})
    client.post(url, {"confirmed": "1"})
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.OFFERED
    make_messages()
    return Offer.objects.get(application=waiting)


@pytest.mark.parametrize(
    ("country", "deployment", "zone", "other"),
    [
        (Country.KAZAKHSTAN, "Europe/Moscow", ALMATY, MOSCOW),
        (Country.RUSSIA, "Asia/Almaty", MOSCOW, ALMATY),
    ],
)
def test_an_offer_letter_from_a_parents_request_names_the_groups_countrys_time(
    client, methodist, settings, country, deployment, zone, other
):
    settings.TIME_ZONE = deployment
    offer = offered_after_a_parents_withdrawal(client, methodist, organisation_of(country))
    letter = OutgoingMessage.objects.get(to="second@example.org", channel=OutgoingMessage.Channel.EMAIL)
    assert wall(offer.expires_at, zone) in letter.text
    assert wall(offer.expires_at, zone) in letter.html
    assert wall(offer.expires_at, other) not in letter.text + letter.html


def test_a_kazakh_offers_deadline_in_the_cabinet_and_on_the_status_page_is_almatys(parent_client, parent):
    organisation = organisation_of(Country.KAZAKHSTAN)
    group = GroupFactory(places=1, club=ClubFactory(organisation=organisation))
    application = ApplicationFactory(group=group, user=parent, status=Application.Status.WAITING)
    [offer] = offer_freed_places(group)
    timezone.deactivate()  # a parent's page: settings.TIME_ZONE (Moscow) is active
    for url in (reverse("programs:cabinet"), application.get_status_url()):
        html = parent_client.get(url).content.decode()
        assert wall(offer.expires_at, ALMATY) in html, url
        assert wall(offer.expires_at, MOSCOW) not in html, url
