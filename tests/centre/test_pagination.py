"""centre.pagination and templates/includes/pagination.html."""

from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template
from django.test import RequestFactory

from centre.pagination import PAGE_SIZE, paginate

INCLUDE = Template('{% include "includes/pagination.html" with page=page page_range=numbers %}')


def get(query):
    request = RequestFactory().get("/list/", query)
    request.user = AnonymousUser()
    return request


def page_of(query, rows=PAGE_SIZE * 3 + 1):
    request = get(query)
    return request, paginate(request, list(range(rows)))


def render(query, rows=PAGE_SIZE * 3 + 1, numbers=None):
    request, page = page_of(query, rows)
    return INCLUDE.render(RequestContext(request, {"page": page, "numbers": numbers and numbers(page)}))


def test_bad_numbers_give_a_valid_page():
    assert page_of({"page": "2"})[1].number == 2
    assert page_of({"page": "x"})[1].number == 1
    assert page_of({"page": "99"})[1].number == 4
    assert page_of({})[1].number == 1


def test_the_links_keep_the_filters_and_the_nav_is_labelled():
    html = render({"page": "2", "status": "new", "q": "Иванов"})
    assert 'aria-label="Страницы"' in html
    assert 'href="?page=1&amp;status=new&amp;q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2"' in html
    assert 'href="?page=3&amp;status=new' in html and 'rel="next"' in html and 'rel="prev"' in html
    assert 'aria-current="page"' in html and "Страница 2 из 4" in html


def test_one_page_shows_no_navigation():
    assert "<nav" not in render({}, rows=3)


def test_page_numbers_when_a_range_is_given():
    html = render({"page": "2"}, numbers=lambda page: page.paginator.get_elided_page_range(page.number))
    assert 'href="?page=4"' in html and '<span class="page-link">2</span>' in html
    assert "Страница 2 из 4" not in html
