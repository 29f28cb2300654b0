"""The achievement table and the bank of gifted children, on the page and in XLSX."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from centre.audit import Access
from centre.models import PersonalDataAccess
from projects.models import Competition, Result
from tests.factories import LearnerFactory
from tests.programs.factories import DirectionFactory, GroupFactory, ProgramFactory
from tests.projects.factories import CompetitionFactory, ProjectFactory, ResultFactory, consenting_learner
from tests.projects.helpers import table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def achievements():
    """A regional team win, a national personal prize, a regional participation, a municipal win."""
    captain = LearnerFactory(surname="Капитанов", name="Илья", birth_date=datetime.date(2011, 5, 6))
    mate = LearnerFactory(surname="Напарникова", name="Юля")
    soloist = LearnerFactory(surname="Солистова", name="Ника", school="Гимназия № 3", school_class="6А")
    onlooker = LearnerFactory(surname="Зрителев")
    local = LearnerFactory(surname="Местный")
    robotics = ProjectFactory(title="Робот-сортировщик", learners=[captain, mate])
    arts = ProjectFactory(title="Сказки Алтая", learners=[soloist], format="individual")
    regional = CompetitionFactory(title="РобоАлтай", level=Competition.Level.REGIONAL)
    national = CompetitionFactory(title="Инженеры будущего", level=Competition.Level.NATIONAL)
    municipal = CompetitionFactory(title="Техноосень", level=Competition.Level.MUNICIPAL)
    ResultFactory(competition=regional, project=robotics, outcome=Result.Outcome.WINNER, place=1)
    ResultFactory(competition=national, project=arts, learner=soloist, outcome=Result.Outcome.PRIZE, place=2)
    ResultFactory(
        competition=regional, project=None, learner=onlooker, outcome=Result.Outcome.PARTICIPANT, place=None
    )
    ResultFactory(competition=municipal, project=None, learner=local, outcome=Result.Outcome.WINNER, place=1)
    return {
        "captain": captain,
        "mate": mate,
        "soloist": soloist,
        "onlooker": onlooker,
        "local": local,
        "regional": regional,
        "robotics": robotics,
    }


def test_the_achievement_table_counts_by_level_and_result(methodist_client, achievements):
    html = methodist_client.get(reverse("projects:achievements")).content.decode()
    assert 'data-testid="achievements"' in html
    rows = table_rows(html, "achievements")
    assert rows["Уровень"] == ["Победитель", "Призёр", "Лауреат, дипломант", "Участник", "Всего"]
    assert rows["Региональный"] == ["1", "0", "0", "1", "2"]
    assert rows["Всероссийский"] == ["0", "1", "0", "0", "1"]
    assert rows["Муниципальный"] == ["1", "0", "0", "0", "1"]
    assert rows["Международный"] == ["0", "0", "0", "0", "0"]
    assert rows["Всего"] == ["2", "1", "0", "1", "4"]  # the column totals and the grand total


def test_the_achievement_table_exports_to_xlsx(director_client, achievements):
    year = achievements["regional"].academic_year
    response = director_client.get(reverse("projects:achievements_xlsx"), {"year": year.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert year.label in sheet["A1"].value
    assert [cell.value for cell in sheet[2]] == [
        "Уровень",
        "Победитель",
        "Призёр",
        "Лауреат, дипломант",
        "Участник",
        "Всего",
    ]
    rows = {row[0].value: [cell.value for cell in row[1:]] for row in sheet.iter_rows(min_row=3)}
    assert rows["Региональный"] == [1, 0, 0, 1, 2]
    assert rows["Всероссийский"] == [0, 1, 0, 0, 1]
    assert rows["Муниципальный"] == [1, 0, 0, 0, 1]
    assert rows["Международный"] == [0, 0, 0, 0, 0]
    assert rows["Всего"] == [2, 1, 0, 1, 4]


def test_the_gifted_bank_lists_regional_wins_and_prizes_and_above(methodist_client, achievements):
    html = methodist_client.get(reverse("projects:gifted_bank")).content.decode()
    table = html.split('data-testid="gifted-bank"')[1]
    # a team win credits every member; a national prize its child
    for name in ("Капитанов", "Напарникова", "Солистова"):
        assert name in table
    # participation, and a municipal win, do not count
    assert "Зрителев" not in table and "Местный" not in table
    assert "06.05.2011" in table  # staff see the date of birth here


def test_every_view_of_the_gifted_bank_is_recorded_once(methodist_client, methodist, achievements):
    assert PersonalDataAccess.objects.count() == 0
    methodist_client.get(reverse("projects:gifted_bank"), {"level": "national"})
    view = PersonalDataAccess.objects.get()  # one record of one view
    assert view.user == methodist
    assert (view.action, view.object_type) == (Access.VIEW, "centre.learner")
    assert view.description == "Банк одарённых детей (1): Уровень конкурса: всероссийский"
    methodist_client.get(reverse("projects:gifted_bank_xlsx"))
    export = PersonalDataAccess.objects.get(action=Access.EXPORT)
    assert export.description == "XLSX банка одарённых детей (3)"


def test_refused_visitors_leave_no_view_and_see_nothing(teacher_client, achievements):
    response = teacher_client.get(reverse("projects:gifted_bank"))
    assert response.status_code == 403
    assert "Капитанов" not in response.content.decode()
    assert PersonalDataAccess.objects.count() == 0


def test_the_gifted_bank_filters_by_level_year_and_direction(methodist_client, achievements):
    def names(**params):
        html = methodist_client.get(reverse("projects:gifted_bank"), params).content.decode()
        table = html.split('data-testid="gifted-bank"')[1]
        return {n for n in ("Капитанов", "Напарникова", "Солистова") if n in table}

    assert names(level="regional") == {"Капитанов", "Напарникова"}
    assert names(level="national") == {"Солистова"}
    assert names(year=achievements["regional"].academic_year.pk) == {"Капитанов", "Напарникова", "Солистова"}
    arts = DirectionFactory(slug="arts", name="Художественная")
    assert names(direction=arts.pk) == set()
    group = GroupFactory(program=ProgramFactory(direction=arts))
    achievements["robotics"].club = group.club
    achievements["robotics"].save()
    assert names(direction=arts.pk) == {"Капитанов", "Напарникова"}


def test_the_gifted_bank_exports_to_xlsx(director_client, achievements):
    response = director_client.get(reverse("projects:gifted_bank_xlsx"), {"level": "national"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Фамилия, имя, отчество"
    assert sheet.max_row == 2
    assert sheet["A2"].value.startswith("Солистова Ника")
    assert sheet["C2"].value == "Гимназия № 3"
    assert sheet["E2"].value == "Инженеры будущего"
    assert sheet["F2"].value == "Всероссийский"
    assert sheet["G2"].value == "Призёр"
    assert sheet["H2"].value == 2


def test_gifted_bank_query_count_does_not_grow(methodist_client, achievements, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        methodist_client.get(reverse("projects:gifted_bank"))
    competition = CompetitionFactory(level=Competition.Level.INTERNATIONAL)
    for _ in range(5):
        ResultFactory(
            competition=competition,
            project=ProjectFactory(learners=[consenting_learner(), consenting_learner()]),
        )
    with django_assert_max_num_queries(12):
        response = methodist_client.get(reverse("projects:gifted_bank"))
    assert response.content.decode().count("<tr>") >= 13
