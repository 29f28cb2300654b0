"""Orders about children: the list, the page, the print and the XLSX, for every role;
another organisation's order is not found."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from centre.models import Organisation
from centre.pagination import PAGE_SIZE
from centre.roles import Role
from programs import services
from programs.models import Enrolment, Group, Order
from programs.services.orders import open_draft
from tests.factories import OrganisationFactory
from tests.programs.factories import ApplicationFactory, GroupFactory
from tests.programs.helpers import today
from tests.programs.orders_world import ROLES, accept_url, enrolled, services_sign

pytestmark = pytest.mark.django_db


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
