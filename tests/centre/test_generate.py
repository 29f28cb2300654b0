"""The generator at centre scale: its counts, and the rules every generated row obeys."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q

from centre.generate import SCALES, Scale
from centre.models import Consent, Guardianship, Learner, Organisation
from programs.models import Application, Enrollment, Group, ScheduleSlot

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    call_command("generate_data", scale="centre")


def test_centre_scale_has_the_announced_size(generated):
    assert Organisation.objects.count() == 1
    assert Group.objects.count() == 300
    assert Learner.objects.count() == 5_000
    assert Enrollment.objects.count() == 5_000
    assert ScheduleSlot.objects.count() == 600
    assert Application.objects.count() == 250


def test_generated_groups_are_never_overbooked_and_counts_match(generated):
    assert not Group.objects.filter(enrolled_count__gt=F("places")).exists()
    mismatched = Group.objects.annotate(actual=Count("enrollments")).exclude(actual=F("enrolled_count"))
    assert not mismatched.exists()
    assert Group.objects.filter(enrolled_count=F("places")).exists()  # some groups are full


def test_generated_children_fit_their_groups_ages(generated):
    for enrollment in Enrollment.objects.select_related("group", "learner")[:500]:
        age = enrollment.learner.age_on(enrollment.group.academic_year.start)
        assert enrollment.group.age_min - 1 <= age <= enrollment.group.age_max


def test_generated_children_parents_and_programs_belong_to_their_groups_organisation(monkeypatch):
    # the city scale in miniature: several organisations, fast enough for a unit test
    monkeypatch.setitem(
        SCALES, "town", Scale("town", organisations=7, groups=84, learners=2_000, teachers=21)
    )
    call_command("generate_data", scale="town")
    enrolments = Enrollment.objects.all()
    assert Organisation.objects.count() == 7
    assert enrolments.count() == Learner.objects.count() == 2_000
    assert not enrolments.exclude(learner__organisation=F("group__club__organisation")).exists()
    assert not Group.objects.exclude(program__organisation=F("club__organisation")).exists()
    assert not Guardianship.objects.exclude(guardian__organisation=F("learner__organisation")).exists()
    # the children are spread over the organisations, not all in the first one
    assert Learner.objects.values("organisation").distinct().count() == 7


def test_every_generated_child_has_a_processing_consent(generated):
    without = Learner.objects.exclude(Q(consents__kind=Consent.Kind.PROCESSING))
    assert not without.exists()


def test_generation_is_deterministic_and_replace_makes_it_anew(generated):
    first = list(Learner.objects.order_by("id").values_list("surname", "name", "birth_date")[:50])
    with pytest.raises(CommandError):
        call_command("generate_data", scale="centre")
    call_command("generate_data", scale="centre", replace=True)
    assert Learner.objects.count() == 5_000
    again = list(Learner.objects.order_by("id").values_list("surname", "name", "birth_date")[:50])
    assert again == first


def test_replace_leaves_other_data_alone(settings, generated):
    settings.DEBUG = True
    call_command("load_demo")
    demo_groups = Group.objects.exclude(club__slug__startswith="gen-").count()
    call_command("generate_data", scale="centre", replace=True)
    assert Group.objects.exclude(club__slug__startswith="gen-").count() == demo_groups
    assert Group.objects.filter(club__slug__startswith="gen-").count() == 300
