"""Reads of the public catalogue and club pages.

At national scale (tens of thousands of groups) the catalogue reads one narrow table,
programs_catalogueentry, which the database keeps in step with the groups (see
CatalogueEntry): the filters narrow the entries (programs.filters), a page of clubs is
grouped from them, and only that page's clubs, matching groups and lessons are fetched,
with Prefetch. The number of queries never depends on the number of groups.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Greatest, JSONObject
from django.template.defaultfilters import floatformat
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from centre.models import Venue
from programs.models import CatalogueEntry, Club, ClubPhoto, Direction, Group, ScheduleSlot

PAGE_SIZE = 20

SORT_NAME, SORT_FREE, SORT_AGE = "name", "free", "age"
SORT_CHOICES = [
    (SORT_NAME, _("by name")),
    (SORT_FREE, _("most free places first")),
    (SORT_AGE, _("youngest first")),
]

# What a catalogue card needs of a group; nothing else is read.
CARD_GROUP_FIELDS = (
    "id",
    "club",
    "name",
    "age_min",
    "age_max",
    "places",
    "enrolled_count",
    "enrol_from",
    "enrol_until",
    "funding",
    "price",
    "venue__id",
    "venue__name",
    "venue__district",
    "program__id",
    "program__direction__id",
    "program__direction__name",
    "program__direction__position",
)


def catalogue_groups() -> QuerySet[Group]:
    """Every group a visitor may see, before the visitor's filters."""
    return Group.objects.in_catalogue()


def catalogue_entries() -> QuerySet[CatalogueEntry]:
    """The catalogue's entries (one a group of the catalogue), before the visitor's filters."""
    return CatalogueEntry.objects.current()


def catalogue_directions() -> list[tuple[str, str, list[tuple[int, str]]]]:
    """(slug, name, [(profile id, profile name), ...]) of every direction, in one query."""
    rows = Direction.objects.annotate(
        profile_list=JSONBAgg(
            JSONObject(id="profiles__id", name="profiles__name"),
            filter=Q(profiles__isnull=False),
            order_by="profiles__name",
        )
    ).order_by("position", "name")
    return [
        (row.slug, row.name, [(item["id"], item["name"]) for item in row.profile_list or []]) for row in rows
    ]


def catalogue_venues() -> list[tuple[int, str, str]]:
    """(id, name, district) of the venues where catalogue groups meet: the venue filter's choices."""
    return list(
        Venue.objects.filter(pk__in=catalogue_entries().values("venue_id"))
        .order_by("name")
        .values_list("pk", "name", "district")
    )


def _card_groups(entries: QuerySet[CatalogueEntry], club_ids: list[int]) -> QuerySet[Group]:
    return (
        Group.objects.filter(pk__in=entries.filter(club_id__in=club_ids).values("group_id"))
        .order_by("age_min", "year_of_study", "name", "pk")
        .select_related("venue", "program__direction")
        .only(*CARD_GROUP_FIELDS)
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=ScheduleSlot.objects.only("id", "group_id", "weekday", "starts").order_by(
                    "weekday", "starts"
                ),
            )
        )
    )


class CatalogueClubs:
    """The clubs with at least one of the filtered entries, in the asked order, for the
    Paginator: count() and slicing, one query each on the entries table alone.

    A slice groups the matching entries by club and takes that page of clubs (by name:
    read in the name index's order; by free places or age: one hash aggregate), then
    fetches only those clubs, each with its matching groups (and their lessons) as
    `matching_groups`."""

    def __init__(self, entries: QuerySet[CatalogueEntry], *, sort: str = SORT_NAME, sparse: bool = False):
        self.entries = entries.order_by()
        self.sort = sort
        self.sparse = sparse

    def count(self) -> int:
        # (name, id) rather than id alone: without filters it is read from the name index
        return self.entries.values("club_name", "club_id").distinct().count()

    def __len__(self) -> int:
        return self.count()

    def _ranked(self):
        by_club = self.entries.values("club_id", "club_name")
        if self.sort == SORT_FREE:
            free = Greatest(F("places") - F("enrolled_count"), Value(0))
            return by_club.annotate(rank=Sum(free)).order_by(
                F("rank").desc(nulls_last=True), "club_name", "club_id"
            )
        if self.sort == SORT_AGE:
            return by_club.annotate(rank=Min("age_min")).order_by("rank", "club_name", "club_id")
        if self.sparse:
            # Few entries match (a search), and they may all sit at one end of the alphabet:
            # walking the name index until twenty clubs turn up read 33 000 entries for
            # «робот». Ordering by an aggregate makes PostgreSQL group just the matches first.
            return by_club.annotate(rank=Min("club_name")).order_by("rank", "club_id")
        return by_club.distinct().order_by("club_name", "club_id")

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("CatalogueClubs is sliced by pages only.")
        club_ids = [row["club_id"] for row in self._ranked()[key]]
        if not club_ids:
            return []
        clubs = Club.objects.filter(pk__in=club_ids).only("id", "name", "slug", "kind")
        clubs = clubs.prefetch_related(
            Prefetch("groups", queryset=_card_groups(self.entries, club_ids), to_attr="matching_groups")
        )
        position = {pk: index for index, pk in enumerate(club_ids)}
        return sorted(clubs, key=lambda club: position[club.pk])


def catalogue_clubs(
    entries: QuerySet[CatalogueEntry], *, sort: str = SORT_NAME, sparse: bool = False
) -> CatalogueClubs:
    """Clubs with at least one of `entries`, in the asked order (see CatalogueClubs);
    `sparse` when a filter such as the search leaves few entries."""
    return CatalogueClubs(entries, sort=sort, sparse=sparse)


def cost_labels(groups) -> list[str]:
    """«бесплатно», «сертификат ПФДО», «от 1500 ₽ в месяц»: how the groups are paid for."""
    labels = []
    fundings = {group.funding for group in groups}
    if Group.Funding.FREE in fundings:
        labels.append(str(_("free")))
    if Group.Funding.CERTIFICATE in fundings:
        labels.append(str(_("PFDO certificate")))
    prices = [group.price for group in groups if group.funding == Group.Funding.PAID and group.price]
    if prices:
        low, high = min(prices), max(prices)
        if low == high:
            labels.append(str(_("%(price)s ₽ a month")) % {"price": floatformat(low, -2)})
        else:
            labels.append(str(_("from %(price)s ₽ a month")) % {"price": floatformat(low, -2)})
    return labels


@dataclass
class ClubCard:
    """What a catalogue card shows, summed up from the club's matching groups."""

    club: Club
    directions: list[str] = field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None
    venues: list[str] = field(default_factory=list)
    weekdays: list[str] = field(default_factory=list)
    free_places: int = 0
    groups: int = 0
    costs: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, club: Club) -> "ClubCard":
        groups = getattr(club, "matching_groups", [])
        directions = {}
        venues = {}
        weekdays = set()
        card = cls(club=club, groups=len(groups))
        for group in groups:
            direction = group.program.direction
            directions[direction.pk] = (direction.position, direction.name)
            venues[group.venue.pk] = group.venue.name
            weekdays.update(slot.weekday for slot in group.slots.all())
            card.free_places += group.free_places
        if groups:
            card.age_min = min(group.age_min for group in groups)
            card.age_max = max(group.age_max for group in groups)
        card.directions = [name for _position, name in sorted(directions.values())]
        card.venues = sorted(venues.values())
        card.weekdays = [WEEKDAYS_ABBR[day - 1] for day in sorted(weekdays)]
        card.costs = cost_labels(groups)
        return card


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
    return (
        Club.objects.filter(Exists(catalogue_groups().filter(club=OuterRef("pk"))), slug=slug)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("groups", queryset=groups, to_attr="catalogue_groups"),
            Prefetch("photos", queryset=ClubPhoto.objects.order_by("position", "id")),
        )
        .first()
    )


def club_programs(club: Club) -> list:
    """The distinct programs of the club's catalogue groups, in the groups' order."""
    programs = {}
    for group in club.catalogue_groups:
        programs.setdefault(group.program.pk, group.program)
    return list(programs.values())


def application_group(slug: str, group_id: int) -> Group | None:
    """The catalogue group a parent applies to, with what the form page shows."""
    return (
        catalogue_groups()
        .filter(pk=group_id, club__slug=slug)
        .select_related("club", "program", "academic_year", "venue", "room", "teacher")
        .prefetch_related(Prefetch("slots", queryset=ScheduleSlot.objects.select_related("room")))
        .first()
    )
