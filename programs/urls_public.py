"""Public URLs of programs: catalogue, club pages, applications, the parent cabinet."""

from django.conf import settings
from django.urls import path

from centre.cache import cache_for_visitors
from programs.views import catalogue, parent, public

# The costliest public pages, the same for every visitor: cached briefly (see centre/cache.py).
visitor_cache = cache_for_visitors(settings.VISITOR_PAGE_CACHE_SECONDS)

urlpatterns = [
    path("clubs/", visitor_cache(catalogue.catalogue), name="catalogue"),
    path("clubs/<slug:slug>/", visitor_cache(catalogue.club_detail), name="club"),
    path("clubs/<slug:slug>/apply/<int:group_id>/", public.apply, name="apply"),
    path("applications/<uuid:token>/", public.application_status, name="application_status"),
    path("applications/<uuid:token>/submitted/", public.application_submitted, name="application_submitted"),
    path(
        "applications/<uuid:token>/withdraw/", public.application_withdraw_view, name="application_withdraw"
    ),
    path("cabinet/", parent.cabinet, name="cabinet"),
    path("cabinet/register/", parent.register, name="register"),
    path("cabinet/applications/<int:pk>/withdraw/", parent.cabinet_withdraw, name="cabinet_withdraw"),
]
