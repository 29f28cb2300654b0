"""The forms on a pair's page (goals, status, meetings, plan, feedback): good input is saved;
bad input shows a Russian error and saves nothing."""

import datetime

import pytest
from django.urls import reverse

from mentoring.models import Feedback, Meeting, Pair, Participant, PlanItem
from tests.mentoring.factories import days_ago, make_pair
from tests.mentoring.helpers import errors_of, iso

pytestmark = pytest.mark.django_db


# --- a pair's goals and status ----------------------------------------------------------


def test_coordinator_edits_the_goals(coordinator_client, others_pair):
    response = coordinator_client.post(
        reverse("mentoring:pair_update", args=[others_pair.pk]),
        {"goals": "Новые цели", "planned_end": iso(others_pair.planned_end)},
    )
    assert response.status_code == 302
    others_pair.refresh_from_db()
    assert others_pair.goals == "Новые цели"


def test_bad_goals_edit_is_not_saved(coordinator_client, others_pair):
    response = coordinator_client.post(
        reverse("mentoring:pair_update", args=[others_pair.pk]),
        {"goals": "Новые цели", "planned_end": iso(others_pair.start - datetime.timedelta(days=1))},
    )
    assert "Плановое окончание не может быть раньше начала." in errors_of(response)
    others_pair.refresh_from_db()
    assert others_pair.goals != "Новые цели"


def test_coordinator_completes_a_pair(coordinator_client, others_pair):
    response = coordinator_client.post(
        reverse("mentoring:pair_status", args=[others_pair.pk]),
        {"status": Pair.Status.COMPLETED, "on": iso(days_ago(0)), "reason": ""},
    )
    assert response.status_code == 302
    others_pair.refresh_from_db()
    assert (others_pair.status, others_pair.actual_end) == (Pair.Status.COMPLETED, days_ago(0))
    assert set(others_pair.participants.values_list("pair_status", flat=True)) == {"completed"}


def test_termination_without_a_reason_is_refused(coordinator_client, others_pair):
    response = coordinator_client.post(
        reverse("mentoring:pair_status", args=[others_pair.pk]),
        {"status": Pair.Status.TERMINATED, "on": iso(days_ago(0)), "reason": " "},
    )
    assert "Укажите причину прекращения работы пары." in errors_of(response)
    others_pair.refresh_from_db()
    assert others_pair.status == Pair.Status.ACTIVE


def test_pair_cannot_end_before_it_started(coordinator_client, others_pair):
    response = coordinator_client.post(
        reverse("mentoring:pair_status", args=[others_pair.pk]),
        {"status": Pair.Status.COMPLETED, "on": iso(others_pair.start - datetime.timedelta(days=3))},
    )
    assert "Пара не может закончиться раньше, чем началась." in errors_of(response)
    others_pair.refresh_from_db()
    assert others_pair.actual_end is None


def test_an_active_pair_cannot_go_back_to_planned(coordinator_client, others_pair):
    response = coordinator_client.post(
        reverse("mentoring:pair_status", args=[others_pair.pk]),
        {"status": Pair.Status.PLANNED, "on": iso(days_ago(0))},
    )
    assert "Выберите корректный вариант" in errors_of(response)
    others_pair.refresh_from_db()
    assert others_pair.status == Pair.Status.ACTIVE


# --- meetings and plan ------------------------------------------------------------------


def meeting_data(**overrides):
    data = {"date": iso(days_ago(1)), "format": "online", "topic": "Разбор занятия", "duration_minutes": "45"}
    return {**data, **overrides}


def test_teacher_mentor_logs_a_meeting(teacher_client, teacher, program):
    pair = make_pair(program=program, mentor=teacher.person, start=days_ago(20))
    response = teacher_client.post(reverse("mentoring:meeting_create", args=[pair.pk]), meeting_data())
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.pair, meeting.logged_by, meeting.topic) == (pair, teacher, "Разбор занятия")


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"date": iso(days_ago(-1))}, "не заранее"),
        ({"date": iso(days_ago(30))}, "не может быть раньше начала работы пары"),
        ({"duration_minutes": "0"}, "от 5 минут до 8 часов"),
        ({"topic": ""}, "Обязательное поле"),
        ({"format": "telepathy"}, "Выберите корректный вариант"),
    ],
)
def test_bad_meeting_is_not_saved(teacher_client, teacher, program, overrides, message):
    pair = make_pair(program=program, mentor=teacher.person, start=days_ago(20))
    response = teacher_client.post(
        reverse("mentoring:meeting_create", args=[pair.pk]), meeting_data(**overrides)
    )
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Meeting.objects.exists()


def test_closed_pair_takes_no_meetings(coordinator_client, others_pair):
    from mentoring import services

    services.pair_set_status(pair=others_pair, status=Pair.Status.COMPLETED)
    response = coordinator_client.post(
        reverse("mentoring:meeting_create", args=[others_pair.pk]), meeting_data()
    )
    assert "Пара закрыта" in errors_of(response)
    assert not Meeting.objects.exists()


def test_teacher_mentor_adds_and_ticks_a_plan_step(teacher_client, teacher, program):
    pair = make_pair(program=program, mentor=teacher.person)
    response = teacher_client.post(
        reverse("mentoring:plan_item_create", args=[pair.pk]),
        {"title": "Открытое занятие", "due_date": "2027-03-01"},
    )
    assert response.status_code == 302
    item = PlanItem.objects.get()
    teacher_client.post(reverse("mentoring:plan_item_toggle", args=[pair.pk, item.pk]))
    item.refresh_from_db()
    assert item.done_on == days_ago(0)
    teacher_client.post(reverse("mentoring:plan_item_toggle", args=[pair.pk, item.pk]))
    item.refresh_from_db()
    assert item.done_on is None


def test_bad_plan_step_is_not_saved(teacher_client, teacher, program):
    pair = make_pair(program=program, mentor=teacher.person)
    response = teacher_client.post(
        reverse("mentoring:plan_item_create", args=[pair.pk]), {"title": "", "due_date": "завтра"}
    )
    assert "Обязательное поле" in errors_of(response)
    assert "Введите правильную дату" in errors_of(response)
    assert not PlanItem.objects.exists()


def test_a_step_of_another_pair_cannot_be_ticked_through_this_one(
    teacher_client, teacher, program, others_pair
):
    from mentoring import services

    pair = make_pair(program=program, mentor=teacher.person)
    foreign = services.plan_item_add(pair=others_pair, title="Чужой шаг", due_date=days_ago(0))
    response = teacher_client.post(reverse("mentoring:plan_item_toggle", args=[pair.pk, foreign.pk]))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.done_on is None


# --- feedback ---------------------------------------------------------------------------


def test_staff_mentee_leaves_feedback_only_as_themselves(teacher_client, teacher, program):
    pair = make_pair(program=program, mentees=[teacher.person])
    own = pair.participants.get(person=teacher.person)
    mentor = pair.participants.get(role=Participant.Role.MENTOR)
    url = reverse("mentoring:feedback_create", args=[pair.pk])
    assert list(teacher_client.get(url).context["form"].fields["participant"].queryset) == [own]
    response = teacher_client.post(url, {"participant": mentor.pk, "kind": "interim", "satisfaction": "2"})
    assert "Выберите корректный вариант" in errors_of(response)
    assert not Feedback.objects.exists()
    response = teacher_client.post(
        url, {"participant": own.pk, "kind": "final", "satisfaction": "9", "comments": "Спасибо!"}
    )
    assert response.status_code == 302
    assert Feedback.objects.get().participant == own


@pytest.mark.parametrize("score", ["0", "11", ""])
def test_feedback_out_of_range_is_not_saved(coordinator_client, others_pair, score):
    participant = others_pair.participants.first()
    response = coordinator_client.post(
        reverse("mentoring:feedback_create", args=[others_pair.pk]),
        {"participant": participant.pk, "kind": "interim", "satisfaction": score},
    )
    assert response.status_code == 200
    assert errors_of(response)
    assert not Feedback.objects.exists()


def test_second_final_feedback_is_refused(coordinator_client, others_pair):
    participant = others_pair.participants.first()
    Feedback.objects.create(participant=participant, kind="final", satisfaction=8)
    response = coordinator_client.post(
        reverse("mentoring:feedback_create", args=[others_pair.pk]),
        {"participant": participant.pk, "kind": "final", "satisfaction": "9"},
    )
    assert "уже оставил итоговую обратную связь" in errors_of(response)
    assert Feedback.objects.count() == 1
