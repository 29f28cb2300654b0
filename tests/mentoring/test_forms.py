"""Each form: good input is saved; bad input shows a Russian error and saves nothing."""

import datetime

import pytest
from django.urls import reverse

from centre.models import Consent, Organisation
from mentoring.models import (
    ExternalPerson,
    Feedback,
    Form,
    Meeting,
    MentoringProgram,
    Pair,
    Participant,
    PlanItem,
)
from tests.factories import LearnerFactory, OrganisationFactory, PersonFactory, home_organisation
from tests.mentoring.factories import (
    ExternalPersonFactory,
    days_ago,
    learner_with_consent,
    make_pair,
)

pytestmark = pytest.mark.django_db


def iso(day: datetime.date) -> str:
    return day.isoformat()


def errors_of(response) -> str:
    """Every error message of the page's form, as one string."""
    form = response.context["form"]
    return " ".join(message for messages in form.errors.values() for message in messages)


# --- programs ---------------------------------------------------------------------------


def program_data(**overrides):
    data = {
        "organisation": home_organisation().pk,
        "title": "Наставничество в Кванториуме",
        "start": "2026-09-01",
        "end": "2030-08-31",
        "coordinator": PersonFactory().pk,
        "goals": "Профориентация и адаптация молодых педагогов.",
        "mentoring_forms": [Form.TEACHER_TEACHER, Form.EMPLOYER_PUPIL],
        "status": MentoringProgram.Status.ACTIVE,
    }
    return {**data, **overrides}


def test_coordinator_creates_a_program(coordinator_client):
    response = coordinator_client.post(reverse("mentoring:program_create"), program_data())
    assert response.status_code == 302
    program = MentoringProgram.objects.get()
    assert program.mentoring_forms == [Form.TEACHER_TEACHER, Form.EMPLOYER_PUPIL]
    assert program.end == datetime.date(2030, 8, 31)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"end": "2026-08-01"}, "должна заканчиваться позже"),
        ({"mentoring_forms": []}, "Обязательное поле"),
        ({"title": ""}, "Обязательное поле"),
        ({"mentoring_forms": ["no_such_form"]}, "Выберите корректный вариант"),
    ],
)
def test_bad_program_is_not_saved(coordinator_client, overrides, message):
    response = coordinator_client.post(reverse("mentoring:program_create"), program_data(**overrides))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not MentoringProgram.objects.exists()


def test_methodist_edits_a_program(methodist_client, program):
    response = methodist_client.post(
        reverse("mentoring:program_update", args=[program.pk]),
        program_data(title="Новое название", start=iso(program.start), end=iso(program.end)),
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Новое название"


def test_bad_program_edit_is_not_saved(methodist_client, program):
    response = methodist_client.post(
        reverse("mentoring:program_update", args=[program.pk]),
        program_data(title="Новое", start=iso(program.start), end=iso(program.start)),
    )
    assert "должна заканчиваться позже" in errors_of(response)
    program.refresh_from_db()
    assert program.title != "Новое"


# --- external participants --------------------------------------------------------------


def test_coordinator_adds_an_engineer_of_an_industrial_partner(coordinator_client):
    partner = OrganisationFactory(kind=Organisation.Kind.INDUSTRIAL_PARTNER)
    response = coordinator_client.post(
        reverse("mentoring:external_create"),
        {
            "surname": "Шестаков",
            "name": "Роман",
            "kind": ExternalPerson.Kind.EMPLOYER,
            "organisation": partner.pk,
            "position": "Инженер",
            "host": home_organisation().pk,
        },
    )
    assert response.status_code == 302
    assert ExternalPerson.objects.get().organisation == partner


def test_external_participant_from_a_school_is_refused(coordinator_client):
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL)
    response = coordinator_client.post(
        reverse("mentoring:external_create"),
        {
            "surname": "Шестаков",
            "name": "Роман",
            "kind": "employer",
            "organisation": school.pk,
            "position": "x",
        },
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in errors_of(response)
    assert not ExternalPerson.objects.exists()


# --- pairs ------------------------------------------------------------------------------


def pair_data(program, **overrides):
    data = {
        "program": program.pk,
        "form": Form.TEACHER_TEACHER,
        "start": iso(days_ago(5)),
        "planned_end": iso(days_ago(-200)),
        "status": Pair.Status.ACTIVE,
        "goals": "Адаптация молодого специалиста.",
    }
    return {**data, **overrides}


def test_coordinator_forms_a_teacher_teacher_pair(coordinator_client, program):
    mentor, mentee = PersonFactory(), PersonFactory()
    response = coordinator_client.post(
        reverse("mentoring:pair_create"),
        pair_data(program, mentor_person=mentor.pk, mentee_persons=[mentee.pk]),
    )
    pair = Pair.objects.get()
    assert response["Location"] == pair.get_absolute_url()
    assert pair.mentor_participant().person == mentor
    assert [p.person for p in pair.mentee_participants()] == [mentee]


def test_coordinator_forms_a_small_group_of_an_engineer_and_learners(coordinator_client, program):
    engineer = ExternalPersonFactory()
    learners = [learner_with_consent(), learner_with_consent()]
    response = coordinator_client.post(
        reverse("mentoring:pair_create"),
        pair_data(
            program,
            form=Form.EMPLOYER_PUPIL,
            mentor_external=engineer.pk,
            mentee_learners=[learner.pk for learner in learners],
        ),
    )
    assert response.status_code == 302
    pair = Pair.objects.get()
    assert {p.learner for p in pair.mentee_participants()} == set(learners)


def test_pair_form_lists_children_by_full_name_only(coordinator_client):
    learner = LearnerFactory(surname="Полнова", name="Ирина", school="СОШ № 77")
    html = coordinator_client.get(reverse("mentoring:pair_create")).content.decode()
    assert "Полнова Ирина" in html
    assert "СОШ № 77" not in html
    assert learner.birth_date.strftime("%d.%m.%Y") not in html


def _refused(client, data, message, *, existing=()):
    """The form shows the message and no pair (beyond ``existing``) was written."""
    response = client.post(reverse("mentoring:pair_create"), data)
    assert response.status_code == 200
    assert message in errors_of(response)
    kept = [pair.pk for pair in existing]
    assert not Pair.objects.exclude(pk__in=kept).exists()
    assert not Participant.objects.exclude(pair_id__in=kept).exists()


def test_pair_without_a_mentor_is_refused(coordinator_client, program):
    data = pair_data(program, mentee_persons=[PersonFactory().pk])
    _refused(coordinator_client, data, "Выберите одного наставника")


def test_pair_with_two_mentors_is_refused(coordinator_client, program):
    data = pair_data(
        program,
        mentor_person=PersonFactory().pk,
        mentor_external=ExternalPersonFactory().pk,
        mentee_persons=[PersonFactory().pk],
    )
    _refused(coordinator_client, data, "Выберите одного наставника")


def test_pair_without_mentees_is_refused(coordinator_client, program):
    _refused(
        coordinator_client,
        pair_data(program, mentor_person=PersonFactory().pk),
        "хотя бы одного наставляемого",
    )


def test_mentor_cannot_mentor_themselves(coordinator_client, program):
    person = PersonFactory()
    data = pair_data(program, mentor_person=person.pk, mentee_persons=[person.pk])
    _refused(coordinator_client, data, "Наставник и наставляемые должны быть разными людьми.")


def test_form_that_does_not_fit_is_refused(coordinator_client, program):
    data = pair_data(
        program,
        form=Form.PUPIL_PUPIL,
        mentor_person=PersonFactory().pk,
        mentee_learners=[learner_with_consent().pk],
    )
    _refused(coordinator_client, data, "В форме «ученик – ученик» наставник — обучающийся")


def test_student_cannot_be_the_mentor_of_an_employer_pupil_pair(coordinator_client, program):
    data = pair_data(
        program,
        form=Form.EMPLOYER_PUPIL,
        mentor_external=ExternalPersonFactory(kind=ExternalPerson.Kind.STUDENT).pk,
        mentee_learners=[learner_with_consent().pk],
    )
    _refused(coordinator_client, data, "наставник — представитель работодателя")


def test_child_without_consent_cannot_join_a_pair(coordinator_client, program):
    learner = LearnerFactory(surname="Безсогласия")
    data = pair_data(
        program,
        form=Form.EMPLOYER_PUPIL,
        mentor_external=ExternalPersonFactory().pk,
        mentee_learners=[learner.pk],
    )
    _refused(coordinator_client, data, "нет действующего согласия родителя")


def test_child_with_only_a_publication_consent_cannot_join_a_pair(coordinator_client, program):
    from tests.factories import GuardianFactory, link_guardian

    learner = LearnerFactory()
    link_guardian(GuardianFactory(), learner, consents=(Consent.Kind.PUBLICATION,))
    data = pair_data(
        program,
        form=Form.EMPLOYER_PUPIL,
        mentor_external=ExternalPersonFactory().pk,
        mentee_learners=[learner.pk],
    )
    _refused(coordinator_client, data, "нет действующего согласия родителя")


def test_mentee_with_an_open_pair_in_the_program_is_refused(coordinator_client, program):
    mentee = PersonFactory(surname="Занятова")
    first = make_pair(program=program, mentees=[mentee])
    data = pair_data(program, mentor_person=PersonFactory().pk, mentee_persons=[mentee.pk])
    message = "У «Занятова Иван Петрович» уже есть действующая пара в этой программе."
    _refused(coordinator_client, data, message, existing=[first])


def test_mentor_over_the_limit_is_refused(coordinator_client, program, settings):
    settings.MENTORING_MAX_MENTEES = 2
    mentor = PersonFactory(surname="Загруженный")
    first = make_pair(program=program, mentor=mentor, mentees=[PersonFactory()])
    data = pair_data(
        program, mentor_person=mentor.pk, mentee_persons=[PersonFactory().pk, PersonFactory().pk]
    )
    message = "«Загруженный Иван Петрович» наставляемых в действующих парах: 1; допускается не более 2."
    _refused(coordinator_client, data, message, existing=[first])


def test_pair_ending_before_it_starts_is_refused(coordinator_client, program):
    data = pair_data(
        program,
        planned_end=iso(days_ago(10)),
        mentor_person=PersonFactory().pk,
        mentee_persons=[PersonFactory().pk],
    )
    _refused(coordinator_client, data, "Плановое окончание не может быть раньше начала.")


def test_pair_in_a_form_the_program_does_not_use_is_refused(coordinator_client, program):
    program.mentoring_forms = [Form.PUPIL_PUPIL]
    program.save()
    data = pair_data(program, mentor_person=PersonFactory().pk, mentee_persons=[PersonFactory().pk])
    _refused(coordinator_client, data, "не предусматривает эту форму наставничества")


def test_a_new_pair_cannot_be_completed_already(coordinator_client, program):
    data = pair_data(
        program,
        status=Pair.Status.COMPLETED,
        mentor_person=PersonFactory().pk,
        mentee_persons=[PersonFactory().pk],
    )
    _refused(coordinator_client, data, "Выберите корректный вариант")


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


def test_new_meeting_and_new_pair_forms_start_from_today(coordinator_client, others_pair):
    meeting_form = coordinator_client.get(reverse("mentoring:meeting_create", args=[others_pair.pk])).context[
        "form"
    ]
    assert (meeting_form["date"].value(), meeting_form["duration_minutes"].value()) == (days_ago(0), 45)
    pair_form = coordinator_client.get(reverse("mentoring:pair_create")).context["form"]
    assert pair_form["start"].value() == days_ago(0)


def test_pair_form_lists_no_more_than_the_chooser_limit_and_finds_others_by_name(coordinator_client, program):
    from centre.choosers import LIMIT, SEARCH
    from tests.factories import LearnerFactory as Child

    for index in range(LIMIT + 5):
        Child(surname=f"Аа{index:02d}")
    hidden = learner_with_consent(surname="Яковлева")
    url = reverse("mentoring:pair_create")
    html = coordinator_client.get(url).content.decode()
    assert "Аа00" not in html and "Яковлева" not in html  # too many to list: a search is asked for
    data = pair_data(program, form=Form.EMPLOYER_PUPIL, mentor_external=ExternalPersonFactory().pk)
    response = coordinator_client.post(url, {**data, "mentee_learners_q": "яков", SEARCH: "mentee_learners"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{hidden.pk}"' in html and "Яковлева Анна" in html
    assert "Аа00" not in html
    assert not Pair.objects.exists()  # a search saves nothing
    # the child chosen from the search is posted with the form
    response = coordinator_client.post(url, {**data, "mentee_learners": [hidden.pk]})
    assert response.status_code == 302
    assert Participant.objects.get(learner=hidden).role == Participant.Role.MENTEE
