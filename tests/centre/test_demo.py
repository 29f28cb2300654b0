import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from centre.models import AcademicYear, Consent, Learner, Organisation
from centre.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (Organisation.objects.count(), Learner.objects.count(), Consent.objects.count())
    call_command("load_demo")
    assert (
        Organisation.objects.count(),
        Learner.objects.count(),
        Consent.objects.count(),
    ) == counts


def test_demo_has_a_user_per_role_and_the_technopark(settings):
    settings.DEBUG = True
    call_command("load_demo")
    users = {user.username: user for user in get_user_model().objects.all()}
    for username, role in [
        ("methodist", Role.METHODIST),
        ("director", Role.DIRECTOR),
        ("teacher", Role.TEACHER),
        ("parent", Role.PARENT),
        ("coordinator", Role.COORDINATOR),
    ]:
        assert role in roles_of(users[username])
    assert users["admin"].is_superuser
    assert Organisation.objects.filter(
        kind=Organisation.Kind.SUBDIVISION, name__contains="Кванториум"
    ).exists()
    assert Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).count() == 2
    assert AcademicYear.objects.filter(label="2013/2014").exists()
    assert AcademicYear.objects.current() is not None


def test_demo_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
