"""The services' last line: a write that races past the form's checks breaks a named
constraint, and the editor reads that constraint's sentence, not a database error."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects import services
from projects.forms import ResultRowsFormSet
from projects.models import Competition, ProjectMember, Result
from tests.projects.factories import CompetitionFactory, ProjectFactory, ResultFactory, consenting_learner
from tests.projects.helpers import result_data, row

pytestmark = pytest.mark.django_db


class Racing:
    """A formset whose save meets a row another editor saved meanwhile."""

    def __init__(self, write):
        self.write = write

    def save(self):
        return self.write()


def test_a_result_saved_twice_is_explained_by_its_constraint():
    result = ResultFactory()
    duplicate = Racing(
        lambda: Result.objects.create(
            competition=result.competition,
            project=result.project,
            outcome=Result.Outcome.PRIZE,
            date=result.date,
        )
    )
    with pytest.raises(ValidationError) as caught:
        services.results_save(formset=duplicate)
    assert caught.value.messages == ["У этого проекта уже есть результат на этом конкурсе."]
    assert Result.objects.count() == 1


class Saved:
    """A valid project form: its save(commit=False) gives the project."""

    def __init__(self, project):
        self.instance = project

    def save(self, commit=True):
        return self.instance


def test_a_second_leader_saved_meanwhile_is_explained_by_its_constraint(methodist):
    first, second = consenting_learner(), consenting_learner()
    project = ProjectFactory(learners=[first, second])
    project.memberships.update(role=ProjectMember.Role.MEMBER)
    ProjectMember.objects.filter(project=project, learner=first).update(role=ProjectMember.Role.LEADER)
    leaders = Racing(
        lambda: ProjectMember.objects.filter(project=project, learner=second).update(
            role=ProjectMember.Role.LEADER
        )
    )
    with pytest.raises(ValidationError) as caught:
        services.project_save(form=Saved(project), members=leaders, user=methodist)
    assert caught.value.messages == ["У проекта может быть только один руководитель команды."]
    assert project.memberships.filter(role=ProjectMember.Role.LEADER).count() == 1


def test_a_competition_recorded_twice_meanwhile_is_explained_by_its_constraint():
    competition = CompetitionFactory()
    again = Racing(
        lambda: CompetitionFactory(
            organisation=competition.organisation, title=competition.title, starts_on=competition.starts_on
        )
    )
    with pytest.raises(ValidationError) as caught:
        services.competition_save(form=again)
    assert caught.value.messages == ["Этот конкурс с такими датами уже внесён."]
    assert Competition.objects.count() == 1


def test_the_results_page_shows_a_race_lost_on_saving_and_keeps_the_rows(methodist_client, monkeypatch):
    project = ProjectFactory(learners=[consenting_learner(), consenting_learner()])
    competition = CompetitionFactory()
    # another editor's result, saved after this page's checks ran
    ResultFactory(project=project, competition=competition, learner=None, outcome="prize", place=2)
    monkeypatch.setattr(ResultRowsFormSet, "clean", lambda formset: None)
    response = methodist_client.post(
        reverse("projects:project_results", args=[project.pk]),
        result_data([row(competition, nomination="")]),
    )
    assert response.status_code == 200
    errors = response.content.decode().split('data-testid="formset-errors"')[1].split("</div></div>")[0]
    assert "У этого проекта уже есть результат на этом конкурсе." in errors
    assert Result.objects.count() == 1
