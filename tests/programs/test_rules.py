"""The rules of programs, groups, schedules and applications, in the database and in clean()."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from centre.dates import working_days_before
from centre.models import Consent, Person
from programs.models import Application, Enrolment, Group, Program, ScheduleSlot
from programs.services import (
    application_accept,
    application_reject,
    application_submit,
    application_waitlist,
    application_withdraw,
    enrolment_problem,
    program_publish,
    program_return,
    program_submit_for_review,
)
from tests.programs.factories import CurrentYearFactory, GroupFactory
from tests.programs.helpers import application_data

pytestmark = pytest.mark.django_db


def _slot(group, weekday=1, starts="15:00", ends="16:30", room="group"):
    return ScheduleSlot(
        group=group,
        weekday=weekday,
        starts=datetime.time.fromisoformat(starts),
        ends=datetime.time.fromisoformat(ends),
        room=group.room if room == "group" else room,
    )


def test_the_database_refuses_more_enrolled_than_places():
    group = GroupFactory(places=1)
    Group.objects.filter(pk=group.pk).update(enrolled_count=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.filter(pk=group.pk).update(enrolled_count=F("enrolled_count") + 1)


def test_a_paid_group_needs_a_price():
    group = GroupFactory()
    group.funding = Group.Funding.PAID
    with pytest.raises(ValidationError) as caught:
        group.full_clean()
    assert "price" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        group.save()


def test_a_room_clash_names_the_other_group():
    first = GroupFactory(name="Группа 1")
    other_teacher = Person.objects.create(
        surname="Сидорова", name="Анна", position="Педагог", organisation=first.venue.organisation
    )
    second = GroupFactory(name="Группа 2", teacher=other_teacher, venue=first.venue, room=first.room)
    _slot(first).save()
    clash = _slot(second, starts="16:00", ends="17:30")
    with pytest.raises(ValidationError) as caught:
        clash.full_clean()
    assert "Группа 1" in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


def test_a_teacher_cannot_teach_two_groups_at_once():
    first = GroupFactory(name="Группа 1")
    second = GroupFactory(name="Группа 2", teacher=first.teacher)
    _slot(first).save()
    clash = _slot(second, starts="15:30", ends="16:00", room=None)
    with pytest.raises(ValidationError) as caught:
        clash.full_clean()
    assert "Группа 1" in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


def test_back_to_back_lessons_in_one_room_do_not_clash():
    first = GroupFactory(name="Группа 1")
    _slot(first, starts="15:00", ends="16:30").save()
    _slot(first, starts="16:30", ends="18:00").full_clean()
    _slot(first, weekday=2).full_clean()


def test_a_lesson_must_end_after_it_starts():
    with pytest.raises(ValidationError):
        _slot(GroupFactory(), starts="16:00", ends="15:00").full_clean()


def test_the_childs_age_must_fit_the_group():
    group = GroupFactory(age_min=14, age_max=17)
    with pytest.raises(ValidationError) as caught:
        application_submit(group=group, data=application_data(child_birth_date=datetime.date(2019, 1, 1)))
    assert "14" in str(caught.value) and "17" in str(caught.value)
    assert not Application.objects.exists()


def test_consent_to_processing_is_required_in_the_database():
    group = GroupFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            group=group, consent_text="-", **application_data(consent_processing=False)
        )


def test_one_live_application_per_child_and_group():
    group = GroupFactory()
    application_submit(group=group, data=application_data())
    with pytest.raises(ValidationError):
        application_submit(group=group, data=application_data(child_surname="ИВАНОВ0"))
    assert Application.objects.count() == 1


def test_a_withdrawn_application_allows_a_new_one():
    group = GroupFactory()
    first = application_submit(group=group, data=application_data())
    application_withdraw(application=first)
    application_submit(group=group, data=application_data())
    assert Application.objects.count() == 2


def test_accepting_creates_learner_guardian_consent_and_enrolment(methodist):
    group = GroupFactory()
    application = application_submit(group=group, data=application_data())
    enrolment = application_accept(application=application, by=methodist)
    application.refresh_from_db()
    group.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decided_by == methodist and application.decided_at is not None
    assert enrolment.learner.surname == "Иванов0"
    assert enrolment.learner.guardians.get().phone == "+7 900 000-00-00"
    assert Consent.objects.valid().processing().filter(learner=enrolment.learner).count() == 1
    assert group.enrolled_count == 1


def test_a_full_group_refuses_acceptance_and_offers_the_waiting_list(methodist):
    group = GroupFactory(places=1)
    first = application_submit(group=group, data=application_data(0))
    application_accept(application=first, by=methodist)
    group.refresh_from_db()
    assert "лист ожидания" in enrolment_problem(group)
    second = application_submit(group=group, data=application_data(1))
    assert second.status == Application.Status.WAITING
    with pytest.raises(ValidationError):
        application_accept(application=second, by=methodist)
    assert Enrolment.objects.count() == 1


def test_a_closed_window_is_explained_with_its_date():
    group = GroupFactory(enrol_from=datetime.date(2020, 9, 1), enrol_until=datetime.date(2020, 9, 30))
    assert "30 сентября 2020" in enrolment_problem(group)
    application = application_submit(group=group, data=application_data())
    assert application.status == Application.Status.WAITING


def test_withdrawing_an_enrolled_child_frees_the_place(methodist):
    group = GroupFactory(places=1)
    application = application_submit(group=group, data=application_data())
    application_accept(application=application, by=methodist)
    application_withdraw(application=application)
    group.refresh_from_db()
    assert group.enrolled_count == 0
    assert Enrolment.objects.get().status == Enrolment.Status.LEFT


def test_rejection_needs_a_reason(methodist):
    application = application_submit(group=GroupFactory(), data=application_data())
    with pytest.raises(ValidationError):
        application_reject(application=application, by=methodist, reason="  ")
    application_reject(application=application, by=methodist, reason="Нет медицинской справки")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_a_parent_cannot_decide(parent):
    from django.core.exceptions import PermissionDenied

    application = application_submit(group=GroupFactory(), data=application_data())
    with pytest.raises(PermissionDenied):
        application_waitlist(application=application, by=parent)


def test_overdue_means_no_decision_after_three_working_days():
    group = GroupFactory()
    application = application_submit(group=group, data=application_data())
    friday = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)
    assert working_days_before(friday, 3).date() == datetime.date(2026, 11, 17)
    Application.objects.filter(pk=application.pk).update(
        created_at=datetime.datetime(2026, 11, 16, 12, tzinfo=datetime.UTC)
    )
    assert list(Application.objects.overdue(now=friday)) == [application]
    Application.objects.filter(pk=application.pk).update(
        created_at=datetime.datetime(2026, 11, 18, 12, tzinfo=datetime.UTC)
    )
    assert not Application.objects.overdue(now=friday).exists()


def test_only_a_director_publishes_and_the_approval_is_recorded(methodist, director):
    from django.core.exceptions import PermissionDenied

    from programs.models import Approval

    program = GroupFactory().program
    Program.objects.filter(pk=program.pk).update(status=Program.Status.DRAFT)
    program.refresh_from_db()
    program_submit_for_review(program=program, by=methodist)
    approval = Approval(
        academic_year=CurrentYearFactory(),
        order_number="12-од",
        order_date=datetime.date(2026, 8, 28),
        council_protocol_number="1",
        council_date=datetime.date(2026, 8, 27),
    )
    with pytest.raises(PermissionDenied):
        program_publish(program=program, by=methodist, approval=approval)
    program_publish(program=program, by=director, approval=approval)
    program.refresh_from_db()
    assert program.status == Program.Status.PUBLISHED
    assert program.approvals.get().approved_by == director


def test_returning_a_program_needs_a_comment(methodist, director):
    program = GroupFactory().program
    Program.objects.filter(pk=program.pk).update(status=Program.Status.REVIEW)
    program.refresh_from_db()
    with pytest.raises(ValidationError):
        program_return(program=program, by=director, comment="")
    program_return(program=program, by=director, comment="Уточните планируемые результаты")
    program.refresh_from_db()
    assert program.status == Program.Status.RETURNED
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(review_comment="")


def test_search_finds_robotics_by_a_word_stem():
    GroupFactory(program__title="Робототехника")
    assert list(Program.objects.search("робот").values_list("title", flat=True)) == ["Робототехника"]
    assert not Program.objects.search("хореография").exists()
    assert Program.objects.search("!!! & |").count() == Program.objects.count()
