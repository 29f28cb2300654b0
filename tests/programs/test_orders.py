"""Orders about children: accepting into the draft or a paper order (confirmed on a page of
its own), signing, the paper number, taking a child out of a draft, for every role."""

import pytest
from django.urls import reverse

from centre.roles import Role
from programs import services
from programs.models import Application, Enrolment, Group, Order
from programs.services.orders import open_draft
from tests.factories import OrganisationFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, GroupFactory
from tests.programs.helpers import days, today
from tests.programs.orders_world import ROLES, accept_data, accept_url, enrolled, errors_of, services_sign

pytestmark = pytest.mark.django_db


# --- accepting asks first ---------------------------------------------------------------------


def test_the_accept_page_asks_and_changes_nothing_until_confirmed(methodist_client):
    application = ApplicationFactory(group=GroupFactory(funding=Group.Funding.CERTIFICATE))
    page = methodist_client.get(accept_url(application))
    assert page.status_code == 200
    assert page.context["form"]["funding"].value() == Group.Funding.CERTIFICATE  # the group's
    first_post = methodist_client.post(accept_url(application), accept_data(confirmed=None))
    assert first_post.status_code == 200
    application.refresh_from_db()
    assert application.status == Application.Status.NEW
    assert not Enrolment.objects.exists() and not Order.objects.exists()


def test_a_confirmed_accept_goes_into_the_draft_with_start_date_and_funding(methodist_client, methodist):
    group = GroupFactory(funding=Group.Funding.CERTIFICATE)
    application = ApplicationFactory(group=group)
    start = max(group.academic_year.start, days(-3))
    response = methodist_client.post(
        accept_url(application), accept_data(enrolled_on=start.isoformat(), funding="certificate")
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.enrolled_on == start
    assert enrolment.funding == Group.Funding.CERTIFICATE
    assert enrolment.order.status == Order.Status.DRAFT
    assert enrolment.order.kind == Order.Kind.ENROLMENT
    assert enrolment.order.created_by == methodist
    second = ApplicationFactory(group=group)
    methodist_client.post(accept_url(second), accept_data())
    assert Order.objects.count() == 1  # one draft gathers both
    assert Enrolment.objects.filter(order=enrolment.order).count() == 2


def test_the_accept_keeps_the_queue_to_go_back_to(methodist_client):
    application = ApplicationFactory()
    back = reverse("programs:staff_applications") + "?status=new"
    page = methodist_client.get(accept_url(application), {"next": back})
    assert page.context["cancel_url"] == back
    response = methodist_client.post(page.context["action"], accept_data())
    assert response.url == back
    evil = methodist_client.post(
        accept_url(ApplicationFactory(group=application.group)) + "?next=https://evil.example/", accept_data()
    )
    assert "evil" not in evil.url


def test_an_accept_into_an_order_signed_on_paper(methodist_client):
    group = GroupFactory()
    signed_on = days(-1)
    paper = accept_data(order="paper", number="15-у", signed_on=signed_on.isoformat())
    methodist_client.post(accept_url(ApplicationFactory(group=group)), paper)
    methodist_client.post(accept_url(ApplicationFactory(group=group)), paper)
    order = Order.objects.get()
    assert (order.status, order.on_paper, order.number, order.signed_on) == (
        Order.Status.SIGNED,
        True,
        "15-у",
        signed_on,
    )
    assert order.enrolments.count() == 2
    # the same number with another date: said, nothing saved
    third = ApplicationFactory(group=group)
    response = methodist_client.post(accept_url(third), paper | {"signed_on": days(-5).isoformat()})
    assert response.status_code == 200
    assert "датирован" in " ".join(errors_of(response)["signed_on"])
    assert Enrolment.objects.count() == 2
    third.refresh_from_db()
    assert third.status == Application.Status.NEW


@pytest.mark.parametrize(
    "data, field, words",
    [
        ({"order": "paper", "number": "", "signed_on": ""}, "number", "номер"),
        ({"order": "paper", "number": "7", "signed_on": ""}, "signed_on", "дату"),
        ({"order": "paper", "number": "7", "signed_on": "2999-01-01"}, "signed_on", "будущ"),
        ({"enrolled_on": "2000-09-01"}, "enrolled_on", "учебный год"),
        ({"funding": "gold"}, "funding", "Выберите"),
        ({"enrolled_on": ""}, "enrolled_on", "дату начала"),
    ],
)
def test_bad_input_on_the_accept_is_said_in_russian_and_saves_nothing(methodist_client, data, field, words):
    application = ApplicationFactory()
    response = methodist_client.post(accept_url(application), accept_data(**data))
    assert response.status_code == 200
    assert words in " ".join(errors_of(response).get(field, [])), errors_of(response)
    assert not Enrolment.objects.exists()
    assert not Order.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_a_paper_number_taken_by_another_kind_of_order_is_refused(methodist_client, director):
    group = GroupFactory()
    leaving = open_draft(
        organisation_id=group.club.organisation_id,
        academic_year_id=group.academic_year_id,
        kind=Order.Kind.LEAVING,
        by=director,
    )
    Order.objects.filter(pk=leaving.pk).update(status="signed", number="9", signed_on=days(-2))
    response = methodist_client.post(
        accept_url(ApplicationFactory(group=group)),
        accept_data(order="paper", number="9", signed_on=days(-2).isoformat()),
    )
    assert "уже есть приказ № 9" in " ".join(errors_of(response)["number"])
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("role_client, expected", ROLES, indirect=["role_client"])
def test_the_accept_page_is_for_the_queue_s_staff(role_client, expected):
    application = ApplicationFactory()
    assert role_client.get(accept_url(application)).status_code == expected
    assert role_client.post(accept_url(application), accept_data()).status_code == (
        302 if expected == 200 else expected
    )
    application.refresh_from_db()
    assert (application.status == Application.Status.ACCEPTED) == (expected == 200)


def test_another_organisation_s_application_cannot_be_accepted(methodist_client):
    other = ApplicationFactory(group=GroupFactory(club=ClubFactory(organisation=OrganisationFactory())))
    assert methodist_client.get(accept_url(other)).status_code == 404
    assert methodist_client.post(accept_url(other), accept_data()).status_code == 404
    assert not Enrolment.objects.exists()


def test_a_parent_accepting_an_offer_goes_into_the_draft_too(director):
    group = GroupFactory(places=1)
    first = ApplicationFactory(group=group)
    services.application_accept(application=first, by=director)
    waiting = ApplicationFactory(group=group)
    services.application_waitlist(application=waiting, by=director)
    services.application_withdraw(application=first)  # the place is offered to the line
    offer = waiting.offers.get()
    services.offer_accept(offer=offer)
    enrolment = Enrolment.objects.get(application=waiting)
    assert enrolment.order.kind == Order.Kind.ENROLMENT and enrolment.order.is_draft
    left = Enrolment.objects.get(application=first)
    assert left.leaving_order.kind == Order.Kind.LEAVING
    assert left.leaving_reason == "parent_request"


# --- signing ----------------------------------------------------------------------------------


def sign_url(order, paper=False):
    return reverse("programs:staff_order_paper" if paper else "programs:staff_order_sign", args=[order.pk])


def test_the_director_signs_the_draft_with_number_and_date(director_client, director):
    order = enrolled(GroupFactory(), director)
    page = director_client.get(sign_url(order))
    assert page.status_code == 200
    assert len(page.context["lines"]) == 2
    order.refresh_from_db()
    assert order.is_draft
    data = {"number": "21-у", "signed_on": today().isoformat(), "children": "2", "confirmed": "1"}
    response = director_client.post(sign_url(order), data)
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.number, order.signed_on, order.signed_by, order.on_paper) == (
        Order.Status.SIGNED,
        "21-у",
        today(),
        director,
        False,
    )
    assert order.history.count() >= 2  # drafted, signed: who and when kept
    # a child accepted afterwards goes into a new draft
    services.application_accept(application=ApplicationFactory(group=GroupFactory()), by=director)
    assert Order.objects.drafts().count() == 1


def test_a_number_already_used_this_year_is_a_clear_error(director_client, director):
    group = GroupFactory()
    first = enrolled(group, director, count=1)
    director_client.post(
        sign_url(first), {"number": "5", "signed_on": today().isoformat(), "children": "1", "confirmed": "1"}
    )
    second = enrolled(group, director, count=1)
    response = director_client.post(
        sign_url(second), {"number": "5", "signed_on": today().isoformat(), "children": "1", "confirmed": "1"}
    )
    assert response.status_code == 200
    text = " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert "уже есть приказ с таким номером" in text
    second.refresh_from_db()
    assert second.is_draft and second.number == ""


def test_a_child_added_while_the_director_looked_asks_again(director_client, director):
    group = GroupFactory()
    order = enrolled(group, director, count=1)
    director_client.get(sign_url(order))
    services.application_accept(application=ApplicationFactory(group=group), by=director)
    response = director_client.post(
        sign_url(order), {"number": "6", "signed_on": today().isoformat(), "children": "1", "confirmed": "1"}
    )
    assert response.status_code == 200
    assert "изменился" in " ".join(str(e) for e in response.context["form"].non_field_errors())
    order.refresh_from_db()
    assert order.is_draft


def test_an_empty_draft_cannot_be_signed(director_client, director):
    group = GroupFactory()
    order = open_draft(
        organisation_id=group.club.organisation_id,
        academic_year_id=group.academic_year_id,
        kind=Order.Kind.ENROLMENT,
        by=director,
    )
    response = director_client.post(
        sign_url(order), {"number": "6", "signed_on": today().isoformat(), "children": "0", "confirmed": "1"}
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.is_draft


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 403), ("director", 200)],
    indirect=["role_client"],
)
def test_only_the_director_signs(role_client, expected, make_user):
    order = enrolled(GroupFactory(), make_user(Role.DIRECTOR, username="signer"), count=1)
    assert role_client.get(sign_url(order)).status_code == expected


def test_the_methodist_enters_the_number_of_a_draft_signed_on_paper(methodist_client, director):
    order = enrolled(GroupFactory(), director, count=1)
    bad = methodist_client.post(
        sign_url(order, paper=True), {"number": "", "signed_on": "", "confirmed": "1"}
    )
    assert bad.status_code == 200
    assert "номер" in " ".join(errors_of(bad)["number"])
    response = methodist_client.post(
        sign_url(order, paper=True),
        {"number": "3-у", "signed_on": days(-10).isoformat(), "children": "1", "confirmed": "1"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.on_paper, order.signed_by, order.number) == (
        Order.Status.SIGNED,
        True,
        None,
        "3-у",
    )


def test_another_organisation_s_order_is_not_found(director_client):
    other = GroupFactory(club=ClubFactory(organisation=OrganisationFactory()))
    order = open_draft(
        organisation_id=other.club.organisation_id,
        academic_year_id=other.academic_year_id,
        kind=Order.Kind.ENROLMENT,
        by=None,
    )
    for name in ("staff_order", "staff_order_sign", "staff_order_print", "staff_order_export"):
        assert director_client.get(reverse(f"programs:{name}", args=[order.pk])).status_code == 404, name
    assert director_client.get(reverse("programs:staff_order_paper", args=[order.pk])).status_code == 404
    assert (
        director_client.post(
            sign_url(order), {"number": "1", "signed_on": today().isoformat(), "confirmed": "1"}
        ).status_code
        == 404
    )
    order.refresh_from_db()
    assert order.is_draft
    assert order not in director_client.get(reverse("programs:staff_orders")).context["page"].object_list


# --- taking a child out of a draft ---------------------------------------------------------------


def test_taking_a_child_out_of_the_draft_undoes_the_enrolment(methodist_client, director):
    group = GroupFactory()
    order = enrolled(group, director, count=2)
    enrolment = order.enrolments.order_by("pk").first()
    url = reverse("programs:staff_order_remove", args=[order.pk, enrolment.pk])
    assert methodist_client.get(url).status_code == 200
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()  # GET asks only
    assert methodist_client.post(url).status_code == 200  # no confirmed: asks again
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()
    response = methodist_client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()
    assert Enrolment.history.filter(id=enrolment.pk, history_type="-").exists()
    group.refresh_from_db()
    assert group.enrolled_count == 1
    application = Application.objects.get(pk=enrolment.application_id)
    assert application.status == Application.Status.NEW and application.decided_by is None


def test_a_signed_order_keeps_its_children(methodist_client, director):
    order = enrolled(GroupFactory(), director, count=1)
    services_sign(order, director)
    enrolment = order.enrolments.get()
    response = methodist_client.post(
        reverse("programs:staff_order_remove", args=[order.pk, enrolment.pk]), {"confirmed": "1"}, follow=True
    )
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()
    assert any("подписан" in str(m) for m in response.context["messages"])
