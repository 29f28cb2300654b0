"""Migration 0003 gives records made before tenancy an organisation: a program its
coordinator's, an external participant that of the first program they took part in."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("mentoring", "0002_participant_matches_pair")]
AFTER = [("mentoring", "0003_tenancy")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_programs_take_their_coordinators_organisation_and_guests_their_programs():
    apps = _migrate(BEFORE)
    try:
        Organisation = apps.get_model("centre", "Organisation")
        Person = apps.get_model("centre", "Person")
        Program = apps.get_model("mentoring", "MentoringProgram")
        Pair = apps.get_model("mentoring", "Pair")
        Participant = apps.get_model("mentoring", "Participant")
        External = apps.get_model("mentoring", "ExternalPerson")
        first = Organisation.objects.create(name="Первый центр", kind="centre")
        second = Organisation.objects.create(name="Второй центр", kind="centre")
        partner = Organisation.objects.create(name="Завод", kind="industrial")
        coordinator = Person.objects.create(
            surname="Координаторова", name="Ольга", position="-", organisation=second
        )
        program = Program.objects.create(
            title="Программа",
            start=datetime.date(2024, 9, 1),
            end=datetime.date(2027, 8, 31),
            coordinator=coordinator,
            goals="-",
            forms=["employer_student", "teacher_teacher"],
        )
        guest = External.objects.create(
            surname="Инженеров", name="Олег", kind="employer", organisation=partner, position="-"
        )
        student = External.objects.create(
            surname="Студентов", name="Иван", kind="student", organisation=partner, position="-"
        )
        idle = External.objects.create(
            surname="Ждущий", name="Пётр", kind="employer", organisation=partner, position="-"
        )
        pair = Pair.objects.create(
            program=program,
            form="employer_student",
            goals="-",
            start=datetime.date(2024, 10, 1),
            planned_end=datetime.date(2025, 5, 1),
            status="active",
        )
        common = {"pair": pair, "program": program, "form": "employer_student", "pair_status": "active"}
        Participant.objects.create(role="mentor", external=guest, **common)
        Participant.objects.create(role="mentee", external=student, **common)

        apps = _migrate(AFTER)
        Program = apps.get_model("mentoring", "MentoringProgram")
        External = apps.get_model("mentoring", "ExternalPerson")
        assert Program.objects.get(pk=program.pk).organisation_id == second.pk
        assert External.objects.get(pk=guest.pk).host_id == second.pk
        assert External.objects.get(pk=student.pk).host_id == second.pk
        assert External.objects.get(pk=idle.pk).host_id == first.pk
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("mentoring"))
