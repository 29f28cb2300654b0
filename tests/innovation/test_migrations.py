"""Migration 0002 gives every order the organisation of the platforms it covers; an order
covering two organisations' platforms becomes one record for each."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("innovation", "0001_initial")]
AFTER = [("innovation", "0002_order_organisation")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_orders_go_to_their_platforms_organisations():
    apps = _migrate(BEFORE)
    try:
        Organisation = apps.get_model("centre", "Organisation")
        AcademicYear = apps.get_model("centre", "AcademicYear")
        Platform = apps.get_model("innovation", "Platform")
        Order = apps.get_model("innovation", "Order")
        Coverage = apps.get_model("innovation", "OrderCoverage")
        first = Organisation.objects.create(name="Первый центр", kind="centre")
        second = Organisation.objects.create(name="Второй центр", kind="centre")
        third = Organisation.objects.create(name="Третий центр", kind="centre")
        year = AcademicYear.objects.get_or_create(
            label="2014/2015",
            defaults={"start": datetime.date(2014, 9, 1), "end": datetime.date(2015, 8, 31)},
        )[0]

        def platform(organisation, theme):
            return Platform.objects.create(
                organisation=organisation, theme=theme, level="municipal", first_year=year, status="active"
            )

        mine, theirs, also_theirs = platform(second, "Своя"), platform(third, "Чужая"), platform(third, "Ещё")
        shared = Order.objects.create(issuer="Департамент", number="ДО/1-р", date=datetime.date(2014, 9, 2))
        idle = Order.objects.create(issuer="Департамент", number="ДО/2-р", date=datetime.date(2014, 9, 3))
        for covered in (mine, theirs, also_theirs):
            Coverage.objects.create(order=shared, platform=covered, academic_year=year)

        apps = _migrate(AFTER)
        Order = apps.get_model("innovation", "Order")
        Coverage = apps.get_model("innovation", "OrderCoverage")
        assert Order.objects.get(pk=shared.pk).organisation_id == second.pk
        assert Order.objects.get(pk=idle.pk).organisation_id == first.pk
        copies = Order.objects.filter(number="ДО/1-р")
        assert sorted(copies.values_list("organisation_id", flat=True)) == [second.pk, third.pk]
        for coverage in Coverage.objects.select_related("order", "platform"):
            assert coverage.order.organisation_id == coverage.platform.organisation_id
        assert Coverage.objects.count() == 3
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("innovation"))
