import pytest

from centre.roles import ROLE_ACTIONS, Action, Role, can, roles_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_created_by_migration():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_every_role_says_what_it_may_do():
    assert set(ROLE_ACTIONS) == set(Role.values)


def test_methodist_edits_programs_but_does_not_approve(methodist):
    assert can(methodist, Action.EDIT_PROGRAMS)
    assert not can(methodist, Action.APPROVE_PROGRAMS)


def test_director_approves_programs(director):
    assert can(director, Action.APPROVE_PROGRAMS)
    assert can(director, Action.VIEW_INNOVATION)


def test_parent_has_no_staff_actions(parent):
    assert roles_of(parent) == {Role.PARENT}
    assert not can(parent, Action.VIEW_STAFF_AREA)
    assert can(parent, Action.APPLY_FOR_PLACE)


def test_teacher_edits_only_own_groups(teacher):
    assert can(teacher, Action.EDIT_OWN_GROUPS)
    assert not can(teacher, Action.EDIT_PROGRAMS)
    assert not can(teacher, Action.VIEW_GIFTED_BANK)


def test_anonymous_may_do_nothing(rf):
    from django.contrib.auth.models import AnonymousUser

    assert not any(can(AnonymousUser(), action) for action in Action.values)


def test_superuser_may_do_everything():
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert all(can(admin, action) for action in Action.values)
