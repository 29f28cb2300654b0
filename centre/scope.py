"""Which organisations a member of staff works for: the one place that says it.

A national installation holds about 1 300 organisations with 31 000 clubs and 62 000 groups;
a staff page whose selects offered every club, group, venue or teacher of the country took
tens of seconds to render. Staff selects therefore offer only the records of the
organisations the signed-in person works for.

This narrows the choices a page offers, not access: who may see or change what stays with
``centre.roles`` and each app's ``get_<thing>_for_user`` helpers.
"""

from django.db.models import Q

from centre.models import Organisation, Person

_UNKNOWN = object()


def staff_organisations(user) -> list[int] | None:
    """Ids of the organisations the user works for, or None for "every organisation".

    A member of staff (a user with a ``Person``) works for their organisation and for its
    structural subdivisions (a centre's technopark belongs to the centre); one who sits in a
    subdivision works for its parent too. A user without a ``Person`` (an administrator) is
    tied to no organisation: None, do not narrow. No user at all (anonymous, or a filter
    built without a request) gets an empty list: nothing to offer.

    One query, run once per request: the answer is kept on the user object.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    ids = getattr(user, "_staff_organisations", _UNKNOWN)
    if ids is _UNKNOWN:
        home = Person.objects.filter(user=user).values("organisation")
        parent = Organisation.objects.filter(pk__in=home, kind=Organisation.Kind.SUBDIVISION).values("parent")
        ids = list(
            Organisation.objects.filter(Q(pk__in=home) | Q(parent__in=home) | Q(pk__in=parent))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        ids = ids or None  # no Person, no home organisation: an administrator sees them all
        user._staff_organisations = ids
    return ids


def within_staff_organisations(queryset, user, lookup: str = "organisation"):
    """The queryset narrowed to the user's organisations through ``lookup`` (see above)."""
    ids = staff_organisations(user)
    return queryset if ids is None else queryset.filter(**{f"{lookup}__in": ids})
