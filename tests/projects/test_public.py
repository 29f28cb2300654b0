"""The showcase, a project's page, the club page tag and staff lists: content, filters, query counts."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.programs.factories import DirectionFactory, GroupFactory, ProgramFactory
from tests.projects.factories import CompetitionFactory, ProjectFactory, ResultFactory, consenting_learner

pytestmark = pytest.mark.django_db


def make_projects(count, **kwargs):
    return [
        ProjectFactory(learners=[consenting_learner(), consenting_learner()], **kwargs) for _ in range(count)
    ]


def test_the_showcase_filters_by_direction_club_and_year(client):
    arts = DirectionFactory(slug="arts", name="Художественная")
    arts_club = GroupFactory(program=ProgramFactory(direction=arts)).club
    painting = ProjectFactory(title="Сказки Алтая", club=arts_club, learners=[consenting_learner()])
    robot = ProjectFactory(title="Робот-сортировщик", learners=[consenting_learner()])

    def titles(**params):
        html = client.get(reverse("projects:showcase"), params).content.decode()
        return {t for t in ("Сказки Алтая", "Робот-сортировщик") if t in html}

    assert titles() == {"Сказки Алтая", "Робот-сортировщик"}
    assert titles(direction=arts.pk) == {"Сказки Алтая"}
    assert titles(club=robot.club.pk) == {"Робот-сортировщик"}
    assert titles(year=painting.academic_year.pk) == {"Сказки Алтая", "Робот-сортировщик"}
    other_year = type(painting.academic_year).objects.create(
        label="2001/2002", start="2001-09-01", end="2002-08-31"
    )
    assert titles(year=other_year.pk) == set()


def test_the_showcase_leaves_out_hidden_projects(client):
    ProjectFactory(title="Скрытый по флагу", is_public=False, learners=[consenting_learner()])
    ProjectFactory(title="Скрытый без согласия", learners=[consenting_learner(publication=False)])
    ProjectFactory(title="Открытый проект", learners=[consenting_learner()])
    html = client.get(reverse("projects:showcase")).content.decode()
    assert "Открытый проект" in html
    assert "Скрытый по флагу" not in html and "Скрытый без согласия" not in html


def test_the_project_page_shows_summary_members_and_results(client):
    learner = consenting_learner(surname="Волкова", name="Аня")
    project = ProjectFactory(
        title="Умная теплица", summary="Датчики влажности и автополив.", learners=[learner]
    )
    competition = CompetitionFactory(title="Краевой конкурс «Агроробот»")
    ResultFactory(project=project, competition=competition, learner=learner, outcome="prize", place=2)
    html = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "Датчики влажности и автополив." in html
    assert "Аня В." in html and "Волкова" not in html
    assert "Краевой конкурс «Агроробот»" in html
    assert "Призёр" in html


def test_showcase_query_count_does_not_grow(client, django_assert_max_num_queries):
    make_projects(2)
    with django_assert_max_num_queries(6):
        client.get(reverse("projects:showcase"))
    make_projects(8)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("projects:showcase")).content.decode()
    assert html.count('class="card h-100"') == 10


def test_project_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    project = ProjectFactory(learners=[consenting_learner() for _ in range(2)])
    ResultFactory(project=project)
    with django_assert_max_num_queries(8):
        client.get(reverse("projects:project", args=[project.pk]))
    for _ in range(6):
        learner = consenting_learner()
        project.memberships.create(learner=learner)
        ResultFactory(project=project, learner=learner, competition=CompetitionFactory())
    with django_assert_max_num_queries(8):
        assert client.get(reverse("projects:project", args=[project.pk])).status_code == 200


def test_club_projects_tag_lists_public_projects_in_two_queries(django_assert_num_queries):
    club = GroupFactory().club
    shown = make_projects(3, club=club)
    ProjectFactory(club=club, title="Черновик клуба", is_public=False, learners=[consenting_learner()])
    template = Template("{% load projects_tags %}{% club_projects club %}")
    with django_assert_num_queries(2):
        html = template.render(Context({"club": club}))
    for project in shown:
        assert project.title in html
        assert reverse("projects:project", args=[project.pk]) in html
    assert "Черновик клуба" not in html


def test_club_projects_tag_says_when_there_are_none(django_assert_num_queries):
    club = GroupFactory().club
    ProjectFactory(club=club, title="Черновик клуба", is_public=False, learners=[consenting_learner()])
    with django_assert_num_queries(1):  # no public project: the consent check is not built
        html = Template("{% load projects_tags %}{% club_projects club %}").render(Context({"club": club}))
    assert 'data-testid="club-projects"' in html
    assert "пока нет" in html


def test_staff_project_list_query_count_does_not_grow(methodist_client, django_assert_max_num_queries):
    for project in make_projects(2):
        ResultFactory(project=project)
    with django_assert_max_num_queries(12):
        methodist_client.get(reverse("projects:staff_projects"))
    for project in make_projects(8):
        ResultFactory(project=project)
    with django_assert_max_num_queries(12):
        html = methodist_client.get(reverse("projects:staff_projects")).content.decode()
    assert html.count("/staff/projects/") >= 10


def test_staff_result_list_query_count_does_not_grow(methodist_client, django_assert_max_num_queries):
    ResultFactory()
    with django_assert_max_num_queries(12):
        methodist_client.get(reverse("projects:staff_results"))
    for _ in range(8):
        ResultFactory()
    with django_assert_max_num_queries(12):
        methodist_client.get(reverse("projects:staff_results"))


def test_competition_list_query_count_does_not_grow(methodist_client, django_assert_max_num_queries):
    CompetitionFactory()
    with django_assert_max_num_queries(10):
        methodist_client.get(reverse("projects:competitions"))
    for _ in range(8):
        CompetitionFactory()
    with django_assert_max_num_queries(10):
        methodist_client.get(reverse("projects:competitions"))


def test_staff_lists_filter_by_type_level_and_result(methodist_client):
    engineering, research = make_projects(2)
    engineering.title, research.title = "Инженерный робот", "Исследование реки"
    engineering.save()
    research.type = type(research.type).objects.get(name="Исследовательский")
    research.save()
    ResultFactory(project=engineering, competition=CompetitionFactory(level="national"), outcome="winner")
    ResultFactory(
        project=research, competition=CompetitionFactory(level="municipal"), outcome="participant", place=None
    )

    def titles(url, **params):
        html = methodist_client.get(reverse(url), params).content.decode()
        return {t for t in ("Инженерный робот", "Исследование реки") if t in html}

    assert titles("projects:staff_projects", type=research.type.pk) == {"Исследование реки"}
    assert titles("projects:staff_projects", level="national") == {"Инженерный робот"}
    assert titles("projects:staff_projects", level="national", outcome="participant") == set()
    assert titles("projects:staff_projects", outcome="participant") == {"Исследование реки"}
    assert titles("projects:staff_results", level="municipal") == {"Исследование реки"}
    assert titles("projects:staff_results", outcome="winner") == {"Инженерный робот"}
    assert titles("projects:staff_results", club=engineering.club.pk) == {"Инженерный робот"}


def test_showcase_offers_only_clubs_with_public_projects(client):
    from tests.programs.factories import ClubFactory

    ClubFactory(name="Клуб без проектов")
    project = ProjectFactory(is_public=True, learners=[])
    html = client.get(reverse("projects:showcase")).content.decode()
    assert project.club.name in html
    assert "Клуб без проектов" not in html
