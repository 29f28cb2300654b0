"""Innovation between organisations (issue 13): the staff of one organisation read and change
only its platforms, orders, reports and products; another organisation's are a 404 whatever
the URL, GET or POST, and no dashboard, print page or export of one holds another's. The
education authority reads its territory's platforms and changes nothing. The public page
stays public."""

from io import BytesIO

import pytest
from django.db.models import Model
from django.forms.models import model_to_dict
from django.urls import reverse
from openpyxl import load_workbook

from centre.choosers import SEARCH
from centre.models import AcademicYear, Organisation, Person
from centre.roles import Role, assign_roles
from innovation.models import Order, OrderCoverage, Platform, Product, YearlyReport
from tests.factories import OrganisationFactory, PersonFactory, home_organisation
from tests.innovation.factories import (
    OrderCoverageFactory,
    OrderFactory,
    PlatformFactory,
    ProductFactory,
    YearlyReportFactory,
)

pytestmark = pytest.mark.django_db

OUTSIDER_THEME = "Чужая тема площадки Зазеркалье"
OUTSIDER_STAFF = "Инопланетова"
OWN_THEME = "Своя тема площадки"

# every staff URL with an object, and whether it changes anything
OBJECT_URLS = {
    "platform": False,
    "platform_edit": True,
    "order_create": True,
    "order_link": True,
    "order_edit": True,
    "report_create": True,
    "report_edit": True,
    "product_create": True,
    "product_edit": True,
}
STAFF_ROLES = [Role.METHODIST, Role.DIRECTOR, Role.TEACHER, Role.COORDINATOR, Role.AUTHORITY]


def records_of(organisation, *, theme, staff_surname):
    """A platform in force since last year, its order, report and product of last year, a
    responsible staff member, and an order of the organisation not yet linked to it."""
    previous = AcademicYear.objects.filter(start__lt=AcademicYear.objects.current().start).latest("start")
    platform = PlatformFactory(organisation=organisation, theme=theme, first_year=previous)
    person = PersonFactory(organisation=organisation, surname=staff_surname)
    platform.responsible.add(person)
    coverage = OrderCoverageFactory(
        platform=platform, order__organisation=organisation, order__number=f"{theme[:5]}-1"
    )
    return {
        "platform": platform,
        "person": person,
        "order": coverage.order,
        "coverage": coverage,
        "report": YearlyReportFactory(platform=platform),
        "product": ProductFactory(platform=platform, title=f"Продукт: {theme}"),
        "spare_order": OrderFactory(organisation=organisation, number=f"{theme[:5]}-2"),
    }


@pytest.fixture
def outsider(current):
    """Another centre (not in the authority's territory) with one of everything."""
    return records_of(
        OrganisationFactory(name="Центр «Зазеркалье»"), theme=OUTSIDER_THEME, staff_surname=OUTSIDER_STAFF
    )


@pytest.fixture
def own(current):
    return records_of(home_organisation(), theme=OWN_THEME, staff_surname="Своякова")


def url_of(name, records):
    platform = records["platform"]
    extra = {
        "order_edit": {"order_pk": records["order"].pk},
        "report_edit": {"report_pk": records["report"].pk},
        "product_edit": {"product_pk": records["product"].pk},
    }.get(name, {})
    return reverse(f"innovation:{name}", kwargs={"pk": platform.pk, **extra})


def snapshot(records) -> dict:
    """Every row of the records as stored, and the counts of the tables a POST could add to."""
    rows = {
        key: model_to_dict(type(obj).objects.get(pk=obj.pk))
        for key, obj in records.items()
        if isinstance(obj, Model)
    }
    rows["counts"] = [
        model.objects.count() for model in (Platform, Order, OrderCoverage, YearlyReport, Product)
    ]
    rows["responsible"] = list(records["platform"].responsible.values_list("pk", flat=True))
    return rows


def a_post_for(name, records):
    """A POST that the form accepts for the object it names (so that only the scope stands
    between it and a change): see test_the_same_post_changes_the_organisations_own_object."""
    platform = records["platform"]
    year, current = platform.first_year_id, AcademicYear.objects.current().label
    act = {"kind": Order.Kind.ORDER, "issuer": "Взломщик", "number": "666", "date": "2024-09-01"}
    return {
        "platform_edit": {
            "organisation": platform.organisation_id,
            "theme": "Взломано",
            "level": platform.level,
            "first_year": year,
            "status": platform.status,
        },
        "order_create": {"academic_year": year, **act},
        "order_link": {"order": records["spare_order"].pk, "academic_year": year},
        "order_edit": act,
        "report_create": {"academic_year": current, "teams": 1, "participants": 1, "status": "draft"},
        "report_edit": {"academic_year": year, "teams": 9, "participants": 9, "status": "draft"},
        "product_create": {"academic_year": year, "kind": Product.Kind.OTHER, "title": "Взломано"},
        "product_edit": {"academic_year": year, "kind": Product.Kind.OTHER, "title": "Взломано"},
    }[name]


def login_as(request, client, role):
    """A client of the cast's ``role`` (the authority's member from its fixture)."""
    if role == Role.AUTHORITY:
        user = request.getfixturevalue("authority")
    else:
        user = request.getfixturevalue("make_user")(role)
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", OBJECT_URLS)
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_another_organisations_object_is_404_for_every_staff_role(request, client, role, name, outsider):
    client = login_as(request, client, role)
    writes = OBJECT_URLS[name]
    # a role that may use the page at all is told the object does not exist (the authority
    # reads, and the other centre is outside its territory); the others are refused the page
    # whatever the object
    allowed = role in (Role.METHODIST, Role.DIRECTOR) or (role == Role.AUTHORITY and not writes)
    before = snapshot(outsider)
    url = url_of(name, outsider)
    responses = [client.get(url)]
    if writes:
        responses.append(client.post(url, a_post_for(name, outsider)))
    for response in responses:
        assert response.status_code == (404 if allowed else 403)
        assert OUTSIDER_THEME not in response.content.decode()
    assert snapshot(outsider) == before


@pytest.mark.parametrize("name", [name for name, writes in OBJECT_URLS.items() if writes])
def test_the_same_post_changes_the_organisations_own_object(methodist_client, name, own):
    """The control for the test above: the POST it sends is one the form accepts."""
    before = snapshot(own)
    response = methodist_client.post(url_of(name, own), a_post_for(name, own))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert snapshot(own) != before


@pytest.mark.parametrize("page", ["dashboard", "print"])
@pytest.mark.parametrize("role", [Role.METHODIST, Role.DIRECTOR])
def test_dashboards_hold_only_the_organisations_platforms(request, client, role, page, own, outsider):
    html = login_as(request, client, role).get(reverse(f"innovation:{page}")).content.decode()
    assert OWN_THEME in html
    assert OUTSIDER_THEME not in html
    assert "Зазеркалье" not in html  # nor its organisation, in the filter or the warnings


def test_the_dashboard_filter_offers_only_the_users_organisations(director_client, own, outsider):
    form = director_client.get(reverse("innovation:dashboard")).context["filter"].form
    assert list(form.fields["organisation"].queryset) == [own["platform"].organisation]
    # another organisation named in the query string is not a way in
    response = director_client.get(
        reverse("innovation:dashboard"), {"organisation": outsider["platform"].organisation_id}
    )
    assert OUTSIDER_THEME not in response.content.decode()


def test_the_export_holds_only_the_organisations_platforms(director_client, own, outsider):
    response = director_client.get(reverse("innovation:export"))
    book = load_workbook(BytesIO(response.content))
    cells = {str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row}
    assert OWN_THEME in cells
    assert OUTSIDER_THEME not in cells
    assert not any("Зазеркалье" in cell for cell in cells)


def test_the_public_page_stays_public_and_names_no_staff(client, own, outsider):
    html = client.get(reverse("innovation:index")).content.decode()
    assert OWN_THEME in html and OUTSIDER_THEME in html
    assert OUTSIDER_STAFF not in html and "Своякова" not in html


# --- the education authority ------------------------------------------------------------


def test_the_authority_reads_its_territorys_platforms(authority_client, own, outsider):
    html = authority_client.get(reverse("innovation:dashboard")).content.decode()
    assert OWN_THEME in html
    assert OUTSIDER_THEME not in html  # a centre outside its territory
    page = authority_client.get(url_of("platform", own))
    assert page.status_code == 200
    assert OWN_THEME in page.content.decode()
    assert page.context["can_edit"] is False
    assert reverse("innovation:order_create", kwargs={"pk": own["platform"].pk}) not in page.content.decode()
    export = authority_client.get(reverse("innovation:export"))
    assert export.status_code == 200


@pytest.mark.parametrize(
    "name", [name for name, writes in OBJECT_URLS.items() if writes] + ["platform_create"]
)
def test_the_authority_changes_nothing_in_its_territory(authority_client, name, own):
    before = snapshot(own)
    url = reverse("innovation:platform_create") if name == "platform_create" else url_of(name, own)
    post = a_post_for("platform_edit" if name == "platform_create" else name, own)
    for response in (authority_client.get(url), authority_client.post(url, post)):
        assert response.status_code in (403, 404)
    assert snapshot(own) == before


def test_an_authority_member_who_also_edits_platforms_edits_none_of_the_territorys(client, authority, own):
    """Read scope is not write scope: with EDIT_INNOVATION too, a platform of the territory is
    read, shown without edit links, and its edit pages are a 404."""
    assign_roles(authority, [Role.METHODIST])
    client.force_login(authority)
    page = client.get(url_of("platform", own))
    assert page.status_code == 200
    assert page.context["can_edit"] is False
    before = snapshot(own)
    response = client.post(url_of("platform_edit", own), a_post_for("platform_edit", own))
    assert response.status_code == 404
    assert snapshot(own) == before
    # nor can a new platform be given to a territory's organisation
    response = client.post(
        reverse("innovation:platform_create"), {**a_post_for("platform_edit", own), "theme": "Новая"}
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Platform.objects.filter(theme="Новая").exists()


# --- the forms offer only the user's organisations' records ------------------------------


def test_the_platform_form_offers_only_the_users_organisations_and_staff(methodist_client, own, outsider):
    sub = OrganisationFactory(
        name="Технопарк (тестовый)", kind=Organisation.Kind.SUBDIVISION, parent=home_organisation()
    )
    OrganisationFactory(name="Другой центр", kind=Organisation.Kind.CENTRE)
    url = reverse("innovation:platform_create")
    form = methodist_client.get(url).context["form"]
    assert set(form.fields["organisation"].queryset) == {home_organisation(), sub}
    # a search for the other organisation's staff member finds nobody; one for the user's
    # own finds them; neither saves anything
    response = methodist_client.post(url, {"responsible_q": OUTSIDER_STAFF[:6], SEARCH: "responsible"})
    assert response.status_code == 200
    assert OUTSIDER_STAFF not in response.content.decode()
    response = methodist_client.post(url, {"responsible_q": "Своя", SEARCH: "responsible"})
    assert f'value="{own["person"].pk}"' in response.content.decode()
    assert Platform.objects.count() == 2


@pytest.mark.parametrize(
    "field, value",
    [("organisation", lambda o: o["platform"].organisation_id), ("responsible", lambda o: [o["person"].pk])],
)
def test_a_crafted_choice_of_another_organisation_is_a_form_error(
    methodist_client, own, outsider, field, value
):
    data = {**a_post_for("platform_edit", own), "theme": "Новая площадка", field: value(outsider)}
    response = methodist_client.post(reverse("innovation:platform_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Platform.objects.filter(theme="Новая площадка").exists()


def test_the_report_form_offers_only_the_users_staff(methodist_client, own, outsider):
    url = reverse("innovation:report_create", kwargs={"pk": own["platform"].pk})
    data = a_post_for("report_create", own)
    response = methodist_client.post(url, {**data, "staff": [outsider["person"].pk]})
    assert "staff" in response.context["form"].errors
    response = methodist_client.post(url, {**data, "staff_q": OUTSIDER_STAFF[:6], SEARCH: "staff"})
    assert OUTSIDER_STAFF not in response.content.decode()
    assert YearlyReport.objects.filter(platform=own["platform"]).count() == 1


def test_the_link_form_offers_only_the_platforms_organisations_orders(methodist_client, own, outsider):
    url = url_of("order_link", own)
    form = methodist_client.get(url).context["form"]
    assert set(form.fields["order"].queryset) == {own["order"], own["spare_order"]}
    response = methodist_client.post(
        url, {"order": outsider["order"].pk, "academic_year": own["platform"].first_year_id}
    )
    assert "order" in response.context["form"].errors
    assert not OrderCoverage.objects.filter(order=outsider["order"], platform=own["platform"]).exists()


def test_an_act_another_organisation_entered_is_entered_again_as_this_ones(methodist_client, own, outsider):
    """Each organisation keeps its own record of an act: the same issuer, number and date
    entered by another centre is no obstacle, and no link to its record."""
    theirs = outsider["order"]
    response = methodist_client.post(
        url_of("order_create", own),
        {
            "academic_year": own["platform"].first_year_id,
            "kind": theirs.kind,
            "issuer": theirs.issuer,
            "number": theirs.number,
            "date": theirs.date.isoformat(),
        },
    )
    assert response.status_code == 302
    mine = Order.objects.get(organisation=home_organisation(), number=theirs.number)
    assert mine.pk != theirs.pk
    assert list(theirs.coverages.values_list("platform", flat=True)) == [outsider["platform"].pk]


def test_a_coverage_of_another_organisations_order_is_refused_by_the_model(own, outsider):
    from django.core.exceptions import ValidationError

    coverage = OrderCoverage(
        order=outsider["order"], platform=own["platform"], academic_year=own["platform"].first_year
    )
    with pytest.raises(ValidationError) as error:
        coverage.full_clean()
    assert "order" in error.value.message_dict


# --- the pages hold at any size of the other organisations --------------------------------


def _crowd(organisation, count):
    Person.objects.bulk_create(
        Person(surname=f"{OUTSIDER_STAFF}{i:03d}", name="Ия", position="Педагог", organisation=organisation)
        for i in range(count)
    )
    for i in range(count // 10):
        PlatformFactory(organisation=organisation, theme=f"{OUTSIDER_THEME} {i}")


@pytest.mark.parametrize("crowd", [2, 60])
@pytest.mark.parametrize(
    "page, limit",
    # the session, the user, the roles, the organisations; then the page's own
    [("platform_create", 9), ("platform_edit", 12), ("report_create", 7), ("dashboard", 12)],
)
def test_query_counts_do_not_grow_with_other_organisations(
    methodist_client, own, outsider, crowd, page, limit, django_assert_max_num_queries
):
    _crowd(outsider["platform"].organisation, crowd)
    url = reverse(f"innovation:{page}") if page in ("platform_create", "dashboard") else url_of(page, own)
    with django_assert_max_num_queries(limit):
        response = methodist_client.get(url)
    assert response.status_code == 200
    assert OUTSIDER_STAFF not in response.content.decode()
    assert OUTSIDER_THEME not in response.content.decode()


@pytest.mark.parametrize("crowd", [2, 60])
def test_the_responsible_chooser_lists_at_most_its_limit(methodist_client, crowd, current):
    """Many staff of the user's own organisation are searched for, not listed."""
    from centre.choosers import LIMIT

    Person.objects.bulk_create(
        Person(surname=f"Своякова{i:03d}", name="Ия", position="Педагог", organisation=home_organisation())
        for i in range(crowd)
    )
    html = methodist_client.get(reverse("innovation:platform_create")).content.decode()
    listed = html.count("Своякова")
    assert listed == (crowd if crowd <= LIMIT else 0)
