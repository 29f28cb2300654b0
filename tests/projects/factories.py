"""Factories for projects, competitions and results. A ProjectFactory's club has a group
(so the club has a direction and a teacher); its year is the current academic year."""

import datetime

import factory

from centre.models import Consent
from projects.models import Competition, Project, ProjectMember, ProjectType, Result
from tests.factories import GuardianFactory, LearnerFactory, PersonFactory, home_organisation, link_guardian
from tests.programs.factories import CurrentYearFactory, GroupFactory


def project_type(name="Инженерный"):
    return ProjectType.objects.get_or_create(name=name)[0]


def club_with_teacher(teacher=None, **group_kwargs):
    """A club where `teacher` (a Person) teaches a group."""
    group = GroupFactory(**({"teacher": teacher} if teacher else {}), **group_kwargs)
    return group.club


def consenting_learner(*, publication=True, **kwargs):
    """A child whose guardian gave processing and (by default) publication consent."""
    learner = LearnerFactory(**kwargs)
    kinds = [Consent.Kind.PROCESSING] + ([Consent.Kind.PUBLICATION] if publication else [])
    link_guardian(GuardianFactory(), learner, consents=kinds)
    return learner


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Робот-сортировщик {n}")
    summary = "Робот на гусеницах развозит детали по ячейкам склада."
    type = factory.LazyFunction(project_type)
    format = Project.Format.GROUP
    supervisor = factory.SubFactory(PersonFactory)
    club = factory.LazyFunction(lambda: GroupFactory().club)
    academic_year = factory.SubFactory(CurrentYearFactory)
    stage = Project.Stage.COMPLETED
    is_public = True

    @factory.post_generation
    def learners(self, create, extracted, **kwargs):
        for index, learner in enumerate(extracted or []):
            ProjectMember.objects.create(
                project=self,
                learner=learner,
                role=ProjectMember.Role.LEADER if index == 0 else ProjectMember.Role.MEMBER,
            )


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition

    organisation = factory.LazyFunction(home_organisation)
    title = factory.Sequence(lambda n: f"Краевые соревнования по робототехнике № {n}")
    kind = Competition.Kind.TOURNAMENT
    level = Competition.Level.REGIONAL
    organiser = "Краевой центр детского технического творчества"
    starts_on = factory.LazyFunction(lambda: CurrentYearFactory().start + datetime.timedelta(days=40))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=2))


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    competition = factory.SubFactory(CompetitionFactory)
    project = factory.SubFactory(ProjectFactory)
    learner = None
    outcome = Result.Outcome.WINNER
    place = 1
    date = factory.LazyAttribute(lambda o: o.competition.starts_on)
