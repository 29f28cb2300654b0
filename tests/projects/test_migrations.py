"""Migration 0003 gives each competition recorded before tenancy an organisation: the one
whose results it holds most (through the projects' clubs, else the children), else the first."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("projects", "0002_project_types")]
AFTER = [("projects", "0003_competition_organisation")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # the core as it is now (children with their organisation), projects at the target
    targets = targets + [
        node for node in executor.loader.graph.leaf_nodes() if node[0] in ("centre", "programs")
    ]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_competitions_take_the_organisation_of_their_results():
    apps = _migrate(BEFORE)
    try:
        Organisation = apps.get_model("centre", "Organisation")
        Person = apps.get_model("centre", "Person")
        Learner = apps.get_model("centre", "Learner")
        AcademicYear = apps.get_model("centre", "AcademicYear")
        Club = apps.get_model("programs", "Club")
        Project = apps.get_model("projects", "Project")
        ProjectType = apps.get_model("projects", "ProjectType")
        Competition = apps.get_model("projects", "Competition")
        Result = apps.get_model("projects", "Result")
        first = Organisation.objects.create(name="Первый центр", kind="centre")
        second = Organisation.objects.create(name="Второй центр", kind="centre")
        third = Organisation.objects.create(name="Третий центр", kind="centre")
        year = AcademicYear.objects.create(
            label="2030/2031", start=datetime.date(2030, 9, 1), end=datetime.date(2031, 8, 31)
        )
        supervisor = Person.objects.create(
            surname="Руководителев", name="Ян", position="-", organisation=second
        )
        club = Club.objects.create(name="Кружок", slug="kruzhok", kind="club", organisation=second)
        kind = ProjectType.objects.create(name="Тип для миграции")
        project = Project.objects.create(
            title="Проект", summary="-", type=kind, supervisor=supervisor, club=club, academic_year=year
        )
        child = Learner.objects.create(
            surname="Ребёнков", name="Ян", birth_date=datetime.date(2015, 1, 1), organisation=third
        )

        def competition(title):
            return Competition.objects.create(
                title=title,
                level="regional",
                organiser="-",
                starts_on=datetime.date(2030, 10, 1),
                ends_on=datetime.date(2030, 10, 2),
                academic_year=year,
            )

        of_projects, of_children, empty = (
            competition("Командный"),
            competition("Личный"),
            competition("Пустой"),
        )
        day = datetime.date(2030, 10, 1)
        Result.objects.create(competition=of_projects, project=project, outcome="winner", date=day)
        Result.objects.create(competition=of_children, learner=child, outcome="prize", date=day)

        apps = _migrate(AFTER)
        Competition = apps.get_model("projects", "Competition")
        assert Competition.objects.get(pk=of_projects.pk).organisation_id == second.pk
        assert Competition.objects.get(pk=of_children.pk).organisation_id == third.pk
        assert Competition.objects.get(pk=empty.pk).organisation_id == min(first.pk, second.pk, third.pk)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("projects"))


def test_gifted_bank_views_end_in_the_personal_data_log_once():
    apps = _migrate([("projects", "0003_competition_organisation")])
    try:
        User = apps.get_model("auth", "User")
        View = apps.get_model("projects", "GiftedBankView")
        Access = apps.get_model("centre", "PersonalDataAccess")
        reader = User.objects.create(username="reader-of-the-bank")
        twinned = View.objects.create(user=reader, format="page", rows=2)
        Access.objects.create(
            user=reader,
            at=twinned.viewed_at,
            action="view",
            object_type="projects.giftedbankview",
            description="Банк одарённых детей (2)",
        )
        alone = View.objects.create(user=reader, format="xlsx", filters={"level": "national"}, rows=3)
        View.objects.filter(pk=alone.pk).update(viewed_at=twinned.viewed_at - datetime.timedelta(days=30))

        apps = _migrate([("projects", "0004_gifted_bank_views_in_the_personal_data_log")])
        Access = apps.get_model("centre", "PersonalDataAccess")
        records = Access.objects.filter(user_id=reader.pk).order_by("at")
        assert [(r.action, r.object_type) for r in records] == [
            ("export", "centre.learner"),
            ("view", "centre.learner"),
        ]
        assert records[0].description == "XLSX банка одарённых детей (3): level: national"
        assert records[1].description == "Банк одарённых детей (2)"
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("projects"))
