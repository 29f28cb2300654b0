"""The one way a list page is cut into pages: ``paginate`` in the view and
``{% include "includes/pagination.html" with page=page %}`` in the template, whose links
keep the page's other query parameters (its filters)."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def paginate(request, object_list, per_page: int = PAGE_SIZE) -> Page:
    """The page the request's ``page`` parameter asks for; a missing, bad or too large number
    gives a valid page (the first or the last)."""
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))
