"""The change history on a pair's page and on a mentoring program's page: who changed what and
when, in Russian, for exactly the roles who may open the page, and no child's data in it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from mentoring import services
from mentoring.models import Form, MentoringProgram
from tests.factories import PersonFactory
from tests.mentoring.factories import days_ago, learner_with_consent, make_pair

pytestmark = pytest.mark.django_db

MANAGERS = ["methodist", "director", "coordinator"]


def history_of_page(html: str) -> str:
    """The history section of a page (it is the last section of the content)."""
    return html[html.index('data-testid="history"') :]


def login(user):
    client = Client()
    client.force_login(user)
    return client


def edit_goals(client, pair, goals):
    response = client.post(
        reverse("mentoring:pair_update", args=[pair.pk]),
        {"goals": goals, "planned_end": pair.planned_end.isoformat()},
    )
    assert response.status_code == 302


@pytest.fixture
def named_methodist(methodist):
    methodist.first_name, methodist.last_name = "Ольга", "Лебедева"
    methodist.save()
    return methodist


def test_editing_a_pair_shows_who_changed_what_and_when_in_russian(named_methodist, director, others_pair):
    edit_goals(login(named_methodist), others_pair, "Освоить проектную деятельность.")
    html = login(director).get(reverse("mentoring:pair_detail", args=[others_pair.pk])).content.decode()
    history = history_of_page(html)
    assert "История изменений" in history
    assert history.count('data-testid="history-entry"') == 2  # formed, then the goals edited
    assert "Ольга Лебедева" in history
    assert "изменение" in history and "создание" in history
    assert "Цели: Адаптация молодого педагога. → Освоить проектную деятельность." in history


def test_a_status_change_is_in_the_history_with_its_date_and_reason(named_methodist, others_pair):
    client = login(named_methodist)
    response = client.post(
        reverse("mentoring:pair_status", args=[others_pair.pk]),
        {"status": "terminated", "on": days_ago(1).isoformat(), "reason": "Наставник уволился."},
    )
    assert response.status_code == 302
    history = history_of_page(
        client.get(reverse("mentoring:pair_detail", args=[others_pair.pk])).content.decode()
    )
    assert "Статус: действует → прекращена" in history
    assert f"Фактическое окончание: — → {days_ago(1):%d.%m.%Y}" in history
    assert "Причина прекращения: — → Наставник уволился." in history


def test_a_pair_formed_outside_a_request_shows_an_unknown_author(methodist_client, others_pair):
    response = methodist_client.get(reverse("mentoring:pair_detail", args=[others_pair.pk]))
    [entry] = response.context["history"]
    assert (entry.who, entry.action, entry.changes) == ("неизвестно", "создание", [])


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 404), *((role, 200) for role in MANAGERS)],
    indirect=["role_client"],
)
def test_only_those_who_may_see_the_pair_see_its_history(role_client, expected, others_pair):
    others_pair.goals = "Цель, видная только тем, кто видит пару."
    others_pair.save()
    response = role_client.get(reverse("mentoring:pair_detail", args=[others_pair.pk]))
    assert response.status_code == expected
    html = response.content.decode()
    if expected == 200:
        assert history_of_page(html).count('data-testid="history-entry"') == 2
    else:
        assert 'data-testid="history"' not in html
        assert "видная только тем" not in html
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("place", ["mentor", "mentee"])
def test_a_teacher_sees_the_history_of_their_own_pair(teacher_client, teacher, program, place):
    people = {"mentor": teacher.person} if place == "mentor" else {"mentees": [teacher.person]}
    pair = make_pair(program=program, **people)
    pair.planned_end += datetime.timedelta(days=30)
    pair.save()
    response = teacher_client.get(reverse("mentoring:pair_detail", args=[pair.pk]))
    assert response.status_code == 200
    assert "Плановое окончание:" in history_of_page(response.content.decode())


def test_the_history_of_a_pair_with_a_child_names_no_child(named_methodist, program):
    learner = learner_with_consent(surname="Тестова", name="Вера")
    pair = make_pair(program=program, form=Form.PUPIL_PUPIL, mentees=[learner])
    client = login(named_methodist)
    edit_goals(client, pair, "Подготовка к олимпиаде.")
    html = client.get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert "Тестова" in html  # the page names the mentee to those who may see the pair
    history = history_of_page(html)
    assert "Подготовка к олимпиаде." in history
    assert "Тестова" not in history and "Вера" not in history
    assert learner.birth_date.strftime("%d.%m.%Y") not in history


def test_after_a_child_is_erased_the_pair_and_its_history_do_not_name_them(named_methodist, program):
    learner = learner_with_consent(surname="Стираемова", name="Нина")
    pair = make_pair(program=program, form=Form.PUPIL_PUPIL, mentees=[learner])
    client = login(named_methodist)
    response = client.post(
        reverse("staff_learner_erase", args=[learner.pk]), {"reason": "Заявление № 1", "confirm": "on"}
    )
    assert response.status_code == 302
    html = client.get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert "Стираемова" not in html
    history = history_of_page(html)
    assert "Статус: действует → прекращена" in history
    assert "Ольга Лебедева" in history


@pytest.mark.parametrize("count", [2, 12])
def test_pair_page_query_count_does_not_grow_with_its_history(
    coordinator_client, coordinator, program, count, django_assert_max_num_queries
):
    pair = make_pair(
        program=program, form=Form.EMPLOYER_PUPIL, mentees=[learner_with_consent()], start=days_ago(60)
    )
    for index in range(count):
        edit_goals(coordinator_client, pair, f"Цель {index}")
        pair.refresh_from_db()
    services.pair_set_status(pair=pair, status="completed", on=days_ago(1))
    # the page's own queries, the INSERT recording the view of the mentee's data, the
    # history: its records with their users in one query, and the user's organisations
    # (issue 13)
    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("mentoring:pair_detail", args=[pair.pk]))
    assert len(response.context["history"]) == count + 2


# --- the mentoring program's page -----------------------------------------------------------


def edit_program(client, program, **change):
    data = {
        "organisation": program.organisation_id,
        "title": program.title,
        "start": program.start.isoformat(),
        "end": program.end.isoformat(),
        "coordinator": program.coordinator_id,
        "goals": program.goals,
        "mentoring_forms": program.mentoring_forms,
        "status": program.status,
        **change,
    }
    response = client.post(reverse("mentoring:program_update", args=[program.pk]), data)
    assert response.status_code == 302


def test_the_program_page_shows_who_changed_the_program(named_methodist, director, program):
    new_coordinator = PersonFactory(surname="Кураторова", name="Анна")
    edit_program(
        login(named_methodist),
        program,
        coordinator=new_coordinator.pk,
        mentoring_forms=[Form.TEACHER_TEACHER, Form.PUPIL_PUPIL],
        status=MentoringProgram.Status.COMPLETED,
    )
    html = login(director).get(reverse("mentoring:program_update", args=[program.pk])).content.decode()
    history = history_of_page(html)
    assert history.count('data-testid="history-entry"') == 2
    assert "Ольга Лебедева" in history
    assert f"Куратор: {program.coordinator.full_name} → {new_coordinator.full_name}" in history
    assert "Формы наставничества:" in history and "→ педагог – педагог, ученик – ученик" in history
    assert "Статус: реализуется → завершена" in history


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), *((role, 200) for role in MANAGERS)],
    indirect=["role_client"],
)
def test_only_managers_see_the_history_of_a_program(role_client, expected, program):
    response = role_client.get(reverse("mentoring:program_update", args=[program.pk]))
    assert response.status_code == expected
    assert ('data-testid="history"' in response.content.decode()) is (expected == 200)


def test_a_program_form_with_errors_keeps_its_history(methodist_client, program):
    url = reverse("mentoring:program_update", args=[program.pk])
    response = methodist_client.post(url, {"title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(response.context["history"]) == 1


def test_a_new_program_page_has_no_history_section(methodist_client):
    response = methodist_client.get(reverse("mentoring:program_create"))
    assert 'data-testid="history"' not in response.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_program_page_query_count_does_not_grow_with_its_history(
    methodist_client, program, count, django_assert_max_num_queries
):
    coordinators = [PersonFactory() for _ in range(count)]
    for coordinator in coordinators:
        edit_program(methodist_client, program, coordinator=coordinator.pk)
        program.refresh_from_db()
    # the page's own queries, the history's records with their users, and one query for the
    # coordinators named in the changes; since issue 13 the user's organisations, the
    # organisation select and the coordinator chooser (its current value and short list)
    with django_assert_max_num_queries(10):
        response = methodist_client.get(reverse("mentoring:program_update", args=[program.pk]))
    assert len(response.context["history"]) == count + 1
