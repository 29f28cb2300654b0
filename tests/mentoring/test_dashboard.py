"""The coordinator's dashboard, the pair page and the export, from data whose figures we know."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from centre.dates import years_before
from mentoring import services
from mentoring.models import Form, Pair
from mentoring.selectors import dashboard
from tests.factories import PersonFactory
from tests.mentoring.factories import (
    ExternalPersonFactory,
    MentoringProgramFactory,
    days_ago,
    learner_with_consent,
    make_pair,
)

pytestmark = pytest.mark.django_db


def aged(years: int, *, surname: str):
    """A child with a consent who turned ``years`` a month ago."""
    born = years_before(timezone.localdate(), years) - datetime.timedelta(days=30)
    return learner_with_consent(surname=surname, birth_date=born)


@pytest.fixture
def known(coordinator):
    """Four pairs with known figures.

    Staff: the coordinator, A, B, C, F, G — six; A, B, C are in an active pair (50%).
    Learners aged 10+: L1 (12), L3 (15), L4 (11) — three; only L1 is in an active pair
    (33.3%); L2 (9) is too young to count.
    Satisfaction: 9 (mentor L3), 7 (mentee L4), 8 (mentee B): 8.0; mentors 9.0, mentees 7.5.
    """
    program = MentoringProgramFactory(coordinator=coordinator.person)
    a, b, c = PersonFactory(surname="Наставникова"), PersonFactory(), PersonFactory()
    f, g = PersonFactory(surname="Планова"), PersonFactory()
    l1, l2 = aged(12, surname="Первый"), aged(9, surname="Второй")
    l3, l4 = aged(15, surname="Третий"), aged(11, surname="Четвёртый")
    engineer = ExternalPersonFactory(surname="Инженерова")

    stalled = make_pair(program=program, mentor=a, mentees=[b, c], start=days_ago(40))
    services.feedback_leave(participant=stalled.participants.get(person=b), kind="interim", satisfaction=8)

    robotics = make_pair(
        program=program, form=Form.EMPLOYER_PUPIL, mentor=engineer, mentees=[l1, l2], start=days_ago(10)
    )
    services.meeting_log(
        pair=robotics, by=None, date=days_ago(5), format="in_person", topic="Кейс", duration_minutes=90
    )
    services.plan_item_add(pair=robotics, title="Просроченный шаг", due_date=days_ago(3))
    done = services.plan_item_add(pair=robotics, title="Сделанный шаг", due_date=days_ago(4))
    services.plan_item_set_done(item=done, done=True, on=days_ago(4))

    finished = make_pair(program=program, form=Form.PUPIL_PUPIL, mentor=l3, mentees=[l4], start=days_ago(100))
    services.feedback_leave(participant=finished.participants.get(learner=l3), kind="final", satisfaction=9)
    services.feedback_leave(participant=finished.participants.get(learner=l4), kind="final", satisfaction=7)
    services.pair_set_status(pair=finished, status=Pair.Status.COMPLETED, on=days_ago(20))

    planned = make_pair(program=program, mentor=f, mentees=[g], start=days_ago(1), status=Pair.Status.PLANNED)
    return {
        "program": program,
        "stalled": stalled,
        "robotics": robotics,
        "finished": finished,
        "planned": planned,
    }


def test_pairs_are_counted_by_form_and_status(coordinator, known):
    figures = dashboard(user=coordinator)
    rows = {row.form: row.counts for row in figures["form_rows"]}
    assert rows[Form.TEACHER_TEACHER] == {"active": 1, "planned": 1}
    assert rows[Form.EMPLOYER_PUPIL] == {"active": 1}
    assert rows[Form.PUPIL_PUPIL] == {"completed": 1}
    assert rows[Form.HEAD_TEACHER] == {}
    # columns in the order of Pair.Status: planned, active, completed, terminated
    assert figures["status_totals"] == [1, 2, 1, 0]
    assert figures["pair_total"] == 4


def test_stalled_pairs_and_overdue_steps_come_from_the_data(coordinator, known):
    figures = dashboard(user=coordinator)
    assert figures["stalled"] == [known["stalled"]]
    assert [item.title for item in figures["overdue_items"]] == ["Просроченный шаг"]


def test_average_satisfaction(coordinator, known):
    satisfaction = dashboard(user=coordinator)["satisfaction"]
    assert satisfaction["answers"] == 3
    assert float(satisfaction["average"]) == pytest.approx(8.0)
    assert float(satisfaction["mentors"]) == pytest.approx(9.0)
    assert float(satisfaction["mentees"]) == pytest.approx(7.5)


def test_each_mentors_load(coordinator, known):
    loads = [
        (load.name.split()[0], load.pairs, load.mentees) for load in dashboard(user=coordinator)["loads"]
    ]
    assert loads == [("Инженерова", 1, 2), ("Наставникова", 1, 2), ("Планова", 1, 1)]


def test_coverage_of_staff_and_learners_aged_ten_and_over(coordinator, known):
    staff, learners = dashboard(user=coordinator)["coverage"]
    assert (staff.covered, staff.total, staff.percent, staff.meets_target) == (3, 6, 50.0, False)
    assert (learners.covered, learners.total, learners.percent) == (1, 3, 33.3)


def test_coverage_meets_the_target_at_seventy_per_cent(coordinator, known, settings):
    settings.MENTORING_COVERAGE_TARGET = 50
    staff, learners = dashboard(user=coordinator)["coverage"]
    assert staff.meets_target is True
    assert learners.meets_target is False


def test_a_program_filter_narrows_the_pairs(coordinator, known):
    other = make_pair(program=MentoringProgramFactory())
    assert dashboard(user=coordinator)["pair_total"] == 5
    figures = dashboard(user=coordinator, program=known["program"])
    assert figures["pair_total"] == 4
    assert other not in figures["stalled"]


def test_dashboard_page_shows_the_figures(coordinator_client, known):
    response = coordinator_client.get(reverse("mentoring:dashboard"))
    html = response.content.decode()
    assert response.context["pair_total"] == 4
    assert 'data-testid="stalled-pairs"' in html
    assert "Наставникова" in html
    assert "Просроченный шаг" in html
    assert "50,0%" in html
    assert "33,3%" in html


def test_meeting_clears_the_stalled_warning(coordinator_client, known):
    pair = known["stalled"]
    services.meeting_log(
        pair=pair, by=None, date=days_ago(0), format="online", topic="Снова", duration_minutes=30
    )
    html = coordinator_client.get(reverse("mentoring:dashboard")).content.decode()
    assert 'data-testid="stalled-pairs"' not in html
    assert 'data-testid="no-stalled-pairs"' in html


def many_pairs(program, count):
    for _ in range(count):
        pair = make_pair(program=program, form=Form.EMPLOYER_PUPIL, start=days_ago(45))
        services.meeting_log(
            pair=pair, by=None, date=days_ago(40), format="online", topic="Т", duration_minutes=45
        )
        services.plan_item_add(pair=pair, title="Шаг", due_date=days_ago(2))
        services.feedback_leave(participant=pair.participants.first(), kind="interim", satisfaction=7)


@pytest.mark.parametrize("count", [2, 12])
def test_dashboard_query_count_does_not_grow_with_pairs(
    coordinator_client, program, count, django_assert_max_num_queries
):
    many_pairs(program, count)
    with django_assert_max_num_queries(19):  # one of them: the user's organisations (issue 13)
        response = coordinator_client.get(reverse("mentoring:dashboard"))
    assert len(response.context["stalled"]) == count
    assert len(response.context["overdue_items"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_my_pairs_query_count_does_not_grow_with_pairs(
    teacher_client, teacher, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_pair(mentees=[teacher.person])
    with django_assert_max_num_queries(7):
        response = teacher_client.get(reverse("mentoring:my_pairs"))
    assert len(response.context["pairs"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_pair_page_query_count_does_not_grow_with_its_records(
    coordinator_client, program, count, django_assert_max_num_queries
):
    learners = [learner_with_consent() for _ in range(3)]
    pair = make_pair(program=program, form=Form.EMPLOYER_PUPIL, mentees=learners, start=days_ago(60))
    for index in range(count):
        services.meeting_log(
            pair=pair, by=None, date=days_ago(index), format="online", topic=f"Т{index}", duration_minutes=45
        )
        item = services.plan_item_add(pair=pair, title=f"Шаг {index}", due_date=days_ago(index))
        services.plan_item_set_done(item=item, done=index % 2 == 0)
    for participant in pair.participants.all():
        services.feedback_leave(participant=participant, kind="interim", satisfaction=8)
    # 10: one INSERT records the view of the mentees' personal data (issue 8); 11: the change
    # history's records with their users (tests/mentoring/test_history.py); 12: the user's
    # organisations, which the pair is looked up within (issue 13)
    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("mentoring:pair_detail", args=[pair.pk]))
    assert len(response.context["meetings"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_export_query_count_does_not_grow_with_pairs(
    coordinator_client, program, count, django_assert_max_num_queries
):
    many_pairs(program, count)
    with django_assert_max_num_queries(7):  # one of them writes the personal-data access log
        response = coordinator_client.get(reverse("mentoring:export"))
    assert len(list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))) == count


def test_pair_page_shows_plan_progress_and_the_timeline(coordinator_client, known):
    pair = known["robotics"]
    response = coordinator_client.get(reverse("mentoring:pair_detail", args=[pair.pk]))
    html = response.content.decode()
    assert (response.context["plan_done"], response.context["plan_total"]) == (1, 2)
    assert "Выполнено шагов: 1 из 2" in html
    kinds = [event.kind for event in response.context["timeline"]]
    assert kinds == ["plan", "meeting", "start"]  # newest first: done 4 days ago, met 5, began 10
    assert 'data-testid="overdue-warning"' in html
    assert 'data-testid="stalled-warning"' not in html


def test_pair_page_warns_of_a_stalled_pair(coordinator_client, known):
    html = coordinator_client.get(
        reverse("mentoring:pair_detail", args=[known["stalled"].pk])
    ).content.decode()
    assert 'data-testid="stalled-warning"' in html
    assert "Нет встреч 40 дней." in html


def test_completed_pair_shows_its_end_and_final_feedback(coordinator_client, known):
    response = coordinator_client.get(reverse("mentoring:pair_detail", args=[known["finished"].pk]))
    kinds = [event.kind for event in response.context["timeline"]]
    # the questionnaires were recorded today, after the pair ended 20 days ago
    assert kinds == ["feedback", "feedback", "end", "start"]
    assert "Изменить статус" not in response.content.decode()


def test_export_is_an_xlsx_with_one_row_per_pair(methodist_client, known):
    response = methodist_client.get(reverse("mentoring:export"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("№", "Программа", "Форма наставничества", "Наставник", "Наставляемые")
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_id) == {known[key].pk for key in ("stalled", "robotics", "finished", "planned")}
    robotics = by_id[known["robotics"].pk]
    assert robotics["Наставник"].startswith("Инженерова")
    assert "Первый" in robotics["Наставляемые"] and "Второй" in robotics["Наставляемые"]
    assert robotics["Статус"] == "действует"
    assert (robotics["Встречи"], robotics["Выполнено шагов плана"], robotics["Просрочено шагов"]) == (1, 1, 1)
    assert robotics["Последняя встреча"].date() == days_ago(5)
    assert by_id[known["finished"].pk]["Средняя удовлетворённость"] == 8.0
    assert by_id[known["planned"].pk]["Средняя удовлетворённость"] is None


def test_export_names_children_as_the_pages_do_for_a_coordinator(coordinator_client, known):
    """The coordinator may not read children's personal data: the export, like the pair
    pages, names children in the public form (first name, surname initial)."""
    sheet = load_workbook(io.BytesIO(coordinator_client.get(reverse("mentoring:export")).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    robotics = dict(zip(rows[0], next(row for row in rows if row[0] == known["robotics"].pk), strict=True))
    assert robotics["Наставник"].startswith("Инженерова")  # not a child: the full name
    mentees = [participant.learner for participant in known["robotics"].mentee_participants()]
    assert robotics["Наставляемые"] == ", ".join(learner.public_name for learner in mentees)
    text = " ".join(str(cell) for row in rows for cell in row)
    assert "Первый" not in text and "Второй" not in text


def test_export_follows_the_program_filter(coordinator_client, known):
    make_pair(program=MentoringProgramFactory())
    response = coordinator_client.get(reverse("mentoring:export"), {"program": known["program"].pk})
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 1 + 4
