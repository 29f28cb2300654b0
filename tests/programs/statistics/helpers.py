"""Members of staff of the statistics' known world (world.py), for the page tests."""

from centre.roles import Role, assign_roles
from tests.factories import PersonFactory, UserFactory


def member(organisation, role, username):
    """A login with ``role`` working for ``organisation``."""
    user = UserFactory(username=username)
    assign_roles(user, [role])
    PersonFactory(user=user, organisation=organisation)
    return user


def director_of(organisation, username="director_a"):
    return member(organisation, Role.DIRECTOR, username)


def authority_member(authority, username="authority_x"):
    return member(authority, Role.AUTHORITY, username)
