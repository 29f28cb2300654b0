"""factory-boy factories for the core records; each app adds its own module beside it."""

import datetime

import factory
from django.contrib.auth import get_user_model

from centre.models import (
    AcademicYear,
    Consent,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    Person,
    Room,
    Venue,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("test-pass-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Центр детского творчества № {n}")
    kind = Organisation.Kind.CENTRE
    address = "г. Омск"


HOME_ORGANISATION = "Дом детского творчества (тестовый)"


def home_organisation() -> Organisation:
    """The organisation the fixed cast works for and every factory's record belongs to unless
    a test names another: a test of isolation makes its second organisation itself."""
    return Organisation.objects.get_or_create(
        name=HOME_ORGANISATION, defaults={"kind": Organisation.Kind.CENTRE, "address": "г. Омск"}
    )[0]


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    organisation = factory.LazyFunction(home_organisation)
    name = factory.Sequence(lambda n: f"Корпус {n}")
    address = "г. Омск, ул. Примерная, 1"
    district = "Центральный"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Каб. {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    surname = factory.Sequence(lambda n: f"Педагогов{n}")
    name = "Иван"
    patronymic = "Петрович"
    position = "Педагог дополнительного образования"
    organisation = factory.LazyFunction(home_organisation)


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner

    organisation = factory.LazyFunction(home_organisation)
    surname = factory.Sequence(lambda n: f"Ученикова{n}")
    name = "Анна"
    birth_date = datetime.date(2014, 4, 1)
    school = "СОШ № 7"
    school_class = "5А"


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    surname = factory.Sequence(lambda n: f"Родителева{n}")
    name = "Мария"
    phone = factory.Sequence(lambda n: f"+7 (900) 100-{n // 100 % 100:02d}-{n % 100:02d}")


def link_guardian(guardian, learner, *, consents=(Consent.Kind.PROCESSING,), given_on=None):
    """Make the guardian represent the child and give the listed consents."""
    Guardianship.objects.get_or_create(guardian=guardian, learner=learner)
    for kind in consents:
        Consent.objects.create(
            guardian=guardian,
            learner=learner,
            kind=kind,
            given_on=given_on or datetime.date(2024, 9, 1),
        )


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear
        django_get_or_create = ("label",)

    label = factory.Sequence(lambda n: f"{2000 + n}/{2001 + n}")
    start = factory.LazyAttribute(lambda o: datetime.date(int(o.label[:4]), 9, 1))
    end = factory.LazyAttribute(lambda o: datetime.date(int(o.label[:4]) + 1, 8, 31))
