"""The logins of the benchmark's staff sweep: one demo login per role, and a methodist of
the largest generated organisation. Imported once Django is set up (bench/run.py)."""

import functools

from django.contrib.auth import get_user_model
from django.db.models import Count

from centre.demo import DEMO_PASSWORD
from centre.models import Learner, Person
from centre.roles import Role, assign_roles

LARGE_METHODIST = "bench-large-methodist"


def staff_logins() -> dict[str, tuple[str, str]]:
    """One demo login per role (the first by username), with the demo password."""
    logins = {}
    large = large_organisation_methodist()
    if large:
        logins["methodist (largest generated organisation)"] = (large, DEMO_PASSWORD)
    for role in Role:
        user = (
            get_user_model()
            .objects.filter(groups__name=role, is_active=True)
            .order_by("username")
            .values_list("username", flat=True)
            .first()
        )
        if user:
            logins[role.value] = (user, DEMO_PASSWORD)
    return logins


@functools.cache
def large_organisation() -> int | None:
    """The generated organisation with the most children (its id): of two as large, the first
    (the one whose register the generator kept, programs/generate/register.py)."""
    largest = Learner.objects.values("organisation").annotate(n=Count("id")).order_by("-n", "organisation")
    return (largest.first() or {}).get("organisation")


def large_organisation_methodist() -> str | None:
    """A methodist's login in the generated organisation with the most children, so the sweep
    also sees pages whose lists and choosers hold a national-scale organisation (the demo's
    are small). Made for the run, kept between runs (its password is the demo's)."""
    biggest = large_organisation()
    if biggest is None:
        return None
    User = get_user_model()
    user = User.objects.filter(username=LARGE_METHODIST).first()
    if user is None:
        user = User.objects.create_user(LARGE_METHODIST, password=DEMO_PASSWORD)
        assign_roles(user, [Role.METHODIST])
    Person.objects.update_or_create(
        user=user,
        defaults={
            "surname": "Нагрузочный",
            "name": "Тест",
            "position": "методист",
            "organisation_id": biggest,
        },
    )
    return LARGE_METHODIST
