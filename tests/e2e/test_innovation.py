"""The director sees that a platform lacks this year's order; a methodist enters it; the
warning is gone."""

import datetime

import pytest
from playwright.sync_api import expect

from centre.demo import ensure_academic_years
from innovation.models import Order
from tests.innovation.factories import PDF_BYTES, OrderCoverageFactory, PlatformFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THEME = "Сетевые модули технической направленности для сельских школ"


@pytest.fixture
def uncovered_platform():
    years = ensure_academic_years(first=2020)
    current = years["current"]
    previous = years[f"{current.first_calendar_year - 1}/{current.first_calendar_year}"]
    platform = PlatformFactory(theme=THEME, first_year=previous)
    OrderCoverageFactory(platform=platform, academic_year=previous, order__number="ДО/12-р")
    return platform, current


def _log_out(page):
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_load_state()


def test_director_sees_the_missing_order_and_a_methodist_adds_it(
    page, login, director, methodist, uncovered_platform, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    platform, current = uncovered_platform

    login("director")
    page.get_by_test_id("staff-menu").get_by_role("link", name="Сводка площадок").click()
    warning = page.get_by_test_id("warning-missing-order")
    expect(warning).to_contain_text(f"Нет приказа на {current.label} учебный год")
    expect(warning.get_by_role("link", name=THEME)).to_be_visible()
    expect(
        page.get_by_test_id("innovation-chart").or_(page.get_by_text("Сданных отчётов пока нет."))
    ).to_be_visible()
    _log_out(page)

    login("methodist")
    page.goto("/staff/innovation/")
    page.get_by_test_id("warning-missing-order").get_by_role("link", name=THEME).click()
    page.get_by_role("link", name="Добавить приказ").click()
    expect(page.get_by_label("Учебный год")).to_have_value(current.label)
    page.get_by_label("Вид документа").select_option(label="распоряжение")
    page.get_by_label("Кем издан").fill("Департамент образования Администрации города Омска")
    page.get_by_label("Номер").fill("ДО/80-р")
    day = datetime.date.today() - datetime.timedelta(days=2)
    page.get_by_label("Дата").fill(day.isoformat())
    scan = tmp_path / "order.pdf"
    scan.write_bytes(PDF_BYTES)
    page.get_by_label("Скан документа (PDF)").set_input_files(str(scan))
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Приказ внесён.")).to_be_visible()
    expect(page.get_by_text(f"Распоряжение № ДО/80-р от {day:%d.%m.%Y}").first).to_be_visible()
    assert Order.objects.get(number="ДО/80-р").file.name.endswith(".pdf")
    _log_out(page)

    login("director")
    page.goto("/staff/innovation/")
    expect(page.get_by_test_id("warning-missing-order")).to_have_count(0)
    expect(page.get_by_test_id("innovation-matrix")).to_contain_text("№ ДО/80-р")


def test_a_methodist_gets_a_russian_error_for_an_order_dated_in_the_future(
    page, login, methodist, uncovered_platform
):
    platform, current = uncovered_platform
    login("methodist")
    page.goto(f"/staff/innovation/platforms/{platform.pk}/orders/new/")
    page.get_by_label("Кем издан").fill("Департамент образования Администрации города Омска")
    page.get_by_label("Номер").fill("ДО/99-р")
    page.get_by_label("Дата").fill((datetime.date.today() + datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Сохранить").click()
    # said at the field and in the summary at the top, which links to the field
    expect(page.get_by_text("Дата приказа не может быть в будущем.", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Дата: Дата приказа не может быть в будущем")).to_have_attribute(
        "href", "#id_date"
    )
    assert not Order.objects.filter(number="ДО/99-р").exists()
