"""Reads of the public catalogue and club pages.

At national scale (tens of thousands of groups) the catalogue reads one narrow table,
programs_catalogueentry, which the database keeps in step with the groups (see
CatalogueEntry): the filters narrow the entries (programs.filters), a page of clubs is
grouped from them, and only that page's clubs, matching groups and lessons are fetched,
with Prefetch. The number of queries never depends on the number of groups.

The filters' choices and the cards' names are in choices.py, a card's contents in cards.py.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Min, Prefetch, QuerySet, Sum, Value, Window
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.languages import current_language
from centre.models import AcademicYear
from programs.catalogue.cards import (
    ClubCard,
    EnrolmentState,
    club_name_in,
    cost_labels,
    first_photo,
    organisation_country,
)
from programs.catalogue.choices import CatalogueChoices, catalogue_choices
from programs.models import CatalogueEntry, Club, ClubPhoto, Group, ScheduleSlot

__all__ = [  # what the package's modules give the rest of the portal, besides the reads below
    "CatalogueChoices",
    "ClubCard",
    "EnrolmentState",
    "catalogue_choices",
    "cost_labels",
]

PAGE_SIZE = 20
# No catalogue has this many pages; a larger number is read as the last page (it used to
# overflow the database's OFFSET: a 500 on ?page=1000000000000000000).
MAX_PAGE = 100_000

SORT_NAME, SORT_FREE, SORT_AGE = "name", "free", "age"
SORT_CHOICES = [
    (SORT_NAME, _("by name")),
    (SORT_FREE, _("most free places first")),
    (SORT_AGE, _("youngest first")),
]


def page_number(value) -> int:
    """The catalogue page a `page` parameter asks for, between 1 and MAX_PAGE (1 if not a number)."""
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError, OverflowError):
        return 1


# What a catalogue card needs of an entry; nothing else is read.
CARD_ENTRY_FIELDS = (
    "group_id",
    "club_id",
    "club_name",
    "club_slug",
    "direction_id",
    "venue_id",
    "age_min",
    "age_max",
    "places",
    "enrolled_count",
    "funding",
    "price",
    "weekdays",
    "enrol_from",
    "enrol_until",
)


def catalogue_groups() -> QuerySet[Group]:
    """Every group a visitor may see, before the visitor's filters."""
    return Group.objects.in_catalogue()


def catalogue_entries() -> QuerySet[CatalogueEntry]:
    """The catalogue's entries (one a group of the catalogue), before the visitor's filters."""
    return CatalogueEntry.objects.current()


class CatalogueClubs:
    """The clubs with at least one of the filtered entries, in the asked order: `page(number)`
    is the page of them a visitor asked for (a Paginator's page of ClubCards).

    Two plans, chosen by what the visitor asked. By name without a search, most entries
    match: the count is read from the name index, and a page walks it and stops after
    twenty clubs. A search, or a sort by free places or age, groups the matching entries
    by club and reads a page and the total at once (COUNT(*) OVER () beside the page):
    a search joins its words with the entries once, and PostgreSQL plans for all matches
    rather than walking the name index in hope of early ones (that read 33 000 entries for
    «робот»). A slice is a list of ClubCards, summed up from the page's clubs' matching
    entries in one more query. `page()` reads the asked page before its Paginator counts, so
    that a grouped plan's total comes with it; the Paginator's own count() and slices, for a
    page read otherwise (past the end), cost a query each.

    `rows`, when given, are ranked instead of the entries: a search's own rows
    (CatalogueSearch carries club and year), so that words with no other filter never
    read the entries but for the page's cards."""

    def __init__(
        self,
        entries: QuerySet[CatalogueEntry],
        *,
        sort: str = SORT_NAME,
        searching: bool = False,
        rows: QuerySet | None = None,
    ):
        self.entries = entries.order_by()
        self.rows = self.entries if rows is None else rows.order_by()
        self.sort = sort
        self.grouped = searching or sort != SORT_NAME or rows is not None
        self._total: int | None = None
        self._pages: dict[int, list[int]] = {}  # a page's first row -> the clubs read from it
        self._groups: dict[int, list[int]] = {}  # club -> its matching groups, read with a grouped page

    def _ranked(self):
        if not self.grouped:
            return self.rows.values("club_id", "club_name").distinct().order_by("club_name", "club_id")
        by_club = self.rows.values("club_id")
        if self.sort == SORT_FREE:
            free = Greatest(F("places") - F("enrolled_count"), Value(0))
            ranked = by_club.annotate(rank=Sum(free)).order_by(F("rank").desc(nulls_last=True))
        elif self.sort == SORT_AGE:
            ranked = by_club.annotate(rank=Min("age_min")).order_by("rank")
        else:
            ranked = by_club.order_by()
        ranked = ranked.annotate(name=Min("club_name"), groups=ArrayAgg("group_id"))
        return ranked.order_by(*ranked.query.order_by, "name", "club_id")

    def page(self, number, per_page: int = PAGE_SIZE) -> Page:
        """Page `number` of the clubs; a missing, bad or too large number gives the first or
        the last page."""
        number = page_number(number)
        self._read_page(number, per_page)
        return Paginator(self, per_page).get_page(number)

    def _read_page(self, number: int, per_page: int) -> None:
        """Read page `number` (and, when grouped, the total with it) before the Paginator asks."""
        start = (number - 1) * per_page
        if not self.grouped:
            self._pages[start] = [row["club_id"] for row in self._ranked()[start : start + per_page]]
            return
        rows = list(self._ranked().annotate(total=Window(Count("*")))[start : start + per_page])
        if rows:
            self._total = rows[0]["total"]
        elif start == 0:
            self._total = 0
        self._pages[start] = [row["club_id"] for row in rows]
        self._groups.update((row["club_id"], row["groups"]) for row in rows)

    def count(self) -> int:
        if self._total is None:
            # (name, id) rather than id alone: without a search it is read from the name index
            self._total = self.rows.values("club_name", "club_id").distinct().count()
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key) -> list[ClubCard]:
        if not isinstance(key, slice):
            raise TypeError("CatalogueClubs is sliced by pages only.")
        club_ids = self._pages.get(key.start or 0)
        if club_ids is not None:
            # the Paginator slices the last page to the total: the rows read cover it
            club_ids = club_ids[: key.stop - (key.start or 0)]
        else:
            club_ids = [row["club_id"] for row in self._ranked()[key]]
        if not club_ids:
            return []
        by_club = defaultdict(list)
        if all(pk in self._groups for pk in club_ids):
            group_ids = [group for pk in club_ids for group in self._groups[pk]]
            entries = CatalogueEntry.objects.filter(group_id__in=group_ids)
        else:
            entries = self.entries.filter(club_id__in=club_ids)
        entries = entries.only(*CARD_ENTRY_FIELDS).annotate(
            photo=first_photo(), country=organisation_country(), **club_name_in(current_language())
        )
        for entry in entries.order_by("age_min", "group_id"):
            by_club[entry.club_id].append(entry)
        choices = catalogue_choices()
        today = timezone.localdate()
        return [ClubCard.of(by_club[pk], choices, today) for pk in club_ids if by_club[pk]]


def catalogue_clubs(
    entries: QuerySet[CatalogueEntry],
    *,
    sort: str = SORT_NAME,
    searching: bool = False,
    rows: QuerySet | None = None,
) -> CatalogueClubs:
    """Clubs with at least one of `entries`, in the asked order (see CatalogueClubs);
    `searching` when the visitor's words narrow the entries, `rows` the search's own rows
    when the words are the only filter."""
    return CatalogueClubs(entries, sort=sort, searching=searching, rows=rows)


def club_page(slug: str) -> Club | None:
    """A club with its catalogue groups (teacher, venue, room, program, lessons) and photos;
    None when the club has no group in the catalogue."""
    groups = (
        catalogue_groups()
        .select_related("program__direction", "program__profile", "teacher", "venue", "room")
        .defer("program__search")
        .prefetch_related(
            Prefetch(
                "slots", queryset=ScheduleSlot.objects.select_related("room").order_by("weekday", "starts")
            )
        )
        .order_by("year_of_study", "age_min", "name", "pk")
    )
    club = (
        Club.objects.filter(slug=slug)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("groups", queryset=groups, to_attr="catalogue_groups"),
            Prefetch("photos", queryset=ClubPhoto.objects.order_by("position", "id")),
        )
        .first()
    )
    # in the catalogue when its prefetched groups say so: no semi-join to build and run
    return club if club is not None and club.catalogue_groups else None


def club_programs(club: Club) -> list:
    """The distinct programs of the club's catalogue groups, in the groups' order."""
    programs = {}
    for group in club.catalogue_groups:
        programs.setdefault(group.program.pk, group.program)
    return list(programs.values())


APPLICATION_GROUP_CACHE_KEY = "application-group:{slug}:{pk}"

# What a group's catalogue entry carries of it: read live for every form page and submission.
LIVE_GROUP_FIELDS = ("age_min", "age_max", "places", "enrolled_count", "enrol_from", "enrol_until")


def application_group(slug: str, group_id: int) -> Group | None:
    """The catalogue group on the application form page, with its club, year, venue and
    lessons. Whether it is in the catalogue, its ages, free places and enrolment window
    are read live (submission_group: one row, and a page that cannot be submitted while
    the database is down says so); the names, venue and lessons, which change rarely,
    come from the cache for as long as a visitor's catalogue page. In a rush every parent
    opens the form first: read afresh, they cost three ORM queries' worth of Python."""
    live = submission_group(slug, group_id)
    if live is None:
        return None
    key = APPLICATION_GROUP_CACHE_KEY.format(slug=slug, pk=group_id)
    group = cache.get(key)
    if group is None:
        group = (
            catalogue_groups()
            .filter(pk=group_id, club__slug=slug)
            .select_related("club__organisation", "academic_year", "venue")
            .defer("club__search", "club__description")
            .prefetch_related(Prefetch("slots", queryset=ScheduleSlot.objects.select_related("room")))
            .order_by()
            .first()
        )
        if group is None:  # left the catalogue between the two reads
            return None
        cache.set(key, group, settings.VISITOR_PAGE_CACHE_SECONDS)
    for name in LIVE_GROUP_FIELDS:
        setattr(group, name, getattr(live, name))
    return group


@dataclass(frozen=True)
class SubmissionGroup:
    """A catalogue group as a submission is checked against it, read live: its key, the
    children's ages, the places and the enrolment window, and the first day of its academic
    year (ages are counted from it). Nothing more, no club and no names: a submission needs
    nothing more, and a record that carried half a Group would run a query for the rest."""

    pk: int
    club_id: int
    program_id: int
    academic_year_id: int
    year_start: datetime.date
    age_min: int
    age_max: int
    places: int
    enrolled_count: int
    enrol_from: datetime.date | None
    enrol_until: datetime.date | None
    # the country of the club's organisation: the consent text the parent agrees to
    country: str

    @property
    def free_places(self) -> int:
        return max(self.places - self.enrolled_count, 0)


def submission_group(slug: str, group_id: int) -> SubmissionGroup | None:
    """The live catalogue group a submission goes to. A group is in the catalogue exactly
    when it has an entry of the current year, and the entry carries what a submission is
    checked against (the database keeps it in step with the group), so one row of one table
    is read, in plain SQL: building this one-row query through the ORM cost a millisecond of
    Python, a sixth of a submission in a rush."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT entry.group_id, entry.club_id, entry.program_id, entry.academic_year_id,
                   year.start, entry.age_min, entry.age_max, entry.places, entry.enrolled_count,
                   entry.enrol_from, entry.enrol_until, organisation.country
              FROM programs_catalogueentry entry
              JOIN centre_academicyear year ON year.id = entry.academic_year_id
              JOIN programs_club club ON club.id = entry.club_id
              JOIN centre_organisation organisation ON organisation.id = club.organisation_id
             WHERE entry.group_id = %s AND entry.club_slug = %s AND entry.academic_year_id = %s
            """,
            [group_id, slug, AcademicYear.objects.current_id()],
        )
        row = cursor.fetchone()
    return SubmissionGroup(*row) if row is not None else None
