"""What the staff pages of programs share: pagination that keeps the filters in the URL."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page (a bad or too large number gives the nearest page) and the query
    string of the other parameters, for the links to other pages."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()
