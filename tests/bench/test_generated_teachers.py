"""The generator gives a group a teacher of the group's own organisation."""

import pytest
from django.core.management import call_command
from django.db.models import F

from centre.generate import SCALES, Scale
from programs.models import Group

pytestmark = pytest.mark.django_db


def test_a_groups_teacher_works_for_the_groups_organisation(monkeypatch):
    # several organisations (the city scale in miniature): a teacher's groups are their own
    # organisation's, or the teacher would not reach the group's register
    town = Scale("town", fraction=0.0005)
    monkeypatch.setitem(SCALES, "town", town)
    call_command("generate_data", scale="town")
    assert Group.objects.exists()
    assert not Group.objects.exclude(teacher__organisation=F("club__organisation")).exists()
    assert Group.objects.values("teacher").distinct().count() == town.figures.teachers
