import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_page_renders_in_russian(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", name="Кружки")).to_be_visible()
    expect(page.get_by_role("link", name="Войти")).to_be_visible()
    # Bootstrap comes from the package: its styles are applied, with no network beyond the server.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")


def test_methodist_logs_in_and_sees_the_staff_menu(page, login, methodist):
    login("methodist")
    expect(page.get_by_test_id("staff-menu")).to_be_visible()
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()


def test_parent_logs_in_and_sees_no_staff_menu(page, login, parent):
    login("parent")
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()
    expect(page.get_by_test_id("staff-menu")).to_have_count(0)


def test_wrong_password_is_explained_in_russian(page, login, methodist):
    login("methodist", password="wrong-password")
    expect(page.get_by_text(re.compile("введите правильные имя пользователя и пароль"))).to_be_visible()
