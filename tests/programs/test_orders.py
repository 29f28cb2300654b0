"""Orders about children: accepting into the draft or a paper order (confirmed on a page of
its own), signing, the paper number, taking a child out of a draft, the list, the page, the
print and the XLSX, for every role; another organisation's order is not found."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from centre.models import Organisation
from centre.pagination import PAGE_SIZE
from centre.roles import Role
from programs import services
from programs.models import Application, Enrolment, Group, Order
from programs.services.orders import open_draft, order_sign
from tests.factories import OrganisationFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, GroupFactory
from tests.programs.helpers import days, today

pytestmark = pytest.mark.django_db

ROLES = [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 200)]


def accept_url(application):
    return reverse("programs:staff_application_accept", args=[application.pk])


def accept_data(**overrides):
    data = {"enrolled_on": today().isoformat(), "funding": "free", "order": "draft", "confirmed": "1"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response):
    form = response.context["form"]
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def enrolled(group, director, count=2):
    """`count` children of the group accepted into the draft enrolment order."""
    for _ in range(count):
        services.application_accept(application=ApplicationFactory(group=group), by=director)
    return Order.objects.get(kind=Order.Kind.ENROLMENT, status=Order.Status.DRAFT)


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


def services_sign(order, director, number="1"):
    return order_sign(order=order, by=director, number=number, signed_on=today())


# --- the list, the page, the print, the XLSX ---------------------------------------------------


@pytest.mark.parametrize("role_client, expected", ROLES, indirect=["role_client"])
def test_the_order_pages_are_for_methodists_and_directors(role_client, expected, make_user):
    order = enrolled(GroupFactory(), make_user(Role.DIRECTOR, username="signer"), count=1)
    for name, args in (
        ("staff_orders", []),
        ("staff_order", [order.pk]),
        ("staff_order_print", [order.pk]),
        ("staff_order_export", [order.pk]),
    ):
        assert role_client.get(reverse(f"programs:{name}", args=args)).status_code == expected, name


def test_the_list_filters_and_pages(director_client, director):
    group = GroupFactory()
    draft = enrolled(group, director, count=1)
    services_sign(draft, director)
    enrolled(group, director, count=1)
    page = director_client.get(reverse("programs:staff_orders"), {"status": "draft"}).context["page"]
    assert [order.is_draft for order in page.object_list] == [True]
    assert page.object_list[0].enrolled == 1
    everything = director_client.get(reverse("programs:staff_orders")).context["page"]
    assert len(everything.object_list) == 2


def test_the_list_and_the_page_cost_the_same_queries_for_many(
    director_client, director, django_assert_max_num_queries
):
    group = GroupFactory(places=40)
    order = enrolled(group, director, count=2)
    with django_assert_max_num_queries(12):
        director_client.get(reverse("programs:staff_orders"))
    with django_assert_max_num_queries(16):
        director_client.get(reverse("programs:staff_order", args=[order.pk]))
    enrolled(group, director, count=10)
    for _number in range(5):
        Order.objects.create(
            organisation=group.club.organisation,
            academic_year=group.academic_year,
            kind=Order.Kind.LEAVING,
        )
    with django_assert_max_num_queries(12):
        director_client.get(reverse("programs:staff_orders"))
    with django_assert_max_num_queries(16):
        director_client.get(reverse("programs:staff_order", args=[order.pk]))
    with django_assert_max_num_queries(12):
        director_client.get(reverse("programs:staff_order_print", args=[order.pk]))


def test_the_printed_order_has_the_centre_s_header_and_the_numbered_children(director_client, director):
    group = GroupFactory()
    organisation = group.club.organisation
    organisation.address = "г. Новосибирск, ул. Ленина, 1"
    organisation.save()
    order = enrolled(group, director, count=2)
    services_sign(order, director, number="44-у")
    body = director_client.get(reverse("programs:staff_order_print", args=[order.pk])).content.decode()
    assert organisation.name in body and "ул. Ленина, 1" in body
    assert "44-у" in body and today().strftime("%d.%m.%Y") in body
    assert "css/print.css" in body
    for enrolment in order.enrolments.all():
        assert enrolment.learner.full_name in body


def test_the_order_as_xlsx(director_client, director):
    group = GroupFactory(funding=Group.Funding.CERTIFICATE)
    order = enrolled(group, director, count=2)
    response = director_client.get(reverse("programs:staff_order_export", args=[order.pk]))
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]]
    assert [row[0] for row in rows] == [1, 2]
    names = sorted(e.learner.full_name for e in order.enrolments.all())
    assert [row[1] for row in rows] == names
    assert {row[4].date() if isinstance(row[4], datetime.datetime) else row[4] for row in rows} == {today()}
    assert {row[5] for row in rows} == {str(Group.Funding.CERTIFICATE.label)}


def test_the_order_page_and_the_signing_page_list_a_page_of_children_the_print_all(
    director_client, director, settings
):
    group = GroupFactory(places=40)
    order = enrolled(group, director, count=PAGE_SIZE + 3)
    for name in ("staff_order", "staff_order_sign"):
        first = director_client.get(reverse(f"programs:{name}", args=[order.pk]))
        assert len(first.context["lines"]) == PAGE_SIZE and first.context["count"] == PAGE_SIZE + 3
        second = director_client.get(reverse(f"programs:{name}", args=[order.pk]), {"page": 2})
        assert [line.number for line in second.context["lines"]] == [
            PAGE_SIZE + 1,
            PAGE_SIZE + 2,
            PAGE_SIZE + 3,
        ]
    printed = director_client.get(reverse("programs:staff_order_print", args=[order.pk]))
    assert len(printed.context["lines"]) == PAGE_SIZE + 3


def test_a_subdivision_s_order_is_headed_by_its_legal_entity(director_client, director):
    group = GroupFactory()
    subdivision = group.club.organisation
    centre = OrganisationFactory(name="МАУ ДО «Центр»", address="ул. Юридическая, 5")
    subdivision.kind = Organisation.Kind.SUBDIVISION
    subdivision.parent = centre
    subdivision.save()
    order = enrolled(group, director, count=1)
    printed = director_client.get(reverse("programs:staff_order_print", args=[order.pk])).content.decode()
    assert printed.index("МАУ ДО «Центр»") < printed.index(subdivision.name)
    assert "ул. Юридическая, 5" in printed
    sheet = load_workbook(
        BytesIO(director_client.get(reverse("programs:staff_order_export", args=[order.pk])).content)
    ).active
    assert [sheet["A1"].value, sheet["A2"].value] == ["МАУ ДО «Центр»", subdivision.name]


def test_a_transfer_order_names_the_group_each_child_moves_on_from(director_client, director):
    last_year = GroupFactory(name="Первый год")
    enrolment = services.application_accept(application=ApplicationFactory(group=last_year), by=director)
    following = GroupFactory(club=last_year.club, name="Второй год", year_of_study=2)
    transfer = open_draft(
        organisation_id=last_year.club.organisation_id,
        academic_year_id=last_year.academic_year_id,
        kind=Order.Kind.TRANSFER,
        by=director,
    )
    Enrolment.objects.create(
        group=following, learner=enrolment.learner, order=transfer, funding="free", continues=enrolment
    )
    page = director_client.get(reverse("programs:staff_order", args=[transfer.pk]))
    [line] = page.context["lines"]
    assert line.previous.endswith("Первый год") and line.group.endswith("Второй год")
    assert not line.removable  # a transfer is not taken out as an enrolment is


def test_the_accept_page_keeps_its_queries(methodist_client, django_assert_max_num_queries):
    group = GroupFactory()
    application = ApplicationFactory(group=group)
    with django_assert_max_num_queries(14):
        page = methodist_client.get(accept_url(application))
    assert page.status_code == 200 and 'id="confirm-form"' in page.content.decode()
