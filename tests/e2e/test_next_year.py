"""The next-year wizard in Chromium at a phone's width, without JavaScript of its own: a
methodist chooses a program, sees the clash in the preview, confirms the copy, then moves one
child on and lets one leave; every step fits 390 px and passes axe."""

import datetime

import pytest
from playwright.sync_api import expect

from programs.models import Enrolment, Group
from tests.e2e.a11y import assert_fits_and_accessible
from tests.factories import AcademicYearFactory, LearnerFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory, ScheduleSlotFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.e2e]

T = datetime.time


def test_methodist_copies_a_group_and_moves_its_children_on(page, login, methodist):  # noqa: F811
    home = methodist.person.organisation
    year = CurrentYearFactory()
    group = GroupFactory(
        name="Группа А",
        club__name="Робоквантум",
        club__organisation=home,
        teacher__organisation=home,
        program__title="Робототехника",
        program__duration_months=18,
        academic_year=year,
    )
    ScheduleSlotFactory(group=group, weekday=1, starts=T(15), ends=T(16, 30))
    ScheduleSlotFactory(group=group, weekday=4, starts=T(15), ends=T(16, 30))
    first = int(year.label[:4]) + 1
    other = GroupFactory(
        academic_year=AcademicYearFactory(label=f"{first}/{first + 1}"), teacher=group.teacher
    )
    ScheduleSlotFactory(group=other, weekday=4, starts=T(16), ends=T(17))
    staying, leaving = (
        Enrolment.objects.create(group=group, learner=LearnerFactory(surname=surname, organisation=home))
        for surname in ("Белов", "Громов")
    )
    Group.objects.filter(pk=group.pk).update(enrolled_count=2)

    page.set_viewport_size({"width": 390, "height": 800})
    login("methodist")
    page.goto("/staff/next-year/")
    assert_fits_and_accessible(page)
    page.get_by_label("Робототехника").check()
    page.get_by_label("Приём заявлений на следующий год с").fill(f"{first}-04-01")
    page.locator("#preview-button").click()

    row = page.locator(f"#plan-{group.pk}")
    expect(row.locator("[data-clash]")).to_contain_text("не копируется")
    assert_fits_and_accessible(page)
    page.locator("#copy-button").click()
    expect(page.locator("#confirm-details")).to_contain_text("1 занятие в неделю")
    assert_fits_and_accessible(page)
    page.locator("#confirm-button").click()
    expect(page.locator("#skipped-lessons")).to_contain_text("четверг")
    assert_fits_and_accessible(page)
    copy = Group.objects.get(copied_from=group)
    assert copy.enrol_from == datetime.date(first, 4, 1) and copy.slots.count() == 1

    page.locator("#copied a").click()
    page.locator(f"#enrolment-{leaving.pk}").get_by_label("отчисляется: программа освоена").check()
    assert_fits_and_accessible(page)
    page.locator("#move-button").click()
    expect(page.locator("#confirm-details")).to_contain_text("Белов")
    page.locator("#confirm-button").click()
    expect(page.locator(f"#done-{staying.pk} [data-done]")).to_have_attribute("data-done", "moved")
    expect(page.locator(f"#done-{leaving.pk} [data-done]")).to_have_attribute("data-done", "left")
    assert_fits_and_accessible(page)
    assert Enrolment.objects.filter(group=copy, continues=staying).exists()
