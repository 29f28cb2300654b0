import datetime

import pytest
from django.core.management import call_command

import innovation.demo
from centre.demo import load_core
from centre.models import AcademicYear, Organisation
from innovation.models import Order, OrderCoverage, Platform, Product, YearlyReport
from innovation.register import build_dynamics

pytestmark = pytest.mark.django_db

SEED_ORDERS = {
    ("Департамент образования Администрации города Омска", "ДО/277-р", datetime.date(2013, 9, 24)),
    ("Департамент образования Администрации города Омска", "ДО/325-р", datetime.date(2014, 11, 21)),
    ("Департамент образования Администрации города Омска", "ДО/108-р", datetime.date(2016, 2, 18)),
    ("Департамент образования Администрации города Омска", "ДО/80-р", datetime.date(2017, 2, 21)),
    ("БОУ ДПО «ИРООО»", "378", datetime.date(2014, 12, 15)),
    ("БОУ ДПО «ИРООО»", "347", datetime.date(2015, 12, 11)),
    ("БОУ ДПО «ИРООО»", "311", datetime.date(2016, 10, 6)),
}


@pytest.fixture
def demo():
    """The core demo and this app's part of it (the other areas' demo data is not needed)."""
    load()


def load():
    innovation.demo.load(load_core())


def _amursky():
    return Organisation.objects.get(short_name="ЦТ «Амурский»")


def test_seed_001_orders_are_entered_exactly(demo):
    amursky = _amursky()
    assert amursky.kind == Organisation.Kind.CENTRE
    assert amursky.address == "г. Омск"
    orders = set(
        Order.objects.filter(platforms__organisation=amursky)
        .values_list("issuer", "number", "date")
        .distinct()
    )
    assert orders == SEED_ORDERS


def test_seed_001_table_is_the_coverage_of_the_platforms(demo):
    amursky = _amursky()
    cells = set(
        OrderCoverage.objects.filter(platform__organisation=amursky).values_list(
            "academic_year", "platform__theme", "order__number"
        )
    )
    assert ("2013/2014", "Образование детей особой заботы", "378") in cells
    assert ("2014/2015", "Образование детей особой заботы", "378") in cells
    assert ("2013/2014", "Независимая оценка качества", "ДО/277-р") in cells
    assert ("2016/2017", "Школа – территория здоровья", "311") in cells
    assert ("2016/2017", "Поддержка и развитие одаренных и талантливых детей", "ДО/80-р") in cells
    assert len(cells) == 11


def test_no_omsk_order_is_attached_to_the_rubtsovsk_centre(demo):
    rubtsovsk = Organisation.objects.get(short_name="ЦВР «Малая Академия»")
    numbers = set(
        OrderCoverage.objects.filter(platform__organisation=rubtsovsk).values_list("order__number", flat=True)
    )
    assert numbers.isdisjoint({number for _, number, _ in SEED_ORDERS})


def test_table_10_comes_back_from_the_yearly_reports(demo):
    dynamics = build_dynamics(Platform.objects.filter(organisation=_amursky()))
    assert dynamics.rows == [
        ("2013/2014", [3, 7, 12]),
        ("2014/2015", [5, 9, 18]),
        ("2015/2016", [6, 23, 6]),
        ("2016/2017", [7, 28, 9]),
    ]


def test_the_listed_products_are_there(demo):
    titles = set(Product.objects.filter(platform__organisation=_amursky()).values_list("title", flat=True))
    assert {"«Семь идей обновления»", "«Время перемен»", "«Детская проектная инициатива»"} <= titles
    assert any("«Надежда»" in title for title in titles)


def test_the_demo_shows_the_missing_order_warning_on_a_labelled_demo_record(demo):
    current = AcademicYear.objects.current()
    missing = list(Platform.objects.missing_order_for(current))
    assert len(missing) == 1
    assert "Демонстрационная запись" in missing[0].description
    assert missing[0].organisation.short_name == "ЦВР «Малая Академия»"


def test_demo_people_are_the_invented_staff(demo):
    from centre.demo import DEMO_STAFF, DEMO_TEACHERS

    invented = {row[3] for row in DEMO_STAFF} | {row[0] for rows in DEMO_TEACHERS.values() for row in rows}
    names = {person.surname for platform in Platform.objects.all() for person in platform.responsible.all()}
    assert names and names <= invented
    # seed 001's platforms are the Omsk centre's, and so are the people responsible for them
    omsk = Platform.objects.filter(organisation=_amursky()).prefetch_related("responsible")
    assert {person.organisation for platform in omsk for person in platform.responsible.all()} == {_amursky()}


def test_loading_the_demo_twice_adds_no_rows_and_no_history(demo):
    def counts():
        return (
            Platform.objects.count(),
            Order.objects.count(),
            OrderCoverage.objects.count(),
            YearlyReport.objects.count(),
            Product.objects.count(),
            Platform.history.count(),
            Order.history.count(),
        )

    before = counts()
    load()
    assert counts() == before


def test_the_full_demo_command_loads_the_innovation_records(settings):
    settings.DEBUG = True
    call_command("load_demo")
    assert Order.objects.filter(number="ДО/277-р").exists()
