"""A methodist records a project and its regional prize in Chromium; the showcase and the
project's public page show it; once a guardian withdraws the consent, the child is gone."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from centre.models import Consent
from projects.models import Project, Result
from tests.programs.factories import GroupFactory
from tests.projects.factories import CompetitionFactory, consenting_learner, project_type

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_methodist_records_a_project_and_its_prize_which_the_showcase_shows(page, login, methodist):
    club = GroupFactory(club__name="Робоквантум").club
    project_type("Инженерный")
    anna = consenting_learner(surname="Морозова", name="Анна")
    oleg = consenting_learner(surname="Кузнецов", name="Олег")
    competition = CompetitionFactory(title="Краевые соревнования «РобоАлтай»", level="regional")

    login("methodist")
    page.goto("/staff/projects/new/")
    page.locator("[name=title]").fill("Робот-сортировщик деталей")
    page.locator("[name=summary]").fill("Робот развозит детали по ячейкам склада.")
    page.locator("[name=type]").select_option(label="Инженерный")
    page.locator("[name=format]").select_option("group")
    page.locator("[name=club]").select_option(str(club.pk))
    page.locator("[name=academic_year]").select_option(str(competition.academic_year_id))
    page.locator("[name=stage]").select_option("presented")
    page.locator("[name=is_public]").check()
    page.locator("[name=members-0-learner]").select_option(str(anna.pk))
    page.locator("[name=members-0-role]").select_option("leader")
    page.locator("[name=members-1-learner]").select_option(str(oleg.pk))
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Проект сохранён.")).to_be_visible()
    project = Project.objects.get(title="Робот-сортировщик деталей")

    page.get_by_role("link", name="Результаты", exact=True).last.click()
    expect(page).to_have_url(re.compile(rf"/staff/projects/{project.pk}/results/$"))
    page.locator("[name=results-0-competition]").select_option(str(competition.pk))
    page.locator("[name=results-0-outcome]").select_option("prize")
    page.locator("[name=results-0-place]").fill("2")
    page.locator("[name=results-0-date]").fill(competition.starts_on.isoformat())
    page.get_by_role("button", name="Сохранить результаты").click()
    expect(page.get_by_text("Результаты сохранены.")).to_be_visible()
    assert Result.objects.get().project == project

    page.goto("/projects/")
    page.get_by_role("link", name="Робот-сортировщик деталей").click()
    expect(page.get_by_role("heading", name="Робот-сортировщик деталей")).to_be_visible()
    results = page.get_by_test_id("results")
    expect(results).to_contain_text("Призёр")
    expect(results).to_contain_text("Краевые соревнования «РобоАлтай»")
    members = page.get_by_test_id("members")
    expect(members).to_contain_text("Анна М.")
    expect(members).to_contain_text("Олег К.")
    expect(page.locator("body")).not_to_contain_text("Морозова")

    consent = Consent.objects.get(learner=anna, kind=Consent.Kind.PUBLICATION)
    consent.withdrawn_at = timezone.now()
    consent.save()
    page.reload()
    expect(page.locator("body")).not_to_contain_text("Анна М.")
    page.goto("/projects/")
    expect(page.locator("main")).not_to_contain_text("Робот-сортировщик деталей")
