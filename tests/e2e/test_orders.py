"""An enrolment order in Chromium: a methodist accepts two applications into the draft (each on
its confirmation page), the director signs it with a number and date, the methodist prints it;
the printable order fits a phone and passes axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import Enrolment, Group, Order
from tests.e2e.a11y import assert_fits_and_accessible
from tests.programs.factories import ApplicationFactory, GroupFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def accept_from_the_queue(page, application, *, funding=None):
    page.goto("/staff/applications/?status=new")
    page.locator(f"#application-{application.pk}").locator("a.btn-success").click()
    expect(page.locator("#confirm-title")).to_contain_text(application.child_surname)
    if funding:
        page.get_by_label("Источник финансирования").select_option(funding)
    page.get_by_label("добавить в проект приказа о зачислении").check()
    page.locator("#confirm-button").click()
    expect(page.locator(".alert-success")).to_contain_text(application.child_surname)


def test_methodist_builds_the_order_the_director_signs_it_the_methodist_prints_it(
    page, login, methodist, director
):
    group = GroupFactory(name="Группа 1", club__name="Робоквантум", funding=Group.Funding.CERTIFICATE)
    organisation = group.club.organisation
    organisation.address = "г. Новосибирск, Красный проспект, 1"
    organisation.save()
    first = ApplicationFactory(group=group, child_surname="Белов", child_name="Иван")
    second = ApplicationFactory(group=group, child_surname="Громова", child_name="Анна")

    login("methodist")
    # the confirmation asks first, at a phone's width too
    page.goto(f"/staff/applications/{first.pk}/accept/")
    assert_fits_and_accessible(page)
    accept_from_the_queue(page, first)
    accept_from_the_queue(page, second, funding="free")
    order = Order.objects.get()
    assert order.is_draft and order.enrolments.count() == 2
    assert set(Enrolment.objects.values_list("funding", flat=True)) == {"certificate", "free"}

    page.context.clear_cookies()
    login("director")
    page.goto("/staff/orders/?status=draft")
    page.locator(f"#order-{order.pk}").get_by_role("link").click()
    expect(page.locator("#order-children")).to_contain_text("Белов Иван")
    expect(page.locator("#order-children")).to_contain_text("Громова Анна")
    assert_fits_and_accessible(page)
    page.locator("#order-sign").click()
    assert_fits_and_accessible(page)
    page.get_by_label("Номер приказа").fill("17-у")
    page.locator("#confirm-button").click()
    expect(page.locator("#order-status")).to_contain_text("подписан")
    order.refresh_from_db()
    assert (order.number, order.signed_on, order.signed_by) == ("17-у", timezone.localdate(), director)

    page.context.clear_cookies()
    login("methodist")
    page.goto(f"/staff/orders/{order.pk}/")
    page.locator("#order-print").click()
    sheet = page.locator("#order-sheet")
    expect(sheet).to_contain_text(organisation.name)
    expect(sheet).to_contain_text("Красный проспект, 1")
    expect(sheet).to_contain_text("№ 17-у")
    expect(sheet).to_contain_text(timezone.localdate().strftime("%d.%m.%Y"))
    expect(page.locator("#order-children tbody tr")).to_have_count(2)
    expect(page.locator("#order-children")).to_contain_text("сертификат")
    assert_fits_and_accessible(page)
    # on paper: the sheet alone, the menu and the hint not printed
    page.emulate_media(media="print")
    expect(page.locator("#print-hint")).to_be_hidden()
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(sheet).to_be_visible()
