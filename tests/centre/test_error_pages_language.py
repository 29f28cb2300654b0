"""The pages Django renders outside the layout (500, and the 503 of a database outage) say
their language and link home in it."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "home"), [("ru", 'href="/"'), ("kk", 'href="/kk/"'), ("en", 'href="/en/"')]
)
def test_the_server_error_page_is_in_the_active_language(language, home):
    with translation.override(language):
        html = render_to_string("500.html")
        title = translation.gettext("Something went wrong")
    assert f'<html lang="{language}">' in html
    assert title in html
    assert home in html


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_outage_page_is_in_the_active_language(language):
    with translation.override(language):
        html = render_to_string("503.html")
        title = translation.gettext("The portal is temporarily unavailable")
    assert f'<html lang="{language}">' in html
    assert title in html


def test_the_three_error_pages_differ_by_language():
    pages = set()
    for language in ("ru", "kk", "en"):
        with translation.override(language):
            pages.add(render_to_string("500.html"))
    assert len(pages) == 3
