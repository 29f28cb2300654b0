import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from centre.models import AcademicYear, Consent, Organisation
from tests.factories import (
    AcademicYearFactory,
    GuardianFactory,
    LearnerFactory,
    OrganisationFactory,
    link_guardian,
)

pytestmark = pytest.mark.django_db


def test_academic_years_cannot_overlap_in_the_database():
    AcademicYearFactory(label="2024/2025")
    with pytest.raises(IntegrityError), transaction.atomic():
        AcademicYear.objects.create(
            label="2025/2026", start=datetime.date(2025, 8, 1), end=datetime.date(2026, 8, 31)
        )


def test_overlapping_academic_year_gets_a_russian_message_from_full_clean():
    AcademicYearFactory(label="2024/2025")
    year = AcademicYear(label="2025/2026", start=datetime.date(2025, 8, 1), end=datetime.date(2026, 8, 31))
    with pytest.raises(ValidationError) as caught:
        year.full_clean()
    assert "пересекается" in str(caught.value)


def test_only_one_academic_year_is_current():
    AcademicYearFactory(label="2023/2024", is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AcademicYearFactory(label="2024/2025", is_current=True)


@pytest.mark.parametrize("label", ["2025-2026", "2025/2027", "25/26"])
def test_academic_year_label_must_be_two_consecutive_years(label):
    year = AcademicYear(label=label, start=datetime.date(2030, 9, 1), end=datetime.date(2031, 8, 31))
    with pytest.raises(ValidationError) as caught:
        year.full_clean()
    assert "2025/2026" in str(caught.value)


def test_academic_year_must_end_after_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        AcademicYear.objects.create(
            label="2030/2031", start=datetime.date(2031, 9, 1), end=datetime.date(2030, 9, 1)
        )


def test_current_academic_year_is_found():
    AcademicYearFactory(label="2022/2023")
    current = AcademicYearFactory(label="2023/2024", is_current=True)
    assert AcademicYear.objects.current() == current
    assert AcademicYear.objects.containing(datetime.date(2023, 12, 1)) == current


def test_subdivision_needs_a_parent():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Технопарк", kind=Organisation.Kind.SUBDIVISION)
    unit = Organisation(name="Технопарк", kind=Organisation.Kind.SUBDIVISION)
    with pytest.raises(ValidationError) as caught:
        unit.full_clean()
    assert "головную организацию" in str(caught.value)


def test_organisation_cannot_be_its_own_parent():
    centre = OrganisationFactory()
    centre.parent = centre
    with pytest.raises(IntegrityError), transaction.atomic():
        centre.save()


def test_consent_is_separate_per_kind_and_withdrawal_ends_it():
    learner, guardian = LearnerFactory(), GuardianFactory()
    link_guardian(guardian, learner, consents=[Consent.Kind.PROCESSING, Consent.Kind.PUBLICATION])
    assert Consent.objects.valid().publication().filter(learner=learner).exists()
    Consent.objects.filter(learner=learner, kind=Consent.Kind.PUBLICATION).update(withdrawn_at=timezone.now())
    assert not Consent.objects.valid().publication().filter(learner=learner).exists()
    assert Consent.objects.valid().processing().filter(learner=learner).exists()


def test_expired_consent_is_not_valid():
    learner, guardian = LearnerFactory(), GuardianFactory()
    link_guardian(guardian, learner)
    Consent.objects.filter(learner=learner).update(valid_until=datetime.date(2024, 12, 31))
    assert not Consent.objects.valid(on=datetime.date(2025, 1, 1)).exists()
    assert Consent.objects.valid(on=datetime.date(2024, 12, 31)).exists()


def test_only_the_childs_guardian_can_consent():
    learner, stranger = LearnerFactory(), GuardianFactory()
    consent = Consent(guardian=stranger, learner=learner, kind=Consent.Kind.PROCESSING)
    with pytest.raises(ValidationError) as caught:
        consent.full_clean()
    assert "законный представитель" in str(caught.value)


def test_consent_cannot_expire_before_it_is_given():
    learner, guardian = LearnerFactory(), GuardianFactory()
    link_guardian(guardian, learner, consents=[])
    consent = Consent(
        guardian=guardian,
        learner=learner,
        kind=Consent.Kind.PUBLICATION,
        given_on=datetime.date(2025, 9, 1),
        valid_until=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError):
        consent.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        consent.save()


def test_learner_birth_date_cannot_be_in_the_future():
    learner = LearnerFactory.build(birth_date=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        learner.full_clean()
    assert "в будущем" in str(caught.value)


def test_learner_public_name_is_first_name_and_initial():
    learner = LearnerFactory.build(surname="Волков", name="Артём")
    assert learner.public_name == "Артём В."
    assert learner.age_on(datetime.date(2024, 4, 1)) == 10
    assert learner.age_on(datetime.date(2024, 3, 31)) == 9


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("Иванова", "Анна", "Петровна"), "Иванова А. П."),
        (("Иванова", "Анна", ""), "Иванова А."),
        (("Иванова", "", ""), "Иванова"),
    ],
)
def test_a_member_of_staff_is_named_by_surname_and_initials(parts, expected):
    from centre.models import Person
    from centre.models.people import short_name_of

    assert short_name_of(*parts) == expected
    surname, name, patronymic = parts
    assert Person(surname=surname, name=name, patronymic=patronymic).short_name == expected


def test_the_short_name_property_is_the_one_helper(monkeypatch):
    """FullNameMixin.short_name goes through short_name_of (the export and open data use it
    with plain values): one way of naming a teacher."""
    from centre.models import Person, people

    monkeypatch.setattr(people, "short_name_of", lambda surname, name, patronymic="": f"<{surname}>")
    assert Person(surname="Иванова", name="Анна").short_name == "<Иванова>"


def _years_around_today():
    this = timezone.localdate().year - (timezone.localdate().month < 9)
    return [
        AcademicYearFactory(label=f"{first}/{first + 1}") for first in (this - 2, this - 1, this, this + 1)
    ]


def _chosen(years) -> list:
    ids = {row["pk"] for row in AcademicYear.objects.current_and_later()}
    return [year for year in years if year.pk in ids]


def test_the_current_and_later_academic_years():
    older, last, this, following = _years_around_today()
    AcademicYear.objects.filter(pk=last.pk).update(is_current=True)
    # a year marked current is the start, even if the calendar has moved on
    assert _chosen([older, last, this, following]) == [last, this, following]
    AcademicYear.objects.filter(pk=last.pk).update(is_current=False)
    AcademicYear.objects.filter(pk=this.pk).update(is_current=True)
    assert _chosen([older, last, this, following]) == [this, following]


def test_without_a_current_year_the_years_not_yet_over():
    older, last, this, following = _years_around_today()
    AcademicYear.objects.update(is_current=False)
    assert _chosen([older, last, this, following]) == [this, following]


def test_the_current_and_later_years_are_one_query(django_assert_num_queries):
    _years_around_today()
    with django_assert_num_queries(1):
        list(AcademicYear.objects.current_and_later())
