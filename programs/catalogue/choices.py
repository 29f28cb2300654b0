"""The catalogue's directions and venues: the filters' choices and what the cards name."""

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import JSONBAgg
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import JSONObject

from centre.languages import current_language
from centre.models import AcademicYear, Venue
from programs.models import CatalogueEntry, Direction


def catalogue_directions() -> tuple[list[tuple[int, str, str, list[tuple[int, str]]]], frozenset[int]]:
    """(id, slug, name, [(profile id, profile name), ...]) of every direction (both countries'
    lists) in the catalogue's order, named in the active language, and the ids of those the
    catalogue's groups are taught in (its published programs'): the ones a visitor is offered.
    One query."""
    rows = Direction.objects.annotate(
        profile_list=JSONBAgg(
            JSONObject(id="profiles__id", name="profiles__name"),
            filter=Q(profiles__isnull=False),
            order_by="profiles__name",
        ),
        taught=Exists(CatalogueEntry.objects.current().filter(direction_id=OuterRef("pk"))),
    ).order_by("position", "name")
    directions, taught = [], set()
    for row in rows:
        directions.append(
            (row.pk, row.slug, str(row), [(item["id"], item["name"]) for item in row.profile_list or []])
        )
        if row.taught:
            taught.add(row.pk)
    return directions, frozenset(taught)


def catalogue_venues() -> list[tuple[int, str, str, str]]:
    """(id, name, district, address) of the venues where catalogue groups meet: the venue
    filter's choices and the cards' «where»."""
    return list(
        Venue.objects.filter(pk__in=CatalogueEntry.objects.current().values("venue_id"))
        .order_by("name")
        .values_list("pk", "name", "district", "address")
    )


@dataclass(frozen=True)
class CardVenue:
    """Where a card's groups meet, as a parent looks for it: the venue, its address, its district."""

    name: str
    address: str
    district: str


CHOICES_SECONDS = 60


@dataclass
class CatalogueChoices:
    """Directions and venues of the catalogue: the filters' choices and the cards' names."""

    directions: list[tuple[int, str, str, list[tuple[int, str]]]]
    taught: frozenset[int]
    venues: list[tuple[int, str, str, str]]
    direction_names: dict[int, tuple[int, str]] = field(init=False)
    card_venues: dict[int, CardVenue] = field(init=False)

    def offered_directions(
        self, chosen: str = "", chosen_profile: str = ""
    ) -> list[tuple[int, str, str, list[tuple[int, str]]]]:
        """The directions the filters offer: those taught, and the one a link chose by its slug
        or its profile (an old link to a direction with nothing taught answers with the empty
        state, not an error)."""
        return [
            row
            for row in self.directions
            if row[0] in self.taught
            or row[1] == chosen
            or any(str(pk) == chosen_profile for pk, _n in row[3])
        ]

    def __post_init__(self):
        self.direction_names = {
            pk: (order, name) for order, (pk, _slug, name, _p) in enumerate(self.directions)
        }
        self.card_venues = {
            pk: CardVenue(name, address, district) for pk, name, district, address in self.venues
        }


def catalogue_choices() -> CatalogueChoices:
    """Directions and venues for the filters and the cards. They change a few times a year,
    and reading them cost about a fifth of an uncached catalogue page at national scale:
    kept a minute, so a new venue reaches the venue filter within a minute. Kept per language:
    a direction's name is the active language's."""
    # v2: venues with addresses; v3: the directions taught, per language
    key = f"catalogue-choices:v3:{AcademicYear.objects.current_id()}:{current_language()}"
    return cache.get_or_set(
        key,
        lambda: CatalogueChoices(*catalogue_directions(), catalogue_venues()),
        CHOICES_SECONDS,
    )
