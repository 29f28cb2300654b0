"""Roles on every view: anonymous, parent, teacher (own and others' clubs), methodist, director."""

import pytest
from django.urls import reverse

from centre.roles import Role
from projects.models import ProjectFile, ProjectPhoto
from tests.projects.factories import (
    CompetitionFactory,
    ProjectFactory,
    ResultFactory,
    club_with_teacher,
    consenting_learner,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent", "teacher", "methodist", "director"]


@pytest.fixture
def project(db):
    project = ProjectFactory(learners=[consenting_learner(), consenting_learner()])
    ProjectPhoto.objects.create(project=project, image="projects/photos/x.jpg")
    return project


def expected(role, allowed):
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else 403


PUBLIC = ["projects:showcase"]
EDITOR_PAGES = [
    "projects:staff_projects",
    "projects:project_create",
    "projects:staff_results",
    "projects:competitions",
]
METHODIST_PAGES = ["projects:competition_create"]
REPORT_PAGES = [
    "projects:achievements",
    "projects:achievements_xlsx",
    "projects:gifted_bank",
    "projects:gifted_bank_xlsx",
]


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_public_pages_open_for_everyone(role_client, project):
    assert role_client.get(reverse("projects:showcase")).status_code == 200
    assert role_client.get(reverse("projects:project", args=[project.pk])).status_code == 200


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
@pytest.mark.parametrize("name", EDITOR_PAGES)
def test_editor_pages(role_client, request, name):
    role = request.node.callspec.params["role_client"]
    response = role_client.get(reverse(name))
    assert response.status_code == expected(role, {"teacher", "methodist"})


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
@pytest.mark.parametrize("name", METHODIST_PAGES)
def test_methodist_only_pages(role_client, request, name):
    role = request.node.callspec.params["role_client"]
    assert role_client.get(reverse(name)).status_code == expected(role, {"methodist"})


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
@pytest.mark.parametrize("name", ["projects:competition_edit", "projects:competition_results"])
def test_competition_pages_are_for_methodists(role_client, request, name):
    role = request.node.callspec.params["role_client"]
    competition = CompetitionFactory()
    assert role_client.get(reverse(name, args=[competition.pk])).status_code == expected(role, {"methodist"})


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
@pytest.mark.parametrize("name", ["projects:achievements", "projects:achievements_xlsx"])
def test_achievement_table_is_for_methodists_and_directors(role_client, request, name, project):
    role = request.node.callspec.params["role_client"]
    assert role_client.get(reverse(name)).status_code == expected(role, {"methodist", "director"})


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
@pytest.mark.parametrize("name", ["projects:gifted_bank", "projects:gifted_bank_xlsx"])
def test_gifted_bank_is_for_methodists_and_directors(role_client, request, name):
    role = request.node.callspec.params["role_client"]
    assert role_client.get(reverse(name)).status_code == expected(role, {"methodist", "director"})


PROJECT_PAGES = ["projects:project_edit", "projects:project_results", "projects:project_media"]


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
@pytest.mark.parametrize("name", PROJECT_PAGES)
def test_project_pages_of_another_club(role_client, request, name, project):
    """A teacher who does not teach in the project's club gets 404, like a missing project."""
    role = request.node.callspec.params["role_client"]
    status = role_client.get(reverse(name, args=[project.pk])).status_code
    if role == "teacher":
        assert status == 404
    else:
        assert status == expected(role, {"methodist"})


@pytest.mark.parametrize("name", PROJECT_PAGES)
def test_teacher_opens_projects_of_own_club(client, make_user, name):
    teacher = make_user(Role.TEACHER)
    club = club_with_teacher(teacher.person)
    project = ProjectFactory(club=club, learners=[consenting_learner(), consenting_learner()])
    client.force_login(teacher)
    assert client.get(reverse(name, args=[project.pk])).status_code == 200


def test_teacher_lists_show_only_own_clubs(client, make_user):
    teacher = make_user(Role.TEACHER)
    own = ProjectFactory(club=club_with_teacher(teacher.person), title="Свой проект")
    other = ProjectFactory(title="Чужой проект")
    ResultFactory(project=own)
    ResultFactory(project=other)
    client.force_login(teacher)
    projects_html = client.get(reverse("projects:staff_projects")).content.decode()
    assert "Свой проект" in projects_html and "Чужой проект" not in projects_html
    results_html = client.get(reverse("projects:staff_results")).content.decode()
    assert "Свой проект" in results_html and "Чужой проект" not in results_html


def test_teacher_cannot_post_to_another_clubs_project(client, make_user, project):
    teacher = make_user(Role.TEACHER)
    client.force_login(teacher)
    response = client.post(reverse("projects:project_edit", args=[project.pk]), {"title": "Взлом"})
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.title != "Взлом"


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_private_file_download(role_client, request, project, settings):
    from django.core.files.base import ContentFile

    role = request.node.callspec.params["role_client"]
    item = ProjectFile(project=project, title="Презентация")
    item.file.save("talk.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    response = role_client.get(reverse("projects:file_download", args=[project.pk, item.pk]))
    if role == "teacher":
        assert response.status_code == 404
    else:
        assert response.status_code == expected(role, {"methodist"})


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_diploma_download(role_client, request, project):
    from django.core.files.base import ContentFile

    role = request.node.callspec.params["role_client"]
    result = ResultFactory(project=project)
    result.diploma.save("diploma.pdf", ContentFile(b"%PDF-1.4 diploma"), save=True)
    response = role_client.get(reverse("projects:diploma", args=[result.pk]))
    if role == "teacher":
        assert response.status_code == 404
    else:
        assert response.status_code == expected(role, {"methodist"})
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 diploma"
