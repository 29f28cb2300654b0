"""factory-boy factories for programs, clubs, groups, schedules and applications.

Directions are data seeded by a migration: DirectionFactory finds them by slug (and only
creates one for a slug the migration does not know). A GroupFactory's club, program, teacher,
venue and room are consistent with each other; pass your own to share them between groups.
"""

import datetime

import factory
from django.utils import timezone

from programs.models import (
    Application,
    Club,
    Direction,
    Group,
    Module,
    Program,
    ScheduleSlot,
)
from programs.services import CONSENT_TEXT
from tests.factories import (
    AcademicYearFactory,
    PersonFactory,
    RoomFactory,
    VenueFactory,
    home_organisation,
)


class DirectionFactory(factory.django.DjangoModelFactory):
    """One of the six seeded directions: "technical", "science", "sport", "arts", "tourism", "social"."""

    class Meta:
        model = Direction
        django_get_or_create = ("slug",)

    slug = "technical"
    name = factory.LazyAttribute(lambda o: {"technical": "Техническая"}.get(o.slug, o.slug.capitalize()))
    position = 0


class CurrentYearFactory(AcademicYearFactory):
    """The academic year marked current (found, not duplicated, when it exists)."""

    class Meta:
        model = AcademicYearFactory._meta.model
        django_get_or_create = ("is_current",)

    is_current = True
    label = factory.LazyFunction(
        lambda: (
            f"{timezone.localdate().year - (timezone.localdate().month < 9)}/"
            f"{timezone.localdate().year - (timezone.localdate().month < 9) + 1}"
        )
    )


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    organisation = factory.LazyFunction(home_organisation)
    title = factory.Sequence(lambda n: f"Робототехника: ступень {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    direction = factory.SubFactory(DirectionFactory)
    announcement = "Собираем и программируем роботов."
    description = "Программа для детей, которые любят технику и хотят сделать свой проект."
    goals = "Развитие технического творчества."
    expected_results = "Ребёнок представляет собственный проект."
    age_min = 7
    age_max = 17
    duration_months = 9
    hours_per_year = 72
    levels = factory.LazyFunction(lambda: ["starter"])
    status = Program.Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Program.Status.DRAFT)
        in_review = factory.Trait(status=Program.Status.REVIEW)
        returned = factory.Trait(
            status=Program.Status.RETURNED, review_comment="Уточните планируемые результаты."
        )


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Модуль {n}")
    kind = Module.Kind.INVARIANT
    hours = 18
    position = factory.Sequence(lambda n: n)


class ClubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Club

    name = factory.Sequence(lambda n: f"Робоквантум {n}")
    slug = factory.Sequence(lambda n: f"club-{n}")
    kind = Club.Kind.QUANTUM
    organisation = factory.LazyFunction(home_organisation)
    description = "Собираем роботов и готовимся к соревнованиям."


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    club = factory.SubFactory(ClubFactory)
    program = factory.SubFactory(ProgramFactory, organisation=factory.SelfAttribute("..club.organisation"))
    academic_year = factory.SubFactory(CurrentYearFactory)
    name = factory.Sequence(lambda n: f"Группа {n}")
    year_of_study = 1
    teacher = factory.SubFactory(PersonFactory)
    venue = factory.SubFactory(VenueFactory, organisation=factory.SelfAttribute("..club.organisation"))
    room = factory.SubFactory(RoomFactory, venue=factory.SelfAttribute("..venue"))
    age_min = 7
    age_max = 17
    places = 12
    enrol_from = None
    enrol_until = None
    funding = Group.Funding.FREE
    price = None

    class Params:
        paid = factory.Trait(funding=Group.Funding.PAID, price=1500)


class ScheduleSlotFactory(factory.django.DjangoModelFactory):
    """A 90-minute lesson in the group's room (save() copies the year and teacher)."""

    class Meta:
        model = ScheduleSlot

    group = factory.SubFactory(GroupFactory)
    weekday = ScheduleSlot.Weekday.MONDAY
    starts = datetime.time(15, 0)
    ends = datetime.time(16, 30)
    room = factory.SelfAttribute("group.room")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A new application of a 10-year-old (on the group year's start) with consent given."""

    class Meta:
        model = Application

    group = factory.SubFactory(GroupFactory)
    child_surname = factory.Sequence(lambda n: f"Заявкин{n}")
    child_name = "Пётр"
    child_birth_date = factory.LazyAttribute(
        lambda o: datetime.date(max(timezone.localdate(), o.group.academic_year.start).year - 10, 1, 15)
    )
    guardian_surname = factory.LazyAttribute(lambda o: f"{o.child_surname}а")
    guardian_name = "Ольга"
    guardian_phone = factory.Sequence(lambda n: f"+7 (913) 200-{n // 100 % 100:02d}-{n % 100:02d}")
    guardian_email = "parent@example.org"
    consent_processing = True
    consent_text = CONSENT_TEXT
    status = Application.Status.NEW


def catalogue_group(*, weekdays=(1, 3), starts=datetime.time(15, 0), **kwargs):
    """A group in the catalogue (current year, published program) with a 90-minute lesson on each
    weekday. Each group gets its own teacher and room, so lessons never clash."""
    group = GroupFactory(**kwargs)
    end = (
        datetime.datetime.combine(datetime.date(2000, 1, 3), starts) + datetime.timedelta(minutes=90)
    ).time()
    for weekday in weekdays:
        ScheduleSlotFactory(group=group, weekday=weekday, starts=starts, ends=end)
    return group


def many_groups(count: int, *, per_club: int = 4):
    """`count` catalogue groups spread over clubs of `per_club` groups each."""
    groups = []
    club = program = venue = None
    for index in range(count):
        if index % per_club == 0:
            club = ClubFactory()
            program = ProgramFactory()
            venue = None
        group = catalogue_group(club=club, program=program, **({"venue": venue} if venue else {}))
        venue = group.venue
        groups.append(group)
    return groups
