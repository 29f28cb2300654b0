"""Every innovation page for every role: the public page is open; the staff pages send
anonymous visitors to log in and refuse parents, teachers and coordinators."""

import pytest
from django.urls import reverse

from tests.innovation.factories import OrderCoverageFactory, ProductFactory, YearlyReportFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent", "teacher", "coordinator", "methodist", "director"]
STAFF_PAGES = [
    "dashboard",
    "print",
    "export",
    "platform_create",
    "platform",
    "platform_edit",
    "order_create",
    "order_link",
    "order_edit",
    "report_create",
    "report_edit",
    "product_create",
    "product_edit",
]


@pytest.fixture
def records(current):
    coverage = OrderCoverageFactory()
    platform = coverage.platform
    return {
        "platform": platform,
        "order": coverage.order,
        "report": YearlyReportFactory(platform=platform),
        "product": ProductFactory(platform=platform),
    }


def _url(name, records):
    platform = records["platform"]
    kwargs = {
        "dashboard": {},
        "print": {},
        "export": {},
        "platform_create": {},
        "order_edit": {"pk": platform.pk, "order_pk": records["order"].pk},
        "report_edit": {"pk": platform.pk, "report_pk": records["report"].pk},
        "product_edit": {"pk": platform.pk, "product_pk": records["product"].pk},
    }.get(name, {"pk": platform.pk})
    return reverse(f"innovation:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_the_public_page_opens_for_everyone(role_client, records):
    response = role_client.get(reverse("innovation:index"))
    assert response.status_code == 200
    assert records["platform"].theme in response.content.decode()


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize(
    "role_client, expected",
    [
        ("anonymous", 302),
        ("parent", 403),
        ("teacher", 403),
        ("coordinator", 403),
        ("methodist", 200),
        ("director", 200),
    ],
    indirect=["role_client"],
)
def test_staff_pages_by_role(role_client, expected, name, records):
    url = _url(name, records)
    response = role_client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
        assert "next=" in response["Location"]


@pytest.mark.parametrize(
    "name", [n for n in STAFF_PAGES if n not in ("dashboard", "print", "export", "platform")]
)
@pytest.mark.parametrize("role_client", ["parent", "teacher", "coordinator"], indirect=True)
def test_posting_to_a_staff_form_is_refused_to_other_roles(role_client, name, records):
    response = role_client.post(_url(name, records), {"theme": "Попытка", "number": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("platform", {"pk": 999999}),
        ("order_create", {"pk": 999999}),
        ("platform_edit", {"pk": 999999}),
    ],
)
def test_an_unknown_platform_is_404(methodist_client, name, kwargs):
    assert methodist_client.get(reverse(f"innovation:{name}", kwargs=kwargs)).status_code == 404


def test_an_order_of_another_platform_is_404_under_this_one(methodist_client, records):
    other = OrderCoverageFactory()
    url = reverse("innovation:order_edit", kwargs={"pk": records["platform"].pk, "order_pk": other.order.pk})
    assert methodist_client.get(url).status_code == 404


def test_a_report_of_another_platform_is_404_under_this_one(methodist_client, records):
    other = YearlyReportFactory()
    url = reverse("innovation:report_edit", kwargs={"pk": records["platform"].pk, "report_pk": other.pk})
    assert methodist_client.get(url).status_code == 404


def test_the_staff_menu_links_the_dashboard_for_the_director(director_client):
    html = director_client.get(reverse("home")).content.decode()
    assert reverse("innovation:dashboard") in html
    assert reverse("innovation:index") in html


def test_edit_buttons_show_on_the_platform_page_for_editors(director_client, records):
    html = director_client.get(_url("platform", records)).content.decode()
    assert reverse("innovation:order_create", kwargs={"pk": records["platform"].pk}) in html
