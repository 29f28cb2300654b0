"""The parent's side of the waiting list, by the private link: the place in line and an offered
place on the status page, accepting, declining (confirmed), leaving the line and withdrawing
(each on a confirmation page naming the consequence)."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.models import Application, Enrolment, Group, Offer
from tests.programs.factories import ApplicationFactory, GroupFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent", "teacher", "methodist", "director"]


def url(name, application):
    return reverse(f"programs:{name}", kwargs={"token": application.token})


def waiting(group, minutes_ago):
    return ApplicationFactory(
        group=group,
        status=Application.Status.WAITING,
        queued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


@pytest.fixture
def line(home, methodist):
    """A group of one place, taken; two waiting (first, second)."""
    group = GroupFactory(places=1, club__organisation=home)
    enrolled = ApplicationFactory(group=group)
    services.application_accept(application=enrolled, by=methodist)
    return group, enrolled, waiting(group, 20), waiting(group, 10)


@pytest.fixture
def offered():
    """A group's one place is free: the first of two in line holds an offer."""
    group = GroupFactory(places=1)
    first, second = waiting(group, 20), waiting(group, 10)
    services.offer_freed_places(group)
    first.refresh_from_db()
    return group, first, second


def test_the_status_page_shows_the_place_in_line(client, line):
    _group, _enrolled, first, second = line
    html = client.get(url("application_status", second)).content.decode()
    assert 'id="place-in-line"' in html
    assert "номер 2 в очереди" in html
    assert url("application_withdraw_confirm", second) in html
    assert 'id="offer"' not in html


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_an_offered_place_can_be_accepted_by_the_link_by_anyone_who_has_it(role_client, offered):
    group, first, second = offered
    html = role_client.get(url("application_status", first)).content.decode()
    assert 'id="offer"' in html and 'id="offer-accept"' in html
    response = role_client.post(url("offer_accept", first))
    assert response.status_code == 302 and response["Location"] == url("application_status", first)
    first.refresh_from_db()
    assert first.status == Application.Status.ACCEPTED
    assert Enrolment.objects.active().filter(application=first).exists()
    group.refresh_from_db()
    assert (group.enrolled_count, group.offered_count) == (1, 0)
    page = role_client.get(url("application_status", first)).content.decode()
    assert 'data-status="accepted"' in page and 'id="offer-accept"' not in page


def test_accepting_needs_a_post_and_a_second_accept_is_explained(client, offered):
    _group, first, _second = offered
    assert client.get(url("offer_accept", first)).status_code == 405
    client.post(url("offer_accept", first), follow=True)
    response = client.post(url("offer_accept", first), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Enrolment.objects.filter(application=first).count() == 1


def test_accepting_after_the_deadline_is_refused_in_russian(client, offered):
    _group, first, _second = offered
    Offer.objects.filter(application=first).update(
        offered_at=timezone.now() - datetime.timedelta(hours=49),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    response = client.post(url("offer_accept", first), follow=True)
    assert "Срок ответа на предложение истёк" in response.content.decode()
    first.refresh_from_db()
    assert first.status == Application.Status.OFFERED  # the deadline task lapses it
    assert not Enrolment.objects.filter(application=first).exists()


def test_declining_is_a_confirmation_page_then_the_place_goes_to_the_next(client, offered):
    group, first, second = offered
    page = client.get(url("offer_decline", first))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="confirm-form"' in html
    assert 'id="confirm-consequence"' in html and "следующему" in html
    assert first.child_surname not in html  # the page names the child by first name only
    first.refresh_from_db()
    assert first.status == Application.Status.OFFERED  # GET changes nothing
    # a POST without the confirmation shows the page again and changes nothing
    assert client.post(url("offer_decline", first)).status_code == 200
    first.refresh_from_db()
    assert first.status == Application.Status.OFFERED
    response = client.post(url("offer_decline", first), {"confirmed": "1"})
    assert response["Location"] == url("application_status", first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Application.Status.WITHDRAWN
    assert second.status == Application.Status.OFFERED
    assert Group.objects.get(pk=group.pk).offered_count == 1


def test_declining_without_an_offer_goes_back_to_the_status_page(client, line):
    _group, _enrolled, first, _second = line
    response = client.get(url("offer_decline", first))
    assert response.status_code == 302 and response["Location"] == url("application_status", first)


@pytest.mark.parametrize(
    "status, said",
    [
        (Application.Status.WAITING, "номер 1 в очереди"),
        (Application.Status.NEW, "не будет рассмотрена"),
        (Application.Status.OFFERED, "следующему ребёнку"),
        (Application.Status.ACCEPTED, "выбывает из группы"),
    ],
)
def test_the_withdrawal_page_names_the_consequence_and_changes_nothing(client, home, methodist, status, said):
    group = GroupFactory(places=1, club__organisation=home)
    application = ApplicationFactory(group=group)
    if status == Application.Status.ACCEPTED:
        services.application_accept(application=application, by=methodist)
    elif status == Application.Status.OFFERED:
        Application.objects.filter(pk=application.pk).update(status=Application.Status.WAITING)
        services.offer_freed_places(group)
    elif status == Application.Status.WAITING:
        Application.objects.filter(pk=application.pk).update(status=status)
    response = client.get(url("application_withdraw_confirm", application))
    html = response.content.decode()
    assert response.status_code == 200
    assert said in html, html
    application.refresh_from_db()
    assert application.status == status


def test_the_parent_leaves_the_waiting_list_after_confirming(client, line):
    _group, _enrolled, first, second = line
    response = client.post(url("application_withdraw_confirm", first), {"confirmed": "1"}, follow=True)
    assert "Вы вышли из листа ожидания." in response.content.decode()
    first.refresh_from_db()
    assert first.status == Application.Status.WITHDRAWN
    assert second.place_in_line() == 1


def test_withdrawing_an_enrolled_child_after_confirming_offers_the_place_on(client, line):
    group, enrolled, first, _second = line
    client.post(url("application_withdraw_confirm", enrolled), {"confirmed": "1"})
    enrolled.refresh_from_db()
    first.refresh_from_db()
    assert enrolled.status == Application.Status.WITHDRAWN
    assert first.status == Application.Status.OFFERED
    group.refresh_from_db()
    assert (group.enrolled_count, group.offered_count) == (0, 1)


def test_a_closed_application_has_nothing_to_withdraw(client, line):
    _group, _enrolled, first, _second = line
    Application.objects.filter(pk=first.pk).update(status=Application.Status.WITHDRAWN)
    response = client.post(url("application_withdraw_confirm", first), {"confirmed": "1"})
    assert response.status_code == 302
    html = client.get(url("application_status", first)).content.decode()
    assert 'id="withdraw-button"' not in html


def test_a_lapsed_offer_is_explained_on_the_status_page(client, offered):
    _group, first, second = offered
    Offer.objects.filter(application=first).update(
        offered_at=timezone.now() - datetime.timedelta(hours=49),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    services.expire_offers()
    html = client.get(url("application_status", first)).content.decode()
    assert 'id="offer-lapsed"' in html
    second.refresh_from_db()
    assert 'id="offer-accept"' in client.get(url("application_status", second)).content.decode()


@pytest.mark.parametrize("name", ["offer_accept", "offer_decline", "application_withdraw_confirm"])
def test_an_unknown_token_is_not_found(client, name):
    target = reverse(f"programs:{name}", kwargs={"token": uuid.uuid4()})
    assert client.post(target, {"confirmed": "1"}).status_code == 404


def test_the_status_page_of_an_offer_reads_a_fixed_number_of_queries(
    client, offered, django_assert_max_num_queries
):
    _group, first, _second = offered
    with django_assert_max_num_queries(7):
        client.get(url("application_status", first))
