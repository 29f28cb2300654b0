"""A catalogue card: what a parent asks of a club before opening it («near, open, which
one»), summed up from the club's matching entries and the cards' one query."""

import datetime
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from centre.countries import CountryProfile, profile_of
from centre.languages import current_language
from programs.catalogue.choices import CardVenue, CatalogueChoices
from programs.models import CatalogueEntry, Club, ClubPhoto, Group


def first_photo() -> Subquery:
    """The file of the entry's club's first photo made for a card (its card picture; the
    thumbnail of a photo stored before there were any), read in the cards' own query: a
    page's 20 clubs cost no query more."""
    photos = ClubPhoto.objects.filter(club_id=OuterRef("club_id")).order_by("position", "id")
    file = Coalesce(
        NullIf("card", Value("")), NullIf("thumbnail", Value("")), "image", output_field=CharField()
    )
    return Subquery(photos.values(file=file)[:1], output_field=CharField())


def organisation_country() -> Subquery:
    """The country of the entry's club's organisation, read in the cards' own query: its
    currency and funding words (centre.countries)."""
    clubs = Club.objects.filter(pk=OuterRef("club_id")).values("organisation__country")
    return Subquery(clubs[:1], output_field=CharField())


def club_name_in(language: str) -> dict:
    """The cards' query's annotation of the club's name in ``language`` when clubs carry one
    (``Club.name_kk``), read in the same query: nothing for the default language."""
    field = f"name_{language}"
    if field not in {f.name for f in Club._meta.fields}:
        return {}
    clubs = Club.objects.filter(pk=OuterRef("club_id")).values(field)
    return {"club_name_local": Subquery(clubs[:1], output_field=CharField())}


def cost_labels(groups, profile: CountryProfile) -> list[str]:
    """«бесплатно», «сертификат ПФДО» or «ваучер», «от 1 500 ₽ в месяц»: how the groups are
    paid for, in the words and currency of their organisation's country."""
    labels = []
    fundings = {group.funding for group in groups}
    if Group.Funding.FREE in fundings:
        labels.append(str(_("free")))
    if Group.Funding.CERTIFICATE in fundings:
        labels.append(profile.funding_label(Group.Funding.CERTIFICATE))
    prices = [group.price for group in groups if group.funding == Group.Funding.PAID and group.price]
    if prices:
        low, high = min(prices), max(prices)
        if low == high:
            labels.append(str(_("%(price)s a month")) % {"price": profile.money(low)})
        else:
            labels.append(str(_("from %(price)s a month")) % {"price": profile.money(low)})
    return labels


class EnrolmentState:
    """A card's answer to «can I apply now»."""

    OPEN = "open"  # applications taken and places free: «N мест»
    WAITING = "waiting"  # applications taken, every place taken: «лист ожидания»
    CLOSED = "closed"  # no matching group takes applications today: «приём закрыт»


def is_open_on(entry, day: datetime.date) -> bool:
    """Whether the group takes applications on `day` (the catalogue's «open» filter, in Python)."""
    return (entry.enrol_from is None or entry.enrol_from <= day) and (
        entry.enrol_until is None or entry.enrol_until >= day
    )


@dataclass
class ClubCard:
    """What a catalogue card shows, summed up from the club's matching entries."""

    club: Club
    url: str = ""
    directions: list[str] = field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None
    venues: list[CardVenue] = field(default_factory=list)
    weekdays: list[str] = field(default_factory=list)
    free_places: int = 0  # in the groups that take applications today
    groups: int = 0
    costs: list[str] = field(default_factory=list)
    enrolment: str = EnrolmentState.CLOSED
    # the enrolment window a parent can act on: the open one that closes first, else the next
    window_from: datetime.date | None = None
    window_until: datetime.date | None = None
    photo_url: str = ""

    @classmethod
    def of(cls, entries: list[CatalogueEntry], choices: CatalogueChoices, today: datetime.date) -> "ClubCard":
        first = entries[0]
        club = Club(pk=first.club_id, name=first.club_name, slug=first.club_slug)
        local = getattr(first, "club_name_local", "")
        if local:  # str(club) is the active language's name (centre.languages.localized)
            setattr(club, f"name_{current_language()}", local)
        card = cls(club=club, url=club.get_absolute_url(), groups=len(entries))
        directions = {choices.direction_names.get(entry.direction_id, (0, "")) for entry in entries}
        card.directions = [name for _order, name in sorted(directions) if name]
        venues = {choices.card_venues.get(entry.venue_id) for entry in entries} - {None}
        card.venues = sorted(venues, key=lambda venue: (venue.district, venue.name))
        weekdays = {day for entry in entries for day in entry.weekdays}
        card.weekdays = [WEEKDAYS_ABBR[day - 1] for day in sorted(weekdays)]
        card.age_min = min(entry.age_min for entry in entries)
        card.age_max = max(entry.age_max for entry in entries)
        card.costs = cost_labels(entries, profile_of(getattr(first, "country", None)))
        card._read_enrolment(entries, today)
        photo = getattr(first, "photo", None)
        card.photo_url = default_storage.url(photo) if photo else ""
        return card

    def _read_enrolment(self, entries: list[CatalogueEntry], today: datetime.date) -> None:
        taking = [entry for entry in entries if is_open_on(entry, today)]
        self.free_places = sum(max(entry.places - entry.enrolled_count, 0) for entry in taking)
        if taking:
            self.enrolment = EnrolmentState.OPEN if self.free_places else EnrolmentState.WAITING
            with_places = [entry for entry in taking if entry.places > entry.enrolled_count] or taking
            window = min(with_places, key=lambda entry: entry.enrol_until or datetime.date.max)
        else:
            self.enrolment = EnrolmentState.CLOSED
            coming = [entry for entry in entries if entry.enrol_from and entry.enrol_from > today]
            window = min(coming, key=lambda entry: entry.enrol_from) if coming else None
        if window is not None:
            self.window_from, self.window_until = window.enrol_from, window.enrol_until

    @property
    def districts(self) -> list[str]:
        return sorted({venue.district for venue in self.venues if venue.district})
