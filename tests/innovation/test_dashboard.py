import datetime
import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from centre.models import Organisation
from innovation.models import Order, Platform, YearlyReport
from innovation.register import add_months, build_dynamics, build_warnings
from tests.factories import OrganisationFactory, home_organisation
from tests.innovation.factories import (
    OrderCoverageFactory,
    OrderFactory,
    PlatformFactory,
    ProductFactory,
    YearlyReportFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def omsk(years):
    """A small copy of seed 001: two platforms, three orders, Table 10's first two years, in a
    subdivision of the cast's organisation (so within the director's scope)."""
    organisation = OrganisationFactory(
        short_name="ЦТ «Амурский»", kind=Organisation.Kind.SUBDIVISION, parent=home_organisation()
    )
    municipal = PlatformFactory(
        organisation=organisation,
        theme="Независимая оценка качества",
        first_year=years["2013/2014"],
        last_year=years["2014/2015"],
        status=Platform.Status.COMPLETED,
    )
    regional = PlatformFactory(
        organisation=organisation,
        theme="Образование детей особой заботы",
        level=Platform.Level.REGIONAL,
        first_year=years["2013/2014"],
        last_year=years["2014/2015"],
        status=Platform.Status.COMPLETED,
    )
    do277 = OrderFactory(organisation=organisation, number="ДО/277-р", date=datetime.date(2013, 9, 24))
    do325 = OrderFactory(organisation=organisation, number="ДО/325-р", date=datetime.date(2014, 11, 21))
    iro378 = OrderFactory(
        organisation=organisation,
        kind=Order.Kind.ORDER,
        issuer="БОУ ДПО «ИРООО»",
        number="378",
        date=datetime.date(2014, 12, 15),
    )
    OrderCoverageFactory(order=do277, platform=municipal, academic_year=years["2013/2014"])
    OrderCoverageFactory(order=do325, platform=municipal, academic_year=years["2014/2015"])
    OrderCoverageFactory(order=iro378, platform=regional, academic_year=years["2013/2014"])
    OrderCoverageFactory(order=iro378, platform=regional, academic_year=years["2014/2015"])
    for platform, year, teams, participants in [
        (municipal, "2013/2014", 2, 12),
        (regional, "2013/2014", 1, 7),
        (municipal, "2014/2015", 2, 18),
        (regional, "2014/2015", 3, 9),
    ]:
        YearlyReportFactory(
            platform=platform, academic_year=years[year], teams=teams, participants=participants
        )
    return {"municipal": municipal, "regional": regional}


@pytest.fixture
def uncovered(previous):
    """In force since last year, covered last year, not this year; last year's report missing."""
    platform = PlatformFactory(theme="Сетевые модули для сельских школ", first_year=previous)
    OrderCoverageFactory(platform=platform, academic_year=previous, order__number="ДЕМО-1")
    return platform


def test_the_matrix_shows_level_and_orders_per_year(director_client, omsk):
    response = director_client.get(reverse("innovation:dashboard"))
    register = response.context["register"]
    labels = [year.label for year in register.years]
    assert labels[:2] == ["2013/2014", "2014/2015"]
    row = next(row for row in register.rows if row.platform == omsk["regional"])
    assert [[o.number for o in cell.orders] for cell in row.cells[:2]] == [["378"], ["378"]]
    html = response.content.decode()
    assert "Распоряжение № ДО/277-р от 24.09.2013" in html
    assert "Приказ № 378 от 15.12.2014" in html
    assert "Региональная" in html


def test_years_no_platform_covers_are_left_out_of_the_matrix(director_client, omsk):
    labels = [
        year.label for year in director_client.get(reverse("innovation:dashboard")).context["register"].years
    ]
    assert "2019/2020" not in labels
    assert (
        labels[-1]
        == director_client.get(reverse("innovation:dashboard")).context["register"].current_year.label
    )


def test_the_missing_order_warning_names_the_platform(director_client, omsk, uncovered, current):
    response = director_client.get(reverse("innovation:dashboard"))
    warnings = response.context["warnings"]
    assert warnings.missing_orders == [uncovered]
    html = response.content.decode()
    assert f"Нет приказа на {current.label} учебный год:" in html
    assert 'data-testid="warning-missing-order"' in html
    row = next(row for row in response.context["register"].rows if row.platform == uncovered)
    assert [cell.missing for cell in row.cells if cell.year.label == current.label] == [True]


def test_the_warning_goes_when_the_order_is_entered(director_client, uncovered, current):
    OrderCoverageFactory(platform=uncovered, academic_year=current)
    html = director_client.get(reverse("innovation:dashboard")).content.decode()
    assert 'data-testid="warning-missing-order"' not in html


def test_the_missing_report_warning_counts_last_year(director_client, uncovered, previous):
    warnings = director_client.get(reverse("innovation:dashboard")).context["warnings"]
    assert warnings.previous_year == previous
    assert warnings.missing_reports == [uncovered]
    YearlyReportFactory(platform=uncovered, academic_year=previous)
    warnings = director_client.get(reverse("innovation:dashboard")).context["warnings"]
    assert warnings.missing_reports == []


def test_a_term_ending_within_six_months_is_warned(years, current, previous):
    ending = PlatformFactory(first_year=previous, last_year=current)
    later = PlatformFactory(first_year=previous, last_year=None)
    all_years = [years[label] for label in sorted(years) if label != "current"]
    near = build_warnings(
        Platform.objects.all(),
        years=all_years,
        current_year=current,
        today=current.end - datetime.timedelta(days=100),
    )
    assert near.ending_soon == [ending]
    far = build_warnings(Platform.objects.all(), years=all_years, current_year=current, today=current.start)
    assert far.ending_soon == []
    assert later not in near.ending_soon


def test_the_dashboard_shows_the_all_clear_when_nothing_is_wrong(director_client, omsk):
    html = director_client.get(reverse("innovation:dashboard")).content.decode()
    assert 'data-testid="innovation-all-clear"' in html


def test_add_months_keeps_the_end_of_month():
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 11, 22), 6) == datetime.date(2027, 5, 22)


def test_dynamics_reproduce_table_10_by_level(omsk):
    dynamics = build_dynamics(Platform.objects.all())
    assert dynamics.years == ["2013/2014", "2014/2015"]
    assert [(s.key, s.values) for s in dynamics.series] == [
        ("teams", [3, 5]),
        ("regional", [7, 9]),
        ("municipal", [12, 18]),
    ]


def test_dynamics_count_only_submitted_reports_and_show_other_levels(years, omsk):
    report = YearlyReport.objects.get(platform=omsk["municipal"], academic_year="2013/2014")
    report.status = YearlyReport.Status.DRAFT
    report.save()
    federal = PlatformFactory(level=Platform.Level.FEDERAL, first_year=years["2014/2015"])
    YearlyReportFactory(platform=federal, academic_year=years["2014/2015"], teams=1, participants=4)
    series = {s.key: s.values for s in build_dynamics(Platform.objects.all()).series}
    assert series["municipal"] == [0, 18]
    assert series["teams"] == [1, 6]
    assert series["other"] == [0, 4]


def test_the_chart_is_svg_drawn_on_the_server(director_client, omsk):
    response = director_client.get(reverse("innovation:dashboard"))
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "<title>2014/2015: Участников региональных площадок — 9</title>" in html
    chart = response.context["chart"]
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.value == 18
    assert all(bar.y + bar.height == pytest.approx(chart.bottom, abs=0.2) for bar in chart.bars)
    assert "<script" not in html[html.index("<main") : html.index("</main>")]
    # coordinates are written with a decimal point whatever the page's locale (ru uses a comma)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r'(?:x|y|width|height)="-?\d+,\d', svg)
    assert re.search(r'height="\d+\.\d"', svg)


def test_the_filter_narrows_the_dashboard_to_one_organisation(director_client, omsk, uncovered):
    url = reverse("innovation:dashboard")
    response = director_client.get(url, {"organisation": omsk["municipal"].organisation_id})
    assert {row.platform for row in response.context["register"].rows} == set(omsk.values())
    assert response.context["warnings"].missing_orders == []


def test_a_bad_filter_value_shows_everything_instead_of_failing(director_client, omsk, uncovered):
    response = director_client.get(reverse("innovation:dashboard"), {"level": "galactic"})
    assert response.status_code == 200
    assert len(response.context["register"].rows) == 3


def _grow(years, previous, current, count):
    """Platforms spread over the years, each with orders, reports and products."""
    labels = [label for label in sorted(years) if label != "current"]
    for index in range(count):
        first = years[labels[index % 5]]
        platform = PlatformFactory(
            first_year=first, level=[Platform.Level.MUNICIPAL, Platform.Level.REGIONAL][index % 2]
        )
        for label in labels[labels.index(first.label) : labels.index(first.label) + 3]:
            OrderCoverageFactory(platform=platform, academic_year=years[label])
            YearlyReportFactory(platform=platform, academic_year=years[label])
            ProductFactory(platform=platform, academic_year=years[label])


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["dashboard", "print", "export"])
def test_dashboard_queries_do_not_grow_with_platforms_and_years(
    director_client, django_assert_max_num_queries, years, previous, current, name
):
    url = reverse(f"innovation:{name}")
    _grow(years, previous, current, 2)
    few = _count_queries(director_client, url)
    _grow(years, previous, current, 20)
    with django_assert_max_num_queries(few):
        director_client.get(url)
    assert few <= 14


def test_the_platform_page_queries_do_not_grow_with_its_years(
    director_client, django_assert_max_num_queries, years
):
    platform = PlatformFactory(first_year=years["2013/2014"])
    url = reverse("innovation:platform", kwargs={"pk": platform.pk})
    OrderCoverageFactory(platform=platform, academic_year=years["2013/2014"])
    YearlyReportFactory(platform=platform, academic_year=years["2013/2014"])
    ProductFactory(platform=platform, academic_year=years["2013/2014"])
    few = _count_queries(director_client, url)
    for label in [label for label in sorted(years) if label != "current"][1:]:
        OrderCoverageFactory(platform=platform, academic_year=years[label])
        YearlyReportFactory(platform=platform, academic_year=years[label])
        ProductFactory(platform=platform, academic_year=years[label])
    with django_assert_max_num_queries(few):
        director_client.get(url)


def test_the_export_is_a_workbook_with_the_register_and_the_dynamics(
    director_client, omsk, uncovered, current
):
    response = director_client.get(reverse("innovation:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="innovation-')
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Реестр", "Динамика"]
    register = workbook["Реестр"]
    header = [cell.value for cell in register[1]]
    assert header[:3] == ["Организация", "Тема", "Уровень"]
    rows = [[cell.value for cell in row] for row in register.iter_rows(min_row=2)]
    do277 = next(row for row in rows if row[header.index("Номер")] == "ДО/277-р")
    assert do277[header.index("Учебный год")] == "2013/2014"
    assert do277[header.index("Вид документа")] == "Распоряжение"
    assert do277[header.index("Дата")].date() == datetime.date(2013, 9, 24)
    assert do277[header.index("Тема")] == "Независимая оценка качества"
    assert len([row for row in rows if row[header.index("Номер")] == "378"]) == 2
    missing = [
        row
        for row in rows
        if row[header.index("Тема")] == uncovered.theme and row[header.index("Учебный год")] == current.label
    ]
    assert missing and missing[0][header.index("Вид документа")] == "нет приказа"
    dynamics = workbook["Динамика"]
    assert [[cell.value for cell in row] for row in dynamics.iter_rows()] == [
        [
            "Учебный год",
            "Количество педагогических команд",
            "Участников региональных площадок",
            "Участников муниципальных площадок",
        ],
        ["2013/2014", 3, 7, 12],
        ["2014/2015", 5, 9, 18],
    ]


def test_the_print_page_has_the_register_and_its_print_styles(director_client, omsk):
    response = director_client.get(reverse("innovation:print"))
    html = response.content.decode()
    assert "innovation/print.css" in html
    assert "Распоряжение № ДО/325-р от 21.11.2014" in html
    assert 'data-testid="innovation-dynamics"' in html
    assert reverse("innovation:platform_create") not in html
