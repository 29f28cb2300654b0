"""Imports of files as an attack surface: the organisation chosen in the upload, another
organisation's club, group and child named in a file, markup and formulas in its cells, files
that are no workbook or too large; and the file's bytes kept in the database only.

The tenancy world (worlds.py: organisations A and B) is built once for the module; each test
runs in a savepoint. The worker's steps (check, import) are called as the worker calls them.
"""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from centre.models import Guardian, Learner
from programs.imports.blanks import filled_workbook
from programs.imports.kinds import resource_for
from programs.models import Enrolment, ImportBatch
from programs.services.imports import check_batch, run_batch
from tests.security.helpers import body_text, differences, leaks, login, snapshot
from tests.security.worlds import build_tenancy_world, module_world

pytestmark = pytest.mark.django_db

LEARNERS = ImportBatch.Kind.LEARNERS


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    root = tmp_path_factory.mktemp("imports")
    with module_world(django_db_blocker, root):
        built = build_tenancy_world()
        built.root = root
        yield built


def learners_file(world, rows: list[dict]) -> bytes:
    """A learners workbook of the template's headers; each row a dict by header."""
    methodist = world.users["methodist"]
    headers = [
        c.header for c in resource_for(LEARNERS, organisation=world.a.organisation, by=methodist).columns
    ]
    defaults = {
        "Имя ребёнка": "Иван",
        "Дата рождения": datetime.date(2014, 5, 6),
        "Фамилия родителя": "Импортова",
        "Имя родителя": "Мария",
        "Дата согласия на обработку ПД": datetime.date(2024, 9, 1),
    }
    return filled_workbook(headers, [[(defaults | row).get(header) for header in headers] for row in rows])


def upload(client, world, content: bytes, *, organisation=None, name="file.xlsx"):
    return client.post(
        reverse("programs:staff_import_create"),
        {
            "kind": LEARNERS,
            "organisation": (organisation or world.a.organisation).pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def checked(world, response) -> ImportBatch:
    """The batch the upload made, checked as the worker checks it."""
    assert response.status_code == 302, body_text(response)[:3000]
    batch = ImportBatch.objects.filter(organisation=world.a.organisation).latest("created_at")
    if batch.status == ImportBatch.Status.CHECKING:
        check_batch(batch.pk)
        batch.refresh_from_db()
    return batch


# --- the organisation -----------------------------------------------------------------------


def test_a_methodist_cannot_upload_into_another_organisation(world, db):
    before = snapshot(world.b)
    client = login(world.users["methodist"])
    content = learners_file(
        world, [{"Фамилия ребёнка": "Подкидышев", "Телефон родителя": "+7 (913) 000-00-01"}]
    )
    response = upload(client, world, content, organisation=world.b.organisation)
    assert response.status_code == 200  # the form's error: B is no choice
    assert "organisation" in response.context["form"].errors
    assert not ImportBatch.objects.filter(organisation=world.b.organisation, file_name="file.xlsx").exists()
    assert not leaks(body_text(response), world.b)
    assert not differences(before, snapshot(world.b))


@pytest.mark.parametrize("role", ["teacher", "director", "coordinator", "authority"])
def test_only_the_methodist_uploads(role, world, db):
    content = learners_file(
        world, [{"Фамилия ребёнка": "Подкидышев", "Телефон родителя": "+7 (913) 000-00-01"}]
    )
    response = upload(login(world.users[role]), world, content)
    assert response.status_code == 403
    assert not ImportBatch.objects.filter(file_name="file.xlsx").exists()


# --- another organisation's records named in a file -------------------------------------------


def test_a_file_naming_another_organisations_group_enrols_no_one_there(world, db):
    """B's club and group are no club or group to A's import: the row is an error worded as for
    a club that does not exist (nothing says B's exists), and nothing is saved."""
    b = world.b
    before = snapshot(b)
    client = login(world.users["methodist"])
    rows = [
        {
            "Фамилия ребёнка": "Перебежчиков",
            "Телефон родителя": "+7 (913) 000-00-02",
            "Объединение": b.club.name,
            "Группа": b.group.name,
        },
        {
            "Фамилия ребёнка": "Перебежчикова",
            "Телефон родителя": "+7 (913) 000-00-03",
            "Объединение": "Несуществующий кружок",
            "Группа": b.group.name,
        },
    ]
    batch = checked(world, upload(client, world, learners_file(world, rows)))
    assert batch.status == ImportBatch.Status.INVALID
    by_row = {}
    for error in batch.errors:
        by_row.setdefault(error["row"], []).append(error["message"])
    assert 2 in by_row and 3 in by_row, batch.errors
    # the same words for B's club as for a club that does not exist
    assert [m.replace(b.club.name, "…") for m in by_row[2]] == [
        m.replace("Несуществующий кружок", "…") for m in by_row[3]
    ]
    assert not Enrolment.objects.filter(group=b.group, learner__surname__startswith="Перебежчиков").exists()
    assert not differences(before, snapshot(b))


def test_a_file_naming_another_organisations_child_and_parent_makes_a_record_of_its_own(world, db):
    """A row with B's child's surname, name and birth date and B's parent's phone: A's import
    never reaches B's records (the identity rule is within one organisation); whatever it
    makes is A's."""
    b = world.b
    before = snapshot(b)
    client = login(world.users["methodist"])
    row = {
        "Фамилия ребёнка": b.learner.surname,
        "Имя ребёнка": b.learner.name,
        "Дата рождения": b.learner.birth_date,
        "Фамилия родителя": b.guardian.surname,
        "Имя родителя": b.guardian.name or "Мария",
        "Телефон родителя": b.guardian.phone,
    }
    batch = checked(world, upload(client, world, learners_file(world, [row])))
    page = client.get(reverse("programs:staff_import", kwargs={"pk": batch.pk}))
    assert page.status_code == 200
    assert batch.status == ImportBatch.Status.VALID, batch.errors  # B's child is nobody A knows
    if batch.status == ImportBatch.Status.VALID:
        assert client.post(reverse("programs:staff_import_run", kwargs={"pk": batch.pk}), {"confirmed": "1"})
        run_batch(batch.pk)
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.DONE, batch.errors
        made = Learner.objects.filter(surname=b.learner.surname, name=b.learner.name).exclude(pk=b.learner.pk)
        assert made.count() == 1 and made.get().organisation == world.a.organisation
        assert not Guardian.objects.filter(pk=b.guardian.pk, guardianship__learner__in=made).exists()
    assert not differences(before, snapshot(b))


# --- what a file holds ------------------------------------------------------------------------


def test_markup_in_a_file_is_shown_as_text(world, db):
    client = login(world.users["methodist"])
    script = "<script>alert(1)</script>"
    rows = [
        {"Фамилия ребёнка": script, "Телефон родителя": "+7 (913) 000-00-04"},
        {"Фамилия ребёнка": "Нормальнов", "Школа": '<img src=x onerror="alert(2)">', "Телефон родителя": "x"},
    ]
    batch = checked(
        world, upload(client, world, learners_file(world, rows), name='"><svg onload=alert(3)>.xlsx')
    )
    html = client.get(reverse("programs:staff_import", kwargs={"pk": batch.pk})).content.decode()
    listed = client.get(reverse("programs:staff_imports")).content.decode()
    for page in (html, listed):
        assert "<script>alert" not in page and "<img src=x" not in page and "<svg" not in page
    assert "&lt;svg onload=alert(3)&gt;" in listed
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the row is shown, as text


def test_a_file_that_is_no_workbook_is_refused_and_nothing_kept(world, db):
    client = login(world.users["methodist"])
    count = ImportBatch.objects.count()
    for name, content in [
        ("fake.xlsx", b"%PDF-1.4 not a workbook\n%%EOF\n"),
        ("empty.xlsx", b""),
        ("zip.xlsx", b"PK\x03\x04" + b"\x00" * 100),
    ]:
        response = upload(client, world, content, name=name)
        assert response.status_code == 200, name
        assert re.search("[а-яё]", str(response.context["form"].errors).lower()), name
    assert ImportBatch.objects.count() == count


@override_settings(IMPORT_MAX_MEGABYTES=1)
def test_a_file_too_large_is_refused_and_nothing_kept(world, db):
    client = login(world.users["methodist"])
    count = ImportBatch.objects.count()
    response = upload(client, world, b"PK" + b"\x00" * (1024 * 1024 + 10), name="big.xlsx")
    assert response.status_code in (200, 413)
    assert ImportBatch.objects.count() == count


def test_the_file_is_kept_in_the_database_only(world, db):
    client = login(world.users["methodist"])
    media = world.root / "media"
    private = world.root / "private"
    files_before = {p for root in (media, private) if root.exists() for p in root.rglob("*") if p.is_file()}
    content = learners_file(
        world, [{"Фамилия ребёнка": "Хранимов", "Телефон родителя": "+7 (913) 000-00-05"}]
    )
    batch = checked(world, upload(client, world, content, name="kept.xlsx"))
    assert bytes(batch.content) == content
    files_after = {p for root in (media, private) if root.exists() for p in root.rglob("*") if p.is_file()}
    assert files_after == files_before, "an uploaded list of children was written to disk"


def test_the_file_with_its_errors_writes_a_formula_as_text(world, db):
    client = login(world.users["methodist"])
    formula = '=HYPERLINK("http://x","y")'
    rows = [{"Фамилия ребёнка": formula, "Телефон родителя": "не телефон"}]
    batch = checked(world, upload(client, world, learners_file(world, rows), name="formula.xlsx"))
    assert batch.status == ImportBatch.Status.INVALID
    response = client.get(reverse("programs:staff_import_errors", kwargs={"pk": batch.pk}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell for cell in cells if cell.data_type == "f"], "a formula cell in the errors' file"
    assert [cell for cell in cells if cell.value == formula and cell.quotePrefix]
