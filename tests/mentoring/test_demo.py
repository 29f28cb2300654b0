"""The demo: the city program of seed 003 with pairs of every form, and its figures.

Loading the whole demo takes seconds, so each test checks several facts of one load."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from centre.models import Person
from centre.roles import Role
from mentoring.demo import YOUNG_TEACHER
from mentoring.models import Feedback, Form, MentoringProgram, Pair, Participant
from mentoring.selectors import dashboard
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

MODELS = (MentoringProgram, Pair, Participant, Feedback)


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    with open(tmp_path / "out.txt", "w") as out:
        call_command("load_demo", stdout=out)
    return MentoringProgram.objects.get(title__startswith="Городская программа наставничества")


def test_demo_is_idempotent(demo, tmp_path):
    counts = [model.objects.count() for model in MODELS]
    with open(tmp_path / "again.txt", "w") as out:
        call_command("load_demo", stdout=out)
    assert [model.objects.count() for model in MODELS] == counts


def test_demo_has_the_four_year_program_with_pairs_of_every_form(demo):
    assert (demo.end.year - demo.start.year, demo.status) == (4, MentoringProgram.Status.ACTIVE)
    assert set(demo.pairs.values_list("form", flat=True)) == set(Form.values)
    # the demo teacher mentors a young teacher and is mentored by the deputy director
    teacher = Participant.objects.filter(person__user__username="teacher")
    assert set(teacher.values_list("role", "form")) == {
        ("mentor", Form.TEACHER_TEACHER),
        ("mentee", Form.HEAD_TEACHER),
    }
    # an industrial partner's engineer with a robotics team of three
    robotics = demo.pairs.get(form=Form.EMPLOYER_PUPIL)
    assert robotics.mentor_participant().external.organisation.kind == "industrial"
    assert len(robotics.mentee_participants()) == 3
    # one completed pair, with both sides' final questionnaires
    completed = demo.pairs.get(status=Pair.Status.COMPLETED)
    assert set(
        Feedback.objects.filter(participant__pair=completed).values_list("kind", "participant__role")
    ) == {
        ("final", "mentor"),
        ("final", "mentee"),
    }


def test_demo_dashboard_figures_and_the_teachers_page(demo, client, django_user_model):
    # a methodist of the program's organisation: the dashboard holds their organisations'
    # figures, and names the child mentors in full
    methodist = django_user_model.objects.filter(
        person__organisation=demo.organisation, groups__name=Role.METHODIST
    ).first()
    figures = dashboard(user=methodist, program=demo)
    assert figures["pair_total"] == 8
    assert figures["status_totals"] == [0, 7, 1, 0]  # planned, active, completed, terminated
    assert [pair.mentor_participant().person.surname for pair in figures["stalled"]] == ["Соколова"]
    assert [item.title for item in figures["overdue_items"]] == ["Адаптировать программу для детей с ОВЗ"]
    # interim 9 (the young teacher) and 8 (the demo teacher); final 9 and 8 of the completed pair
    assert figures["satisfaction"]["answers"] == 4
    assert float(figures["satisfaction"]["average"]) == pytest.approx(8.5)
    loads = {load.name.split()[0]: (load.pairs, load.mentees, load.is_full) for load in figures["loads"]}
    assert loads["Шестаков"] == (1, 3, True)
    assert loads["Фёдоров"] == (1, 2, False)
    # the coordinator, who may not read children's personal data, sees the child's public name
    coordinator = django_user_model.objects.get(person=demo.coordinator)
    names = {load.name for load in dashboard(user=coordinator, program=demo)["loads"]}
    assert "Максим Ф." in names and not any("Фёдоров" in name for name in names)
    # staff in active pairs: Киселёв, Осипова, Орлова, Соколова, Ильина
    assert figures["coverage"][0].covered == 5

    client.login(username="teacher", password="demo-2026")
    assert len(client.get(reverse("mentoring:my_pairs")).context["pairs"]) == 2


def test_demo_people_are_the_centres_own_not_a_namesake_elsewhere(settings, tmp_path):
    """A generated organisation may hold a person with the demo young teacher's name; the
    demo must make the centre's own record, not enrol the namesake into its pairs."""
    elsewhere = PersonFactory(
        surname=YOUNG_TEACHER[0],
        name=YOUNG_TEACHER[1],
        patronymic=YOUNG_TEACHER[2],
        organisation=OrganisationFactory(),
    )
    settings.DEBUG = True
    with open(tmp_path / "out.txt", "w") as out:
        call_command("load_demo", stdout=out)
    assert not Participant.objects.filter(person=elsewhere).exists()
    young = Person.objects.exclude(pk=elsewhere.pk).get(surname=YOUNG_TEACHER[0], name=YOUNG_TEACHER[1])
    assert Participant.objects.filter(person=young).exists()
