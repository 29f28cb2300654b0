"""The learners import's limits and bulk write: unpacking and reading caps, a file imported twice, a fixed number of queries, the identity locks, the database's rules on the bulk write, who is recorded."""

import datetime
import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centre.models import Learner
from centre.roles import Role
from programs.imports.identities import Known, identity_lock_keys
from programs.models import Application, Enrolment, ImportBatch
from programs.services.enrolment import lock_identities
from programs.services.imports import batch_create, batch_start, check_batch, run_batch
from tests.factories import (
    GuardianFactory,
    LearnerFactory,
    home_organisation,
    link_guardian,
)
from tests.programs.factories import ClubFactory, GroupFactory
from tests.programs.imports_world import HEADERS, child, counts, in_group, run, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return GroupFactory(club=ClubFactory(name="Робоквантум"), name="Группа 1", places=10)


def test_a_workbook_that_unpacks_to_far_more_than_a_list_is_refused(methodist, settings):
    """A zip bomb within the upload's size: refused before openpyxl reads it."""
    settings.IMPORT_MAX_MEGABYTES = 1
    buffer = BytesIO(workbook([child(1)]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.bin", b"\0" * (25 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ValidationError, match="распаковывается больше чем в 20 МБ"):
        run(buffer.getvalue(), methodist)


def test_the_reading_stops_after_the_rows_that_can_be_imported(methodist, settings):
    settings.IMPORT_MAX_ROWS = 3
    outcome = run(workbook([child(n) for n in range(1, 30)]), methodist, dry_run=True)
    assert outcome.rows == 4  # one past the limit: enough to refuse the file
    assert [e["row"] for e in outcome.errors] == [None]


def test_the_same_file_imported_twice_makes_nothing_twice(methodist, group):
    content = workbook([child(1), child(2), in_group(group, 3)])
    assert run(content, methodist).totals == {"created": 3, "enrolled": 1}
    before = counts()
    again = run(content, methodist)
    assert [(e["row"], e["column"]) for e in again.errors] == [(4, "Группа")]  # already enrolled
    assert counts() == before
    without_group = run(workbook([child(1), child(2)]), methodist)
    assert without_group.totals == {"reused": 2}
    assert counts() == before  # the same children, parents, links and consents


def test_a_file_is_read_and_written_in_a_fixed_number_of_queries(methodist):
    """Set-based: the organisation's records of the file's children and parents are read
    once, the new ones written in bulk; 100 rows cost what 50 do."""
    big = GroupFactory(places=300, age_min=5, age_max=18)

    def queries(first, count):
        rows = [
            in_group(big, first + n, **{"Телефон родителя": f"+7 913 600-{first + n:04d}"})
            for n in range(count)
        ]
        rows = [
            row | {"Дата рождения": datetime.date(2013, 1, 1) + datetime.timedelta(days=first + n)}
            for n, row in enumerate(rows)
        ]
        with CaptureQueriesContext(connection) as captured:
            outcome = run(workbook(rows), methodist)
        assert outcome.ok, outcome.errors[:3]
        return len(captured.captured_queries)

    queries(0, 5)  # the first makes the draft enrolment order
    assert queries(100, 50) == queries(200, 100) <= 30
    assert Enrolment.objects.count() == 155 and Learner.objects.count() == 155


def test_the_file_s_identity_locks_are_the_enrolment_s_own(methodist):
    """An accept and an import of the same child (or parent) wait for each other: the keys
    the import locks are the ones programs.services.enrolment.lock_identities takes."""
    application = Application(
        child_surname=" Ёлкина ",
        child_name="анна",
        child_birth_date=datetime.date(2014, 5, 6),
        guardian_phone="8 (913) 123-45-67",
    )
    organisation_id = home_organisation().pk
    with CaptureQueriesContext(connection) as captured:
        lock_identities(organisation_id, application)
    taken = [query["sql"] for query in captured.captured_queries]
    child, parent = identity_lock_keys(
        organisation_id, " Ёлкина ", "анна", datetime.date(2014, 5, 6), "8 (913) 123-45-67"
    )
    # one statement, the child's key before the parent's (centre.locks keeps the order)
    assert len(taken) == 1 and 0 < taken[0].index(f"'{child}'") < taken[0].index(f"'{parent}'")


def test_a_child_twice_in_the_file_with_the_same_parent_is_one_record_with_the_latest_school(methodist):
    known = LearnerFactory(
        surname="Школьный", name="Павел", birth_date=datetime.date(2014, 3, 9), school="СОШ 1"
    )
    link_guardian(
        GuardianFactory(organisation=home_organisation(), surname="Импортова8", phone="+7 913 555-00-08"),
        known,
    )
    rows = [
        child(1, **{"Школа": "Гимназия 2"}),
        child(1, **{"Школа": "Лицей 3"}),
        child(8, **{"Фамилия ребёнка": "Школьный", "Дата рождения": known.birth_date, "Школа": "СОШ 5"}),
    ]
    headers = [*HEADERS, "Школа"]
    outcome = run(workbook(rows, headers), methodist)
    assert outcome.ok, outcome.errors
    assert outcome.totals == {"created": 1, "reused": 2}
    assert Learner.objects.get(surname="Импортов1").school == "Лицей 3"
    known.refresh_from_db()
    assert known.school == "СОШ 5"


def test_the_database_s_rules_are_the_last_word_on_the_bulk_write(methodist, group, monkeypatch):
    """Were a rule missed in memory, the database's constraint refuses the whole file with its
    sentence, and nothing is saved."""
    learner = LearnerFactory(surname="Импортов1", name="Павел", birth_date=datetime.date(2014, 3, 2))
    link_guardian(
        GuardianFactory(organisation=home_organisation(), surname="Импортова1", phone="+7 913 555-00-01"),
        learner,
    )
    Enrolment.objects.create(group=group, learner=learner)
    original = Known.__init__

    def forgetful(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.enrolled = set()  # the in-memory rule "already enrolled" is missed

    monkeypatch.setattr(Known, "__init__", forgetful)
    before = counts()
    outcome = run(workbook([child(2), in_group(group, 1)]), methodist)
    assert outcome.errors == [{"row": None, "column": "", "message": "Ребёнок уже зачислен в эту группу."}]
    assert counts() == before


def test_the_import_is_saved_as_the_methodist_who_confirmed_it(methodist, make_user, group):
    colleague = make_user(Role.METHODIST, username="colleague")
    content = workbook([in_group(group, 1)])
    batch = batch_create(
        organisation=home_organisation(),
        kind=ImportBatch.Kind.LEARNERS,
        file_name="f.xlsx",
        content=content,
        by=methodist,
    )
    check_batch(batch.pk)
    batch.refresh_from_db()
    batch_start(batch=batch, by=colleague)
    run_batch(batch.pk, colleague.pk)
    assert Enrolment.objects.get().history.get().history_user == colleague
    assert ImportBatch.objects.get(pk=batch.pk).created_by == methodist
