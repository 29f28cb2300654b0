"""The register in Chromium: a teacher marks today's lesson on a phone (390 px, no JavaScript
needed), and the month's grid on a wide screen; every page fits and passes axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import AttendanceMark, Enrolment
from tests.e2e.a11y import assert_fits_and_accessible, log_in
from tests.factories import LearnerFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def todays_group(teacher):
    """The teacher's group with a lesson every day of the week (so one is today) and two
    children enrolled since the year began."""
    year = CurrentYearFactory()
    group = GroupFactory(
        academic_year=year, teacher=teacher.person, name="Группа Д", club__name="Робоквантум"
    )
    for weekday in range(1, 8):
        ScheduleSlotFactory(group=group, weekday=weekday, starts=datetime.time(8), ends=datetime.time(8, 45))
    for surname, name in (("Артёмова", "Алиса"), ("Быстров", "Глеб")):
        Enrolment.objects.create(
            group=group, learner=LearnerFactory(surname=surname, name=name), enrolled_on=year.start
        )
    return group


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="ru-RU", base_url=live_server.url, viewport={"width": 390, "height": 800}, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield context, page
    context.close()


def test_a_teacher_marks_todays_lesson_on_a_phone(phone, live_server, teacher, todays_group):
    context, page = phone
    log_in(context, teacher, live_server.url)
    today = timezone.localdate()
    page.goto("/staff/attendance/")
    assert_fits_and_accessible(page, widths=(390,))
    page.get_by_role("link", name="Робоквантум: Группа Д").click()
    expect(page.locator("#month-title")).to_be_visible()
    assert_fits_and_accessible(page, widths=(390,))

    lesson = page.locator('[data-testid="lesson"]', has_text=f"{today.day} ").filter(
        has=page.get_by_role("link", name="Отметить")
    )
    lesson.last.get_by_role("link", name="Отметить").click()
    expect(page.locator("#lesson-form")).to_be_visible()
    assert_fits_and_accessible(page, widths=(390,))

    alisa, gleb = todays_group.enrolments.order_by("learner__surname")
    page.locator(f'[data-enrolment="{gleb.pk}"]').get_by_text("Болезнь").tap()
    page.get_by_role("button", name="Сохранить, остальные присутствовали").tap()
    expect(page.locator(".alert-success")).to_contain_text("сохранено")
    marks = dict(AttendanceMark.objects.values_list("enrolment_id", "status"))
    assert marks == {alisa.pk: "present", gleb.pk: "ill"}
    assert AttendanceMark.objects.get(enrolment=gleb).lesson.date == today

    # the lesson shows its marks when opened again; the grid on a wide screen has the codes
    expect(page.locator(".list-group-item", has_text="отмечено 2 из 2")).to_have_count(1)
    page.set_viewport_size({"width": 1280, "height": 800})
    grid = page.locator("#register-grid")
    expect(grid).to_be_visible()
    expect(grid.locator('td[data-status="ill"]')).to_have_text("Б")
    assert_fits_and_accessible(page, widths=(1280,))


def test_the_methodists_pages_fit_a_phone(page, live_server, methodist, todays_group):
    """The calendar (a range of holidays, confirmed), the rates, a child's rates, the closing of a
    month: each fits 390 and 1280 px and passes axe."""
    log_in(page.context, methodist, live_server.url)
    year = todays_group.academic_year
    page.goto("/staff/attendance/calendar/")
    assert_fits_and_accessible(page)
    first = year.start + datetime.timedelta(days=60)
    page.get_by_label("Дата").fill(first.isoformat())
    page.get_by_label("По (для нескольких дней подряд)").fill(
        (first + datetime.timedelta(days=6)).isoformat()
    )
    page.get_by_label("Примечание").fill("Осенние каникулы")
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator("#confirm-form")).to_be_visible()
    assert_fits_and_accessible(page)
    page.get_by_role("button", name="Добавить дни").click()
    expect(page.locator(".alert-success")).to_contain_text("7 дней")
    expect(page.locator('[data-testid="day-off"]')).to_have_count(7)
    assert_fits_and_accessible(page)

    page.goto("/staff/attendance/rates/")
    expect(page.locator('[data-testid="group-rate"]')).to_have_count(1)
    assert_fits_and_accessible(page)
    page.get_by_role("link", name="Робоквантум: Группа Д").click()
    expect(page.locator('[data-testid="child-rate"]')).to_have_count(2)
    assert_fits_and_accessible(page)

    page.goto(f"/staff/attendance/{todays_group.pk}/")
    page.get_by_role("link", name="Закрыть месяц").click()
    expect(page.locator("#confirm-form")).to_be_visible()
    assert_fits_and_accessible(page)
