"""Staff journeys in Chromium: a methodist enrols a child from the queue; a director approves."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import Application, Approval, Enrolment, Program
from tests.programs.factories import ApplicationFactory, CurrentYearFactory, GroupFactory, ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_methodist_accepts_a_new_application_and_the_child_joins_the_group(page, login, methodist):
    group = GroupFactory(name="Группа 1", club__name="Робоквантум")
    application = ApplicationFactory(group=group, child_surname="Белов", child_name="Иван")
    other = ApplicationFactory(group=group, child_surname="Громов", status=Application.Status.WAITING)

    login("methodist")
    page.goto("/staff/applications/")
    row = page.locator(f"#application-{application.pk}")
    expect(row).to_contain_text("Белов Иван")
    expect(row.locator("[data-status]")).to_have_attribute("data-status", "new")
    row.locator("a.btn-success").click()  # «Зачислить…»: the confirmation asks the start date, funding, order
    page.locator("#confirm-button").click()
    page.wait_for_load_state()

    # back on the queue, the row now says enrolled, and a success message is shown
    expect(page.locator(f"#application-{application.pk} [data-status]")).to_have_attribute(
        "data-status", "accepted"
    )
    expect(page.locator(".alert-success")).to_contain_text("Белов Иван")
    assert Enrolment.objects.filter(application=application, group=group).exists()

    page.locator(f"#application-{application.pk}").get_by_role("link", name=application.number).click()
    page.locator(f'a[href="/staff/groups/{group.pk}/"]').first.click()
    children = page.locator("#children")
    expect(children).to_contain_text("Белов Иван")
    expect(children).not_to_contain_text("Громов")
    expect(page.locator("#places")).to_have_text(re.compile(r"^\D*1\D+12\D*$"))  # 1 of 12 places
    other.refresh_from_db()
    assert other.status == Application.Status.WAITING


def test_director_approves_a_program_from_the_review_queue(page, login, director):
    year = CurrentYearFactory()
    program = ProgramFactory(in_review=True, title="Робототехника: первые шаги")
    today = timezone.localdate()

    login("director")
    page.goto("/staff/programs/review/")
    page.locator(f"#program-{program.pk}").get_by_role("link", name="Робототехника: первые шаги").click()
    form = page.locator("#approve-form")
    form.locator("#id_approval-academic_year").select_option(str(year.pk))
    form.locator("#id_approval-order_number").fill("112-од")
    form.locator("#id_approval-order_date").fill((today - datetime.timedelta(days=2)).isoformat())
    form.locator("#id_approval-council_protocol_number").fill("3")
    form.locator("#id_approval-council_date").fill((today - datetime.timedelta(days=4)).isoformat())
    form.get_by_role("button").click()
    page.wait_for_load_state()

    expect(page.locator("h1 [data-status]")).to_have_attribute("data-status", "published")
    expect(page.locator("#approval-table")).to_contain_text("112-од")
    program.refresh_from_db()
    assert program.status == Program.Status.PUBLISHED
    assert Approval.objects.get(program=program).council_protocol_number == "3"
