"""The generated children, one guardian each, the guardianship and the consents, made at an
area's request for the groups it fills (programs/generate)."""

import datetime
from collections.abc import Sequence
from typing import NamedTuple

from centre.generate.generator import Generator, table_row
from centre.models import Consent, Guardian, Guardianship, Learner, Sex

# children recorded with disabilities (ОВЗ) outside the adapted clubs, where every child has them
DISABLED_SHARE = 0.03


class Children(NamedTuple):
    """A run of children made alike: `count` of them aged age_min to age_max, records of the
    organisation of index `organisation` (gen.data["organisations"]); `adapted`: with
    disabilities (ОВЗ), all of them."""

    count: int
    age_min: int
    age_max: int
    organisation: int
    adapted: bool = False


def generate_children(gen: Generator, runs: Sequence[Children]) -> range:
    """Children, one guardian each, the guardianship and consents (processing for all,
    publication for about half), run by run in the order given: each child is a record of its
    run's organisation, and so is the guardian (centre.models, "Learner"). Returns their ids."""
    count = sum(run.count for run in runs)
    learners = _learners(gen, runs, count)
    guardians = _guardians(gen, runs, count)
    _guardianships(gen, guardians, learners)
    _consents(gen, guardians, learners)
    return learners


def _learners(gen: Generator, runs: Sequence[Children], count: int) -> range:
    first = gen.reserve(Learner, count)
    rng = gen.rng
    organisations, schools = gen.data["organisations"], gen.data["territory"].schools
    Row = table_row(Learner)

    def rows():
        i = 0
        for run in runs:
            organisation = organisations[run.organisation]
            school = (
                f"Школа-гимназия № {run.organisation - schools.start + 1}"
                if run.organisation in schools
                else None
            )
            for _ in range(run.count):
                age = rng.randint(run.age_min, run.age_max)
                born = gen.today - datetime.timedelta(days=age * 365 + rng.randint(30, 330))
                girl = rng.random() < 0.5
                surname, name, patronymic = gen.person_name(girl=girl)
                yield Row(
                    id=first + i,
                    surname=surname,
                    name=name,
                    patronymic=patronymic,
                    organisation_id=organisation,
                    birth_date=born,
                    school=school or f"Школа-гимназия № {rng.randint(1, 120)}",
                    school_class=f"{max(1, min(11, age - 6))}{'АБВГ'[i % 4]}",
                    sex=Sex.FEMALE if girl else Sex.MALE,
                    disabled=run.adapted or rng.random() < DISABLED_SHARE,
                    created_at=gen.now,
                )
                i += 1

    gen.copy(Learner, rows(), label="children")
    return range(first, first + count)


def _guardians(gen: Generator, runs: Sequence[Children], count: int) -> range:
    """A mother of each child, of the child's organisation."""
    first = gen.reserve(Guardian, count)
    organisations = gen.data["organisations"]
    Row = table_row(Guardian)

    def rows():
        i = 0
        for run in runs:
            organisation = organisations[run.organisation]
            for _ in range(run.count):
                surname, name, patronymic = gen.person_name(girl=True)
                yield Row(
                    id=first + i,
                    surname=surname,
                    name=name,
                    patronymic=patronymic,
                    organisation_id=organisation,
                    phone=f"+7 7{i // 10_000_000 % 10}{i:07d}"[:16],
                    email="",
                    relation="",
                    email_confirmed_at=None,
                    user_id=None,
                )
                i += 1

    gen.copy(Guardian, rows(), label="guardians")
    return range(first, first + count)


def _guardianships(gen: Generator, guardians: range, learners: range) -> None:
    first = gen.reserve(Guardianship, len(learners))
    Row = table_row(Guardianship)
    gen.copy(
        Guardianship,
        (
            Row(
                id=first + i,
                guardian_id=guardian,
                learner_id=learner,
                relation=Guardianship.Relation.MOTHER,
                basis=Guardianship.Basis.APPLICATION,
                linked_by_id=None,
                linked_at=gen.now,
            )
            for i, (guardian, learner) in enumerate(zip(guardians, learners, strict=True))
        ),
        label="guardianships",
    )


def _consents(gen: Generator, guardians: range, learners: range) -> None:
    """Consent to processing for every child, to publication for every other one."""
    count = len(learners)
    publication = (count + 1) // 2
    first = gen.reserve(Consent, count + publication)
    given = gen.data["year"].start
    Row = table_row(Consent)

    def rows():
        kinds = [(Consent.Kind.PROCESSING, range(count)), (Consent.Kind.PUBLICATION, range(0, count, 2))]
        i = 0
        for kind, children in kinds:
            for child in children:
                yield Row(
                    id=first + i,
                    guardian_id=guardians[child],
                    learner_id=learners[child],
                    kind=kind,
                    text="",
                    given_on=given,
                    valid_until=None,
                    withdrawn_at=None,
                    created_at=gen.now,
                )
                i += 1

    gen.copy(Consent, rows(), label="consents")
