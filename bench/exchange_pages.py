"""Issue 19's pages in `make bench`: a catalogue group's iCalendar feed (`group_calendar`), the
open data catalogue as CSV (`opendata_csv`, every catalogue group in one streamed response)
and the package API (`package_api`: the largest generated organisation's package, streamed,
with a token made for the run). Imported once Django is set up (bench/run.py); a page whose
URL name does not exist yet is left out with a line saying so.

The CSV and the package are long downloads at nation scale, so each is fetched by one client
in a loop (its p50 is the time of a whole download); the feed, a small page, by the usual four.
"""

from django.urls import NoReverseMatch, reverse

from bench.staff_logins import large_organisation
from centre.models import Organisation
from programs.models import Group, PackageToken

BENCH_TOKEN = "bench"  # the token's name; the previous run's is deleted


def exchange_pages() -> dict[str, dict]:
    pages = {}
    group = (
        Group.objects.in_catalogue()
        .filter(club__slug__startswith="gen-")
        .order_by("id")
        .values_list("id", "club__slug")
        .first()
    )
    try:
        if group:
            pages["group_calendar"] = {
                "path": reverse("programs:group_calendar", kwargs={"slug": group[1], "group_id": group[0]})
            }
    except NoReverseMatch:
        print("skipping group_calendar: programs:group_calendar does not exist yet")
    try:
        pages["opendata_csv"] = {"path": reverse("programs:opendata_csv"), "users": 1}
    except NoReverseMatch:
        print("skipping opendata_csv: programs:opendata_csv does not exist yet")
    try:
        api = reverse("programs:package_api")
    except NoReverseMatch:
        print("skipping package_api: programs:package_api does not exist yet")
    else:
        organisation = large_organisation()
        if organisation:
            PackageToken.objects.filter(name=BENCH_TOKEN).delete()
            _token, secret = PackageToken.issue(
                organisation=Organisation.objects.get(pk=organisation), name=BENCH_TOKEN
            )
            pages["package_api"] = {"path": api, "headers": {"Authorization": f"Bearer {secret}"}, "users": 1}
    return pages
