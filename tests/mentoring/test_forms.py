"""The program, external-participant and new-pair forms: good input is saved; bad input shows
a Russian error and saves nothing (a pair's later forms: test_pair_forms.py)."""

import datetime

import pytest
from django.urls import reverse

from centre.models import Consent, Organisation
from mentoring.models import (
    ExternalPerson,
    Form,
    MentoringProgram,
    Pair,
    Participant,
)
from tests.factories import LearnerFactory, OrganisationFactory, PersonFactory, home_organisation
from tests.mentoring.factories import (
    ExternalPersonFactory,
    days_ago,
    learner_with_consent,
    make_pair,
)
from tests.mentoring.helpers import errors_of, iso

pytestmark = pytest.mark.django_db


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
