"""The three languages' wiring (issue 17, docs/decisions.md "Three languages"): Russian where
it always was, Kazakh under /kk/, English under /en/; the switcher's links on every page; the
choice kept in a cookie and, for a signed-in user, as their preference restored at sign-in;
an unprefixed address sent to the chosen language, a prefixed one never."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from centre.models import UserPreference

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
SKIP = "Skip to content"  # the first words of every page (templates/base.html)


def in_language(language, message):
    with translation.override(language):
        return translation.gettext(message)


def html_lang(response) -> str:
    found = re.search(r"<html\b[^>]*\blang=\"([^\"]+)\"", response.content.decode())
    return found and found.group(1)


def alternates(response) -> dict[str, str]:
    html = response.content.decode()
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))


def switcher(response) -> str:
    html = response.content.decode()
    found = re.search(r'<ul[^>]*data-testid="language-switcher".*?</ul>', html, re.S)
    assert found, "no language switcher on the page"
    return found.group(0)


def test_the_catalogues_say_the_skip_link_three_ways():
    """The words the tests below look for differ in each language."""
    assert len({in_language(code, SKIP) for code in ("ru", "kk", "en")}) == 3


def test_russian_pages_stay_where_they_were_and_answer_in_russian(client):
    assert reverse("home") == "/"
    assert reverse("programs:catalogue") == "/clubs/"
    response = client.get("/clubs/")
    assert response.status_code == 200
    assert html_lang(response) == "ru"
    assert response["Content-Language"] == "ru"
    assert in_language("ru", SKIP) in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "en"])
def test_prefixed_pages_answer_in_their_language_with_alternates_for_all_three(client, language):
    with translation.override(language):
        url = reverse("programs:catalogue")
    assert url == f"/{language}/clubs/"
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language
    assert in_language(language, SKIP) in response.content.decode()
    assert in_language("ru", SKIP) not in response.content.decode()
    assert alternates(response) == {
        "ru": "http://testserver/clubs/",
        "kk": "http://testserver/kk/clubs/",
        "en": "http://testserver/en/clubs/",
    }


def test_a_russian_page_has_the_alternates_too(client):
    assert alternates(client.get("/"))["kk"] == "http://testserver/kk/"


def _switcher_links(response) -> dict[str, str]:
    return {
        code: link.replace("&amp;", "&")
        for link, code in re.findall(r'<a [^>]*href="([^"]+)" hreflang="([^"]+)"', switcher(response))
    }


@pytest.mark.parametrize(
    ("url", "links"),
    [
        ("/kk/", {"ru": "/language/ru/?next=%2F", "en": "/language/en/?next=%2Fen%2F"}),
        (
            "/kk/clubs/",
            {"ru": "/language/ru/?next=%2Fclubs%2F", "en": "/language/en/?next=%2Fen%2Fclubs%2F"},
        ),
    ],
)
def test_the_switcher_is_on_public_pages_and_its_links_carry_next(client, url, links):
    response = client.get(url)
    # the active language is no link; the other two lead to the same page in theirs
    assert _switcher_links(response) == links
    assert 'aria-current="true" lang="kk"' in switcher(response)


def test_the_switcher_is_on_staff_pages(methodist_client):
    response = methodist_client.get("/en/staff/")
    assert response.status_code == 200
    assert _switcher_links(response) == {
        "ru": "/language/ru/?next=%2Fstaff%2F",
        "kk": "/language/kk/?next=%2Fkk%2Fstaff%2F",
    }


def test_the_switcher_keeps_the_query_of_the_page(client):
    response = client.get("/clubs/?age=10")
    assert _switcher_links(response)["kk"] == "/language/kk/?next=%2Fkk%2Fclubs%2F%3Fage%3D10"


def test_choosing_a_language_sets_the_cookie_and_goes_back_to_the_page_in_it(client):
    response = client.get("/language/kk/", {"next": "/clubs/?age=10"})
    assert response.status_code == 302
    assert response["Location"] == "/kk/clubs/?age=10"
    assert response.cookies[COOKIE].value == "kk"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    back = client.get("/language/ru/", {"next": "/clubs/"})
    assert back["Location"] == "/clubs/"
    assert back.cookies[COOKIE].value == "ru"


@pytest.mark.parametrize(
    ("code", "page", "target"),
    [
        ("ru", "/kk/clubs/", "/clubs/"),
        ("en", "/kk/clubs/?age=10", "/en/clubs/?age=10"),
        ("kk", "/en/", "/kk/"),
    ],
)
def test_choosing_from_a_page_in_another_language_goes_to_it_in_the_chosen_one(client, code, page, target):
    """next= may name the page at any language's address (a link written by hand, an older
    switcher's): the choice lands on the page in the chosen language."""
    response = client.get(f"/language/{code}/", {"next": page})
    assert response["Location"] == target


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/clubs/", "http://evil.example"])
def test_choosing_a_language_refuses_an_off_site_next(client, target):
    response = client.get("/language/ru/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    response = client.get("/language/en/", {"next": target})
    assert response["Location"] == "/en/"
    assert response.cookies[COOKIE].value == "en"


def test_choosing_an_unknown_language_is_not_found(client):
    response = client.get("/language/de/", {"next": "/clubs/"})
    assert response.status_code == 404
    assert COOKIE not in response.cookies


def test_choosing_is_by_link_only(client):
    """A GET link: a POST (a form's, a cross-site one's) changes nothing."""
    response = client.post("/language/kk/", {"next": "/clubs/"})
    assert response.status_code == 405
    assert COOKIE not in response.cookies


def test_a_visitor_who_chose_kazakh_is_sent_from_russian_addresses_to_kazakh_ones(client):
    client.cookies[COOKIE] = "kk"
    response = client.get("/clubs/?age=10")
    assert response.status_code == 302
    assert response["Location"] == "/kk/clubs/?age=10"
    assert "Cookie" in response["Vary"]
    assert client.get("/")["Location"] == "/kk/"


@pytest.mark.parametrize(("chosen", "url"), [("kk", "/en/clubs/"), ("en", "/kk/clubs/"), ("ru", "/kk/")])
def test_a_prefixed_address_is_never_redirected(client, chosen, url):
    client.cookies[COOKIE] = chosen
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang(response) == url.split("/")[1]


def test_a_visitor_who_chose_russian_or_nothing_reads_russian_addresses(client):
    assert client.get("/clubs/").status_code == 200
    client.cookies[COOKIE] = "ru"
    assert client.get("/clubs/").status_code == 200
    client.cookies[COOKIE] = "de"  # not one of ours: ignored
    assert client.get("/clubs/").status_code == 200


def test_a_post_is_never_redirected(client):
    client.cookies[COOKIE] = "kk"
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200  # the form with its error, in Russian: the address's
    assert html_lang(response) == "ru"


def test_russian_addresses_vary_by_cookie_for_shared_caches(client):
    response = client.get("/clubs/")
    assert response.status_code == 200
    assert "Cookie" in response["Vary"]


def test_a_signed_in_users_choice_comes_back_at_their_next_sign_in_in_a_fresh_browser(teacher):
    first = Client()
    first.force_login(teacher)
    response = first.get("/language/en/", {"next": "/staff/"})
    assert response["Location"] == "/en/staff/"
    assert UserPreference.objects.get(user=teacher).language == "en"
    # the same session: a Russian address goes to English even without the cookie
    del first.cookies[COOKIE]
    assert first.get("/staff/")["Location"] == "/en/staff/"

    fresh = Client()  # another browser: no cookie, a new session
    fresh.force_login(teacher)
    assert COOKIE not in fresh.cookies
    response = fresh.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/en/staff/"
    assert html_lang(fresh.get("/en/staff/")) == "en"


def test_a_visitors_choice_is_not_stored_for_anyone(client, teacher):
    client.get("/language/kk/", {"next": "/"})
    assert not UserPreference.objects.exists()
    fresh = Client()
    fresh.force_login(teacher)
    assert fresh.get("/staff/").status_code == 200  # no preference: Russian where it is
