"""What the staff forms and filters offer to choose from.

Filters offer the clubs, groups, venues and teachers of the organisations whose lists the
user reads (an education authority's territory too): a national installation has tens of
thousands of each. Forms offer a club, program, venue, room, teacher or organisation of the
user's own organisations, where they may change records; the record being edited (read with
``for_user(write=True)``) keeps the values it already has of other organisations (a network
program's partners, a teacher who moved). Both narrow through centre.scope.
"""

from django.db.models import Q

from centre.models import Person, Venue
from centre.scope import within_staff_organisations
from programs.models import Club, Group


def teachers():
    """Every active member of staff, in the order a list of people is read."""
    return Person.objects.filter(is_active=True).order_by("surname", "name", "patronymic")


def offered(queryset, user, lookup: str = "organisation", *, keep: Q | None = None):
    """The queryset narrowed to the user's own organisations through ``lookup``
    (centre.scope), plus the rows ``keep`` names (an edited record's current values)."""
    narrowed = within_staff_organisations(queryset, user, lookup)
    return narrowed if keep is None else narrowed | queryset.filter(keep)


def row(pk) -> Q | None:
    """The row with this key, or nothing when the field is empty."""
    return Q(pk=pk) if pk is not None else None


def _user(request):
    # django-filter calls a filter's queryset with the request, or None when a filterset is
    # built without one: nothing is offered then
    return getattr(request, "user", None)


def readable_teachers(request):
    """Teachers of the organisations whose lists the user reads."""
    return within_staff_organisations(teachers(), _user(request), write=False)


def readable_venues(request):
    """Venues of the organisations whose lists the user reads."""
    return within_staff_organisations(Venue.objects.order_by("name"), _user(request), write=False)


def readable_clubs(request):
    """Clubs of the organisations whose lists the user reads."""
    return Club.objects.for_user(_user(request)).order_by("name")


def readable_current_groups(request):
    """This academic year's groups of the organisations whose lists the user reads."""
    groups = Group.objects.for_user(_user(request)).filter(academic_year__is_current=True)
    return groups.select_related("club")
