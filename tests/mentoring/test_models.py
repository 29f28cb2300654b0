"""Every rule the database holds, and the Russian message clean() gives for it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from centre.models import Consent
from mentoring.models import (
    Feedback,
    Form,
    Meeting,
    Pair,
    Participant,
    PlanItem,
)
from tests.factories import LearnerFactory, PersonFactory
from tests.mentoring.factories import (
    ExternalPersonFactory,
    MentoringProgramFactory,
    days_ago,
    learner_with_consent,
    make_pair,
)

pytestmark = pytest.mark.django_db


def raw_participant(pair, role=Participant.Role.MENTEE, **who):
    """A participant written straight to the database, past the service's checks."""
    return Participant.objects.create(
        pair=pair, role=role, program=pair.program, form=pair.form, pair_status=pair.status, **who
    )


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- programs ---------------------------------------------------------------------------


def test_program_must_end_after_it_starts_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        MentoringProgramFactory(start=datetime.date(2026, 9, 1), end=datetime.date(2026, 9, 1))


def test_program_end_before_start_gets_a_russian_message():
    program = MentoringProgramFactory.build(
        start=datetime.date(2026, 9, 1), end=datetime.date(2025, 9, 1), coordinator=PersonFactory()
    )
    with pytest.raises(ValidationError) as caught:
        program.full_clean()
    assert "должна заканчиваться позже" in messages_of(caught.value)


def test_program_needs_a_form_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        MentoringProgramFactory(mentoring_forms=[])


def test_program_without_forms_gets_a_russian_message():
    program = MentoringProgramFactory.build(mentoring_forms=[], coordinator=PersonFactory())
    with pytest.raises(ValidationError) as caught:
        program.clean()
    assert "хотя бы одну форму" in messages_of(caught.value)


def test_programs_with_one_title_cannot_start_on_one_day():
    first = MentoringProgramFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MentoringProgramFactory(title=first.title, start=first.start)


# --- pairs ------------------------------------------------------------------------------


def test_pair_planned_end_before_start_is_refused_by_the_database():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.filter(pk=pair.pk).update(planned_end=pair.start - datetime.timedelta(days=1))


def test_pair_planned_end_before_start_gets_a_russian_message():
    pair = make_pair()
    pair.planned_end = pair.start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        pair.full_clean()
    assert caught.value.message_dict["planned_end"] == ["Плановое окончание не может быть раньше начала."]


def test_pair_cannot_end_before_it_starts_in_the_database():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.filter(pk=pair.pk).update(
            status=Pair.Status.COMPLETED, actual_end=pair.start - datetime.timedelta(days=1)
        )


def test_completed_pair_needs_an_end_date_in_the_database():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.COMPLETED)


def test_open_pair_has_no_end_date_in_the_database():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.filter(pk=pair.pk).update(actual_end=timezone.localdate())


def test_completed_pair_without_end_date_gets_a_russian_message():
    pair = make_pair()
    pair.status = Pair.Status.COMPLETED
    with pytest.raises(ValidationError) as caught:
        pair.clean()
    assert caught.value.message_dict["actual_end"] == ["Укажите день окончания работы пары."]


def test_terminated_pair_needs_a_reason_in_the_database():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.TERMINATED, actual_end=timezone.localdate())


def test_terminated_pair_without_reason_gets_a_russian_message():
    pair = make_pair()
    pair.status, pair.actual_end, pair.termination_reason = Pair.Status.TERMINATED, timezone.localdate(), "  "
    with pytest.raises(ValidationError) as caught:
        pair.clean()
    assert caught.value.message_dict["termination_reason"] == ["Укажите причину прекращения работы пары."]


def test_pair_form_must_be_one_the_program_uses():
    program = MentoringProgramFactory(mentoring_forms=[Form.TEACHER_TEACHER])
    pair = Pair(program=program, form=Form.PUPIL_PUPIL, goals="x", start=days_ago(1), planned_end=days_ago(0))
    with pytest.raises(ValidationError) as caught:
        pair.clean()
    assert "не предусматривает эту форму" in caught.value.message_dict["form"][0]


def test_pair_must_start_within_the_program():
    program = MentoringProgramFactory()
    start = program.start - datetime.timedelta(days=1)
    pair = Pair(program=program, form=Form.TEACHER_TEACHER, goals="x", start=start, planned_end=program.end)
    with pytest.raises(ValidationError) as caught:
        pair.clean()
    assert caught.value.message_dict["start"] == ["Пара должна начать работу в сроки программы."]


# --- participants -----------------------------------------------------------------------


def test_participant_cannot_be_two_people_at_once_in_the_database():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_participant(pair, person=PersonFactory(), learner=learner_with_consent())


def test_participant_must_be_someone_in_the_database():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_participant(pair)


def test_participant_who_is_two_people_gets_a_russian_message():
    pair = make_pair()
    participant = Participant(pair=pair, role="mentee", person=PersonFactory(), learner=LearnerFactory())
    with pytest.raises(ValidationError) as caught:
        participant.clean()
    assert "ровно одно из трёх" in messages_of(caught.value)


def test_pair_has_one_mentor_in_the_database():
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_participant(pair, role=Participant.Role.MENTOR, person=PersonFactory())


def test_mentor_cannot_be_their_own_mentee_in_the_database():
    mentor = PersonFactory()
    pair = make_pair(mentor=mentor)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_participant(pair, person=mentor)


def test_mentor_as_own_mentee_gets_a_russian_message_from_full_clean():
    mentor = PersonFactory()
    pair = make_pair(mentor=mentor)
    participant = Participant(
        pair=pair, role="mentee", person=mentor, program=pair.program, form=pair.form, pair_status=pair.status
    )
    with pytest.raises(ValidationError) as caught:
        participant.full_clean()
    assert "Наставник и наставляемые должны быть разными людьми." in messages_of(caught.value)


def test_mentee_has_one_open_pair_per_program_in_the_database():
    learner = learner_with_consent()
    first = make_pair(form=Form.PUPIL_PUPIL, mentor=learner_with_consent(), mentees=[learner])
    second = make_pair(program=first.program, form=Form.PUPIL_PUPIL, mentor=learner_with_consent())
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_participant(second, learner=learner)


def test_mentee_of_a_closed_pair_may_join_a_new_one_in_the_same_program():
    learner = learner_with_consent()
    first = make_pair(form=Form.PUPIL_PUPIL, mentor=learner_with_consent(), mentees=[learner])
    Pair.objects.filter(pk=first.pk).update(status=Pair.Status.COMPLETED, actual_end=timezone.localdate())
    second = make_pair(program=first.program, form=Form.PUPIL_PUPIL, mentor=learner_with_consent())
    raw_participant(second, learner=learner)
    assert Participant.objects.filter(learner=learner).count() == 2


def test_mentee_in_another_program_is_allowed():
    person = PersonFactory()
    make_pair(mentees=[person])
    make_pair(mentees=[person])
    assert Participant.objects.filter(person=person).count() == 2


def test_form_must_fit_the_participants_in_the_database():
    pair = make_pair(form=Form.PUPIL_PUPIL, mentor=learner_with_consent(), mentees=[learner_with_consent()])
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_participant(pair, person=PersonFactory())


def test_changing_a_pairs_form_to_one_that_does_not_fit_is_refused_by_the_database():
    pair = make_pair(form=Form.TEACHER_TEACHER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.filter(pk=pair.pk).update(form=Form.PUPIL_PUPIL)


@pytest.mark.parametrize(
    "form, role, who, expected",
    [
        (Form.PUPIL_PUPIL, "mentee", "person", "наставляемый — обучающийся"),
        (Form.TEACHER_TEACHER, "mentor", "learner", "наставник — сотрудник"),
        (Form.STUDENT_PUPIL, "mentor", "employer", "наставник — студент вуза или колледжа"),
        (Form.EMPLOYER_PUPIL, "mentor", "student", "наставник — представитель работодателя"),
        (Form.EMPLOYER_STUDENT, "mentee", "learner", "наставляемый — студент вуза или колледжа"),
    ],
)
def test_participant_who_does_not_fit_the_form_gets_a_russian_message(form, role, who, expected):
    build = {
        "person": lambda: {"person": PersonFactory()},
        "learner": lambda: {"learner": learner_with_consent()},
        "employer": lambda: {"external": ExternalPersonFactory()},
        "student": lambda: {"external": ExternalPersonFactory(kind="student")},
    }[who]
    participant = Participant(role=role, form=form, **build())
    with pytest.raises(ValidationError) as caught:
        participant.clean()
    assert expected in messages_of(caught.value)


def test_learner_without_processing_consent_gets_a_russian_message():
    learner = LearnerFactory(surname="Беззгласова")
    participant = Participant(role="mentee", form=Form.PUPIL_PUPIL, learner=learner)
    with pytest.raises(ValidationError) as caught:
        participant.clean()
    assert "нет действующего согласия" in messages_of(caught.value)
    assert "Беззгласова" in messages_of(caught.value)


def test_withdrawn_consent_does_not_count():
    learner = learner_with_consent()
    Consent.objects.filter(learner=learner).update(withdrawn_at=timezone.now())
    participant = Participant(role="mentee", form=Form.PUPIL_PUPIL, learner=learner)
    assert participant.learner_has_consent() is False


def test_participant_copies_must_match_the_pair_in_the_database():
    pair = make_pair()
    other = MentoringProgramFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(
            pair=pair,
            role="mentee",
            person=PersonFactory(),
            program=other,
            form=pair.form,
            pair_status=pair.status,
        )


def test_a_change_of_status_cascades_to_the_participants():
    pair = make_pair()
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.COMPLETED, actual_end=timezone.localdate())
    assert set(Participant.objects.filter(pair=pair).values_list("pair_status", flat=True)) == {"completed"}


# --- meetings, plan, feedback -----------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, 4, 481])
def test_meeting_duration_is_refused_out_of_range_by_the_database(minutes):
    pair = make_pair()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(pair=pair, date=days_ago(1), topic="Встреча", duration_minutes=minutes)


def test_meeting_duration_out_of_range_gets_a_russian_message():
    meeting = Meeting(pair=make_pair(), date=days_ago(1), topic="Встреча", duration_minutes=600)
    with pytest.raises(ValidationError) as caught:
        meeting.clean()
    assert caught.value.message_dict["duration_minutes"] == ["Встреча длится от 5 минут до 8 часов."]


def test_meeting_cannot_be_logged_in_advance():
    meeting = Meeting(pair=make_pair(), date=days_ago(-1), topic="Встреча", duration_minutes=45)
    with pytest.raises(ValidationError) as caught:
        meeting.clean()
    assert "не заранее" in caught.value.message_dict["date"][0]


def test_meeting_cannot_be_before_the_pair_starts():
    pair = make_pair(start=days_ago(5))
    meeting = Meeting(pair=pair, date=days_ago(6), topic="Встреча", duration_minutes=45)
    with pytest.raises(ValidationError) as caught:
        meeting.clean()
    assert caught.value.message_dict["date"] == ["Встреча не может быть раньше начала работы пары."]


@pytest.mark.parametrize("score", [0, 11])
def test_satisfaction_is_refused_out_of_range_by_the_database(score):
    participant = make_pair().participants.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(participant=participant, satisfaction=score)


def test_satisfaction_out_of_range_gets_a_russian_message():
    feedback = Feedback(participant=make_pair().participants.first(), satisfaction=11)
    with pytest.raises(ValidationError) as caught:
        feedback.clean()
    assert caught.value.message_dict["satisfaction"] == ["Оцените удовлетворённость от 1 до 10."]


def test_one_final_feedback_per_participant_in_the_database():
    participant = make_pair().participants.first()
    Feedback.objects.create(participant=participant, kind="final", satisfaction=8)
    Feedback.objects.create(participant=participant, kind="interim", satisfaction=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(participant=participant, kind="final", satisfaction=9)


def test_plan_step_cannot_be_done_in_the_future():
    item = PlanItem(pair=make_pair(), title="Шаг", due_date=days_ago(0), done_on=days_ago(-1))
    with pytest.raises(ValidationError) as caught:
        item.clean()
    assert caught.value.message_dict["done_on"] == ["Шаг не может быть выполнен в будущем."]


def test_stalled_pairs_are_active_pairs_quiet_for_the_configured_days(settings):
    settings.MENTORING_STALLED_DAYS = 30
    quiet = make_pair(start=days_ago(40))
    fresh = make_pair(start=days_ago(20))
    met = make_pair(start=days_ago(60))
    Meeting.objects.create(pair=met, date=days_ago(29), topic="Встреча", duration_minutes=45)
    planned = make_pair(start=days_ago(40), status=Pair.Status.PLANNED)
    stalled = set(Pair.objects.stalled())
    assert stalled == {quiet}
    assert {fresh, met, planned}.isdisjoint(stalled)
    settings.MENTORING_STALLED_DAYS = 20
    assert set(Pair.objects.stalled()) == {quiet, fresh, met}
