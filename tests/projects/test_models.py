"""Rules in the database (named constraints) and in clean() with Russian messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import Competition, Project, ProjectMember, ProjectType, Result
from tests.factories import OrganisationFactory
from tests.projects.factories import (
    CompetitionFactory,
    ProjectFactory,
    ResultFactory,
    consenting_learner,
)

pytestmark = pytest.mark.django_db


def violates(constraint, action):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        action()


def test_project_types_are_seeded_by_the_migration():
    names = set(ProjectType.objects.values_list("name", flat=True))
    assert {"Исследовательский", "Инженерный", "Творческий", "Социальный", "Информационный"} <= names
    assert "Практико-ориентированный" in names


def test_a_partners_case_needs_the_partner():
    project = ProjectFactory()
    violates(
        "projects_project_case_needs_partner",
        lambda: Project.objects.filter(pk=project.pk).update(partner_case="Кейс без партнёра"),
    )
    project.partner_case = "Кейс без партнёра"
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "партн" in str(error.value.message_dict["partner"])
    project.partner = OrganisationFactory(kind="industrial")
    project.full_clean()


def test_a_child_is_in_a_project_once_and_there_is_one_leader():
    a, b = consenting_learner(), consenting_learner()
    project = ProjectFactory(learners=[a, b])  # a is the leader
    violates(
        "projects_projectmember_unique", lambda: ProjectMember.objects.create(project=project, learner=a)
    )
    violates(
        "projects_projectmember_one_leader",
        lambda: ProjectMember.objects.filter(project=project, learner=b).update(role="leader"),
    )


def test_a_competition_cannot_end_before_it_starts():
    competition = CompetitionFactory()
    violates(
        "projects_competition_ends_after_start",
        lambda: Competition.objects.filter(pk=competition.pk).update(
            ends_on=competition.starts_on - datetime.timedelta(days=1)
        ),
    )


def test_a_competition_takes_its_academic_year_from_its_dates():
    competition = CompetitionFactory()
    assert competition.academic_year.start <= competition.starts_on <= competition.academic_year.end


def test_a_competition_with_no_academic_year_for_its_date_is_refused():
    competition = Competition(
        title="Конкурс",
        level=Competition.Level.REGIONAL,
        organiser="Министерство",
        starts_on=datetime.date(1999, 1, 1),
        ends_on=datetime.date(1999, 1, 2),
    )
    with pytest.raises(ValidationError) as error:
        competition.full_clean()
    assert "учебн" in str(error.value.message_dict["starts_on"])


def test_result_rules_in_the_database():
    result = ResultFactory()
    violates(
        "projects_result_has_project_or_learner",
        lambda: Result.objects.filter(pk=result.pk).update(project=None, learner=None),
    )
    violates(
        "projects_result_winner_first_place", lambda: Result.objects.filter(pk=result.pk).update(place=2)
    )
    violates("projects_result_place_range", lambda: Result.objects.filter(pk=result.pk).update(place=0))
    violates(
        "projects_result_unique_team",
        lambda: Result.objects.create(
            competition=result.competition,
            project=result.project,
            outcome=Result.Outcome.PRIZE,
            date=result.date,
        ),
    )
    learner = consenting_learner()
    Result.objects.create(
        competition=result.competition, learner=learner, outcome=Result.Outcome.PRIZE, date=result.date
    )
    violates(
        "projects_result_unique_learner",
        lambda: Result.objects.create(
            competition=result.competition, learner=learner, outcome=Result.Outcome.WINNER, date=result.date
        ),
    )


def test_result_clean_explains_dates_membership_and_duplicates_in_russian():
    member, outsider = consenting_learner(), consenting_learner()
    project = ProjectFactory(learners=[member])
    existing = ResultFactory(project=project)
    competition = existing.competition
    result = Result(
        competition=competition,
        project=project,
        learner=outsider,
        outcome=Result.Outcome.WINNER,
        place=3,
        date=competition.ends_on + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    messages = error.value.message_dict
    assert "в даты конкурса" in messages["date"][0] or "даты" in messages["date"][0]
    assert "не участвует" in messages["learner"][0]
    assert "перв" in messages["place"][0]
    duplicate = Result(
        competition=competition, project=project, outcome=Result.Outcome.PRIZE, date=competition.starts_on
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "уже" in str(error.value)
