"""A methodist imports a learners file on a phone: the first file has one bad row, so the
batch's page (refreshing itself while the worker checks) names the row, the column and the
reason and nothing is saved; the corrected file is checked, confirmed and imported, the
children enrolled by the draft enrolment order."""

import datetime

import pytest
from playwright.sync_api import expect

from centre.models import Learner
from programs.imports.blanks import filled_workbook
from programs.models import Enrolment, ImportBatch, Order
from tests.e2e.a11y import assert_fits_and_accessible
from tests.programs.factories import ClubFactory, GroupFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
HEADERS = [
    "Фамилия ребёнка",
    "Имя ребёнка",
    "Дата рождения",
    "Фамилия родителя",
    "Имя родителя",
    "Телефон родителя",
    "Дата согласия на обработку ПД",
    "Объединение",
    "Группа",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="ru-RU", base_url=live_server.url, viewport=PHONE, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def learners_file(group, *, bad: bool) -> bytes:
    rows = [
        [
            f"Файлов{n}",
            "Артём",
            datetime.date(2014, 2, 1 + n),
            f"Файлова{n}",
            "Дарья",
            f"+7 913 222-00-{n:02d}",
            "01.09.2025",
            group.club.name,
            group.name,
        ]
        for n in range(3)
    ]
    if bad:
        rows[1][2] = "32.13.2014"
    return filled_workbook(HEADERS, rows)


def upload(page, content, name):
    page.get_by_label("Что в файле").select_option("learners")
    page.locator("#id_file").set_input_files({"name": name, "mimeType": XLSX, "buffer": content})
    page.get_by_role("button", name="Загрузить и проверить").click()
    page.wait_for_load_state()


def test_a_methodist_imports_a_file_with_a_bad_row_then_the_corrected_one(phone, methodist, task_worker):
    page = phone
    group = GroupFactory(club=ClubFactory(name="Робоквантум"), name="Группа 1", places=10)
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill("methodist")
    page.get_by_label("Пароль").fill("test-pass-123")
    page.get_by_role("button", name="Войти").last.click()
    page.wait_for_load_state()

    page.goto("/staff/imports/")
    assert_fits_and_accessible(page, widths=(390,))
    page.get_by_role("link", name="Импорт файла").click()
    assert_fits_and_accessible(page, widths=(390,))
    upload(page, learners_file(group, bad=True), "дети.xlsx")

    # the page refreshes itself until the worker has checked the file
    expect(page.locator("#import-invalid")).to_be_visible()
    expect(page.locator("#import-status")).to_have_attribute("data-status", "invalid")
    bad = page.locator("#row-3")
    expect(bad).to_contain_text("«Дата рождения»: Ожидается дата в виде дд.мм.гггг, а не «32.13.2014».")
    expect(page.locator("#import-rows tbody tr")).to_have_count(3)
    expect(page.get_by_role("link", name="Импортировать", exact=True)).to_have_count(0)
    assert_fits_and_accessible(page, widths=(390,))
    assert not Learner.objects.exists() and not Enrolment.objects.exists()

    page.get_by_role("link", name="Загрузить исправленный файл").click()
    expect(page.get_by_label("Что в файле")).to_have_value("learners")
    upload(page, learners_file(group, bad=False), "дети-исправлено.xlsx")
    expect(page.locator("#import-valid")).to_be_visible()
    expect(page.locator("#import-rows")).to_contain_text("без ошибок")
    assert not Learner.objects.exists()

    page.get_by_role("link", name="Импортировать", exact=True).click()
    expect(page.get_by_role("heading", name="Импортировать файл?")).to_be_visible()
    assert_fits_and_accessible(page, widths=(390,))
    page.get_by_role("button", name="Импортировать").click()
    page.wait_for_load_state()
    expect(page.locator("#import-done")).to_be_visible()
    expect(page.locator("#import-done")).to_contain_text("зачислено в группы по приказу о зачислении: 3")
    assert_fits_and_accessible(page, widths=(390,))

    page.goto("/staff/imports/")
    expect(page.locator("#import-table tbody tr")).to_have_count(2)
    assert_fits_and_accessible(page, widths=(390,))

    task_worker.wait_idle()
    batch = ImportBatch.objects.order_by("-pk").first()
    assert (batch.status, batch.done_rows, batch.created_by) == ("done", 3, methodist)
    assert Learner.objects.count() == 3
    order = Order.objects.get()
    assert set(Enrolment.objects.values_list("order", "group")) == {(order.pk, group.pk)}
    assert order.is_draft and order.kind == Order.Kind.ENROLMENT
