"""The mentoring journey in Chromium: the coordinator forms a pair that has had no meeting
for 40 days, the mentor logs a meeting, and the stalled-pair warning clears."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Meeting, Pair
from tests.factories import PersonFactory
from tests.mentoring.factories import MentoringProgramFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_coordinator_forms_a_pair_and_the_mentor_clears_the_stalled_warning(
    page, login, coordinator, teacher
):
    program = MentoringProgramFactory(title="Городская программа наставничества")
    mentor = teacher.person
    mentee = PersonFactory(surname="Молодая", name="Ксения", patronymic="Дмитриевна")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=40)

    # The coordinator forms the pair from the dashboard.
    login("coordinator")
    page.goto("/mentoring/staff/")
    expect(page.get_by_test_id("no-stalled-pairs")).to_be_visible()
    page.get_by_role("link", name="Сформировать пару").click()
    page.get_by_label("Программа наставничества").select_option(label=program.title)
    page.get_by_label("Форма наставничества").select_option(label="педагог – педагог")
    page.get_by_label("Начало").fill(start.isoformat())
    page.get_by_label("Плановое окончание").fill((today + datetime.timedelta(days=200)).isoformat())
    page.get_by_label("Цели").fill("Адаптация молодого специалиста в первый год работы.")
    # people are chosen in the chooser: a short list (the whole organisation's, it is small)
    page.get_by_label("Наставник: сотрудник").select_option(value=str(mentor.pk))
    page.locator(f'input[name="mentee_persons"][value="{mentee.pk}"]').check()
    page.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_text("Пара сформирована.")).to_be_visible()
    expect(page.get_by_test_id("stalled-warning")).to_contain_text("Нет встреч 40 дней.")
    pair = Pair.objects.get()
    assert pair.mentor_participant().person == mentor

    page.goto("/mentoring/staff/")
    expect(page.get_by_test_id("stalled-pairs")).to_contain_text(mentor.full_name)

    # The mentor finds the pair through the staff menu and logs today's meeting.
    login("teacher")
    page.get_by_test_id("staff-menu").get_by_role("link", name="Наставнические пары").click()
    expect(page.get_by_role("heading", name="Мои наставнические пары")).to_be_visible()
    page.get_by_role("link", name=f"педагог – педагог №{pair.pk}").click()
    expect(page.get_by_test_id("stalled-warning")).to_be_visible()
    page.get_by_role("link", name="Записать встречу").click()
    page.get_by_label("Тема").fill("Разбор первого открытого занятия")
    page.get_by_label("Продолжительность, минут").fill("60")
    page.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_text("Встреча записана.")).to_be_visible()
    expect(page.get_by_test_id("stalled-warning")).to_have_count(0)
    expect(page.get_by_test_id("timeline")).to_contain_text("Разбор первого открытого занятия")
    assert Meeting.objects.get().date == today

    # The coordinator's dashboard has no stalled pair any more.
    login("coordinator")
    page.goto("/mentoring/staff/")
    expect(page.get_by_test_id("no-stalled-pairs")).to_be_visible()
    expect(page.get_by_test_id("stalled-pairs")).to_have_count(0)


def test_parent_is_refused_the_mentoring_dashboard(page, login, parent):
    login("parent")
    response = page.goto("/mentoring/staff/")
    assert response.status == 403
