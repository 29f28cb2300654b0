"""The services: the mentor's limit under concurrency, status changes, consent, counts."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from mentoring import services
from mentoring.models import Form, MentoringProgram, Pair, Participant
from tests.factories import PersonFactory
from tests.mentoring.factories import (
    ExternalPersonFactory,
    MentoringProgramFactory,
    days_ago,
    learner_with_consent,
    make_pair,
)


@pytest.mark.django_db
def test_limit_is_read_from_settings(settings):
    mentor = PersonFactory()
    settings.MENTORING_MAX_MENTEES = 1
    make_pair(mentor=mentor)
    with pytest.raises(ValidationError):
        make_pair(mentor=mentor)
    settings.MENTORING_MAX_MENTEES = 2
    make_pair(mentor=mentor)
    assert services.open_mentee_count(mentor) == 2


@pytest.mark.django_db
def test_default_limit_is_three_across_programs():
    engineer = ExternalPersonFactory()
    make_pair(
        form=Form.EMPLOYER_PUPIL, mentor=engineer, mentees=[learner_with_consent(), learner_with_consent()]
    )
    make_pair(form=Form.EMPLOYER_PUPIL, mentor=engineer)
    with pytest.raises(ValidationError) as caught:
        make_pair(form=Form.EMPLOYER_PUPIL, mentor=engineer)
    assert "допускается не более 3" in caught.value.messages[0]


@pytest.mark.django_db
def test_closed_pairs_free_the_mentors_places():
    mentor = PersonFactory()
    pairs = [make_pair(mentor=mentor) for _ in range(3)]
    services.pair_set_status(pair=pairs[0], status=Pair.Status.COMPLETED)
    make_pair(mentor=mentor)
    assert services.open_mentee_count(mentor) == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_at_once_cannot_push_a_mentor_over_the_limit(settings):
    """Two requests add a mentee to one mentor at the same moment; the row lock lets one in."""
    settings.MENTORING_MAX_MENTEES = 1
    program = MentoringProgramFactory()
    mentor = PersonFactory()
    mentees = [PersonFactory(), PersonFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def form_pair(mentee):
        try:
            barrier.wait()
            make_pair(program=program, mentor=mentor, mentees=[mentee])
            outcomes.append("formed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=form_pair, args=(mentee,)) for mentee in mentees]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["formed", "refused"]
    assert Participant.objects.mentees().filter(pair__participants__person=mentor).count() == 1


@pytest.mark.django_db
def test_a_learner_mentor_also_needs_a_consent():
    from tests.factories import LearnerFactory

    with pytest.raises(ValidationError) as caught:
        make_pair(form=Form.PUPIL_PUPIL, mentor=LearnerFactory(surname="Старшеклассников"))
    assert "Старшеклассников" in caught.value.messages[0]
    assert not Pair.objects.exists()


@pytest.mark.django_db
def test_completed_program_takes_no_new_pairs():
    program = MentoringProgramFactory(status=MentoringProgram.Status.COMPLETED)
    with pytest.raises(ValidationError) as caught:
        make_pair(program=program)
    assert caught.value.message_dict["program"] == ["Программа завершена: новые пары в неё не добавляются."]


@pytest.mark.django_db
def test_a_new_pair_is_planned_or_active():
    with pytest.raises(ValidationError):
        make_pair(status=Pair.Status.COMPLETED)
    assert not Pair.objects.exists()


@pytest.mark.django_db
def test_a_mentee_appears_once_in_a_new_group():
    mentee = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        make_pair(mentees=[mentee, mentee])
    assert caught.value.messages == ["Наставник и наставляемые должны быть разными людьми."]


@pytest.mark.django_db
def test_planned_pair_starts_then_completes():
    pair = make_pair(status=Pair.Status.PLANNED)
    services.pair_set_status(pair=pair, status=Pair.Status.ACTIVE)
    pair = services.pair_set_status(pair=pair, status=Pair.Status.COMPLETED, on=days_ago(0))
    assert pair.actual_end == days_ago(0)
    assert set(Participant.objects.filter(pair=pair).values_list("pair_status", flat=True)) == {"completed"}


@pytest.mark.django_db
def test_terminated_pair_keeps_its_reason():
    pair = services.pair_set_status(pair=make_pair(), status=Pair.Status.TERMINATED, reason=" Переезд ")
    pair.refresh_from_db()
    assert (pair.status, pair.termination_reason) == (Pair.Status.TERMINATED, "Переезд")


@pytest.mark.django_db
def test_a_closed_pair_cannot_reopen():
    pair = services.pair_set_status(pair=make_pair(), status=Pair.Status.COMPLETED)
    with pytest.raises(ValidationError) as caught:
        services.pair_set_status(pair=pair, status=Pair.Status.ACTIVE)
    assert "нельзя перевести" in caught.value.message_dict["status"][0]
