"""Public catalogue pages of programs: the catalogue of clubs with its filters and search,
and a club's page. No login needed; both are cached briefly for visitors (urls_public)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from programs.catalogue import catalogue_clubs, catalogue_entries, club_page, club_programs, cost_labels
from programs.filters import CatalogueFilter
from programs.services import enrolment_problem

MORE_FILTERS = {"profile", "level", "funding", "district", "venue", "weekday", "adapted", "free", "open"}


def _query_without(query, *names) -> str:
    """The current query string without some parameters (and without the page number)."""
    query = query.copy()
    for name in (*names, "page"):
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@require_GET
def catalogue(request):
    filterset = CatalogueFilter(request.GET, queryset=catalogue_entries())
    clubs = catalogue_clubs(
        filterset.qs,
        sort=filterset.sort_order,
        searching=filterset.is_searching,
        rows=filterset.search_rows(),
    )
    page = clubs.page(request.GET.get("page"))
    cards = list(page.object_list)
    active = filterset.active_filters()
    active_names = [name for name, _label, _value in active]
    loosen = [
        {"name": name, "label": label, "value": value, "url": _query_without(request.GET, name)}
        for name, label, value in active
    ]
    return render(
        request,
        "programs/public/catalogue.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "cards": cards,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "more_filters_open": any(
                name in MORE_FILTERS for name in [*active_names, *filterset.form.errors]
            ),
            "loosen": loosen,
            "has_filters": bool(active),
        },
    )


@require_GET
def club_detail(request, slug):
    club = club_page(slug)
    if club is None:
        raise Http404(_("There is no such club in the catalogue."))
    today = timezone.localdate()
    groups = club.catalogue_groups
    profile = club.organisation.profile
    for group in groups:
        group.problem = enrolment_problem(group, today)
        group.costs = cost_labels([group], profile)
    return render(
        request,
        "programs/public/club.html",
        {
            "club": club,
            "programs": club_programs(club),
            "groups": groups,
            "photos": list(club.photos.all()),
        },
    )
