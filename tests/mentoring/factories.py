"""Factories and builders for mentoring tests. Pairs are built through the service, so a
test's data obeys the same rules as the portal's."""

import datetime

import factory
from django.utils import timezone

from centre.models import Consent, Organisation
from mentoring import services
from mentoring.models import FORM_FIT, ExternalPerson, Form, MentoringProgram, Pair, Side
from tests.factories import (
    GuardianFactory,
    LearnerFactory,
    OrganisationFactory,
    PersonFactory,
    home_organisation,
    link_guardian,
)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class ExternalPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalPerson

    surname = factory.Sequence(lambda n: f"Инженеров{n}")
    name = "Олег"
    kind = ExternalPerson.Kind.EMPLOYER
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.INDUSTRIAL_PARTNER)
    position = "Инженер"
    host = factory.LazyFunction(home_organisation)


class StudentFactory(ExternalPersonFactory):
    surname = factory.Sequence(lambda n: f"Студентов{n}")
    kind = ExternalPerson.Kind.STUDENT
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.UNIVERSITY)
    position = "Студент 2 курса"


class MentoringProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringProgram

    organisation = factory.LazyFunction(home_organisation)
    title = factory.Sequence(lambda n: f"Программа наставничества № {n}")
    start = factory.LazyFunction(lambda: days_ago(400))
    end = factory.LazyFunction(lambda: days_ago(400) + datetime.timedelta(days=4 * 365))
    coordinator = factory.SubFactory(PersonFactory)
    goals = "Раскрытие потенциала наставляемых."
    mentoring_forms = factory.LazyFunction(lambda: list(Form.values))
    status = MentoringProgram.Status.ACTIVE


def learner_with_consent(**kwargs):
    """A child whose guardian has given a valid processing consent."""
    learner = LearnerFactory(**kwargs)
    link_guardian(GuardianFactory(), learner, consents=(Consent.Kind.PROCESSING,))
    return learner


def someone(side: str):
    """A new person who fits one side of a form."""
    return {
        Side.STAFF: PersonFactory,
        Side.LEARNER: learner_with_consent,
        Side.STUDENT: StudentFactory,
        Side.EMPLOYER: ExternalPersonFactory,
    }[side]()


def make_pair(
    *,
    program=None,
    form=Form.TEACHER_TEACHER,
    mentor=None,
    mentees=None,
    start=None,
    planned_end=None,
    status=Pair.Status.ACTIVE,
    goals="Адаптация молодого педагога.",
) -> Pair:
    program = program or MentoringProgramFactory()
    mentor_side, mentee_side = FORM_FIT[form]
    mentor = mentor or someone(mentor_side)
    mentees = mentees if mentees is not None else [someone(mentee_side)]
    start = start or days_ago(10)
    return services.pair_create(
        program=program,
        form=form,
        mentor=mentor,
        mentees=mentees,
        start=start,
        planned_end=planned_end or start + datetime.timedelta(days=300),
        goals=goals,
        status=status,
    )
