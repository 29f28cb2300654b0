"""Reads of the public catalogue and club pages.

At national scale (tens of thousands of groups) the order of work matters: the filters
narrow the groups first (programs.filters), the page of clubs is then chosen with
Exists/Subquery over those groups, and only that page's matching groups and their lessons
are fetched, with Prefetch. The number of queries never depends on the number of groups.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Greatest, JSONObject
from django.template.defaultfilters import floatformat
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from centre.models import Venue
from programs.models import Club, ClubPhoto, Direction, Group, ScheduleSlot

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
        Venue.objects.filter(Exists(catalogue_groups().filter(venue=OuterRef("pk"))))
        .order_by("name")
        .values_list("pk", "name", "district")
    )


def _free_places():
    return Greatest(F("places") - F("enrolled_count"), Value(0))


def _card_groups(groups: QuerySet[Group]) -> QuerySet[Group]:
    return (
        groups.order_by("age_min", "year_of_study", "name", "pk")
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


class RankedClubs:
    """Clubs ordered by a figure summed over their matching groups (free places, youngest
    age), for the Paginator: count() and slicing, one query each.

    A slice ranks the clubs with one GROUP BY over the filtered groups (a hash aggregate,
    cheap at 62,067 groups) and fetches only that slice's clubs; a correlated subquery per
    club of the whole country would be run tens of thousands of times instead."""

    def __init__(self, groups: QuerySet[Group], clubs: QuerySet[Club], aggregate, *, descending: bool):
        self.groups = groups.order_by()
        self.clubs = clubs
        self.aggregate = aggregate
        self.descending = descending

    def _order(self, rank: str, name: str, pk: str) -> list:
        rank_order = F(rank).desc(nulls_last=True) if self.descending else F(rank).asc(nulls_last=True)
        return [rank_order, name, pk]

    def count(self) -> int:
        return self.clubs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("RankedClubs is sliced by pages only.")
        ranked = (
            self.groups.values("club")
            .alias(rank=self.aggregate)
            .order_by(*self._order("rank", "club__name", "club"))
            .values_list("club", flat=True)[key]
        )
        per_club = (
            self.groups.filter(club=OuterRef("pk"))
            .values("club")
            .annotate(rank=self.aggregate)
            .values("rank")[:1]
        )
        page = (
            self.clubs.filter(pk__in=ranked)
            .annotate(rank=Subquery(per_club))
            .order_by(*self._order("rank", "name", "pk"))
        )
        return list(page)


def catalogue_clubs(groups: QuerySet[Group], *, sort: str = SORT_NAME):
    """Clubs with at least one of `groups`, in the asked order, each with the matching
    groups (and their lessons) prefetched as `matching_groups` once a page is taken.
    A queryset when sorted by name; a RankedClubs (sliceable, countable) otherwise."""
    matching = groups.filter(club=OuterRef("pk")).order_by()
    clubs = (
        Club.objects.filter(Exists(matching))
        .only("id", "name", "slug", "kind")
        .prefetch_related(Prefetch("groups", queryset=_card_groups(groups), to_attr="matching_groups"))
    )
    if sort == SORT_FREE:
        return RankedClubs(groups, clubs, Sum(_free_places()), descending=True)
    if sort == SORT_AGE:
        return RankedClubs(groups, clubs, Min("age_min"), descending=False)
    return clubs.order_by("name", "pk")


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
