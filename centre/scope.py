"""Which organisations a user works for, and the one way every staff read is narrowed to them.

The tenancy rule (docs/security.md): a member of staff reads and changes only the records of
the organisations they work for — their own and its structural subdivisions (a centre's
technopark), or, sitting in a subdivision, its parent too. An education authority's member
reads the organisations of its territory as well, and changes nothing there. An
administrator (a superuser) is not narrowed. Anyone else (anonymous, a parent) has no
organisation: staff querysets are empty for them.

Every model a staff page reads carries its path to an organisation (``SCOPE_LOOKUP``) and a
queryset with ``for_user(user)`` (``ScopedQuerySet``); every list, export and
``get_<thing>_for_user`` helper starts from it, so an object outside the user's
organisations is a 404 whatever the URL.
"""

from django.apps import apps
from django.db import models
from django.db.models import Q

from centre.roles import Role, has_role

_UNKNOWN = object()


def _model(name: str):
    """A core model by name from Django's registry: the models are built on ScopedQuerySet
    (below), so this module cannot import them."""
    return apps.get_model("centre", name)


def staff_organisations(user) -> list[int] | None:
    """Ids of the organisations the user works for (where they may change records), or None
    for "every organisation" (an administrator).

    One query, run once per request: the answer is kept on the user object.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    ids = getattr(user, "_staff_organisations", _UNKNOWN)
    if ids is _UNKNOWN:
        Organisation, Person = _model("Organisation"), _model("Person")
        if user.is_superuser:
            ids = None
        else:
            home = Person.objects.filter(user=user, is_active=True).values("organisation")
            parent = Organisation.objects.filter(pk__in=home, kind=Organisation.Kind.SUBDIVISION).values(
                "parent"
            )
            ids = list(
                Organisation.objects.filter(Q(pk__in=home) | Q(parent__in=home) | Q(pk__in=parent))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        user._staff_organisations = ids
    return ids


def readable_organisations(user) -> list[int] | None:
    """Ids of the organisations whose records the user may read: their own (see above) and,
    for an education authority's member, every organisation of the authority's territory
    with its subdivisions. None for an administrator."""
    own = staff_organisations(user)
    if own is None or not own:
        return own
    ids = getattr(user, "_readable_organisations", _UNKNOWN)
    if ids is _UNKNOWN:
        Organisation = _model("Organisation")
        ids = own
        if has_role(user, Role.AUTHORITY):
            territory = Organisation.objects.filter(authority__in=own).values("pk")
            extra = Organisation.objects.filter(Q(pk__in=territory) | Q(parent__in=territory)).values_list(
                "pk", flat=True
            )
            ids = sorted(set(own) | set(extra))
        user._readable_organisations = ids
    return ids


def readable_organisations_query(user):
    """The organisations of ``readable_organisations`` as a ``values("pk")`` queryset, for
    ``organisation_id__in=`` as a subquery (an authority of a nation has thousands: a
    literal list of their ids costs more to send and plan than the sums it narrows).
    None for an administrator; the same rule: own organisations and their subdivisions
    (a subdivision's member: its parent too) and, for an authority, its territory and the
    territory's subdivisions."""
    Organisation, Person = _model("Organisation"), _model("Person")
    if user is None or not getattr(user, "is_authenticated", False):
        return Organisation.objects.none().values("pk")
    if user.is_superuser:
        return None
    home = Person.objects.filter(user=user, is_active=True).values("organisation")
    parent = Organisation.objects.filter(pk__in=home, kind=Organisation.Kind.SUBDIVISION).values("parent")
    own = Q(pk__in=home) | Q(parent__in=home) | Q(pk__in=parent)
    if has_role(user, Role.AUTHORITY):
        territory = Organisation.objects.filter(authority__in=Organisation.objects.filter(own).values("pk"))
        territory = territory.values("pk")
        own = own | Q(pk__in=territory) | Q(parent__in=territory)
    return Organisation.objects.filter(own).values("pk")


def forget_organisations(user) -> None:
    """Drop the answers kept on the user object (after their Person or roles changed)."""
    for attribute in ("_staff_organisations", "_readable_organisations"):
        user.__dict__.pop(attribute, None)


def within_staff_organisations(queryset, user, lookup: str = "organisation", *, write: bool = True):
    """The queryset narrowed through ``lookup`` to the organisations the user works for
    (``write``) or may read. Used where a model has no ``for_user`` of its own (choices of
    venues, rooms, teachers)."""
    ids = staff_organisations(user) if write else readable_organisations(user)
    return queryset if ids is None else queryset.filter(**{f"{lookup}__in": ids})


class ScopedQuerySet(models.QuerySet):
    """``for_user(user)``: the rows of the user's organisations (the tenancy rule above).

    The model names its path to an organisation in ``SCOPE_LOOKUP`` (``"organisation"``,
    ``"group__club__organisation"`` ...). ``write=True`` leaves out what the user may only
    read (an education authority's territory): edit and delete helpers ask for it.
    """

    def for_user(self, user, *, write: bool = False):
        ids = staff_organisations(user) if write else readable_organisations(user)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(**{f"{self.model.SCOPE_LOOKUP}__in": ids})


def in_scope(obj, user, *, write: bool = False) -> bool:
    """Whether one object (already read) is within the user's organisations."""
    ids = staff_organisations(user) if write else readable_organisations(user)
    if ids is None:
        return True
    value = obj
    for part in obj.SCOPE_LOOKUP.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return False
    return value.pk in ids
