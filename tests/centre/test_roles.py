import pytest

from centre.roles import PARENT_ONLY, ROLE_ACTIONS, Action, Role, assign_roles, can, is_parent, roles_of
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
    assert can(parent, Action.USE_CABINET)  # follows their applications in the cabinet


def test_teacher_edits_only_own_groups(teacher):
    assert can(teacher, Action.EDIT_OWN_GROUPS)
    assert not can(teacher, Action.EDIT_PROGRAMS)
    assert not can(teacher, Action.VIEW_GIFTED_BANK)


def test_anonymous_may_do_nothing(rf):
    from django.contrib.auth.models import AnonymousUser

    assert not any(can(AnonymousUser(), action) for action in Action.values)


def test_superuser_may_do_everything_but_use_a_parents_cabinet():
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert all(can(admin, action) for action in set(Action.values) - PARENT_ONLY)
    assert not can(admin, Action.USE_CABINET)


def test_the_cabinet_is_a_parents_and_not_a_staff_members(parent, teacher):
    assert is_parent(parent) and can(parent, Action.USE_CABINET)
    assign_roles(teacher, [Role.PARENT])
    assert not is_parent(teacher) and not can(teacher, Action.USE_CABINET)


def test_the_audit_log_is_read_by_directors_only(director, methodist, teacher, parent):
    assert can(director, Action.VIEW_AUDIT_LOG)
    assert not any(can(user, Action.VIEW_AUDIT_LOG) for user in (methodist, teacher, parent))
