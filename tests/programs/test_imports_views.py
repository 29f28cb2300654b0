"""The pages of imports: who may open them, the upload that keeps the file and queues its
check, the batch's page (refreshing itself while busy, then every row with its errors), the
confirmation that starts the import, the templates, and another organisation's batch."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from centre.models import Learner, PersonalDataAccess
from programs.imports.blanks import filled_workbook
from programs.imports.kinds import resource_for
from programs.models import ImportBatch
from programs.services.imports import check_batch
from tests.factories import OrganisationFactory, home_organisation
from tests.programs.factories import GroupFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "Фамилия ребёнка",
    "Имя ребёнка",
    "Дата рождения",
    "Фамилия родителя",
    "Имя родителя",
    "Телефон родителя",
    "Дата согласия на обработку ПД",
]


def learners_file(*bad_rows, rows=3):
    lines = [
        [
            f"Страницын{n}",
            "Олег",
            datetime.date(2015, 1, 1) + datetime.timedelta(days=n),
            f"Страницына{n}",
            "Анна",
            f"+7 913 444-00-{n:02d}",
            "01.09.2025",
        ]
        for n in range(rows)
    ]
    for index in bad_rows:
        lines[index][2] = "вчера"
    return filled_workbook(HEADERS, lines)


def upload(client, content, kind="learners", name="дети.xlsx"):
    return client.post(
        reverse("programs:staff_import_create"),
        {"kind": kind, "organisation": home_organisation().pk, "file": SimpleUploadedFile(name, content)},
    )


def make_batch(methodist, content, organisation=None):
    return ImportBatch.objects.create(
        organisation=organisation or home_organisation(),
        kind="learners",
        file_name="f.xlsx",
        content=content,
        total_rows=3,
        created_by=methodist,
    )


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("director", 403), ("methodist", 200)],
    indirect=["role_client"],
)
def test_only_a_methodist_imports(role_client, status, make_user):
    batch = make_batch(None, learners_file())
    for url in (
        reverse("programs:staff_imports"),
        reverse("programs:staff_import_create"),
        reverse("programs:staff_import", args=[batch.pk]),
        reverse("programs:staff_import_run", args=[batch.pk]),
        reverse("programs:staff_import_template", args=["learners"]),
    ):
        assert role_client.get(url).status_code == status, url
    before = ImportBatch.objects.count()
    assert upload(role_client, learners_file()).status_code in (status, 302)
    assert ImportBatch.objects.count() == before + (status == 200)


def test_the_upload_keeps_the_file_and_queues_its_check(methodist_client):
    content = learners_file()
    response = upload(methodist_client, content)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "programs:staff_import", args=[batch.pk]
    )
    assert (batch.status, batch.total_rows, bytes(batch.content)) == ("checking", 3, content)
    task = DBTaskResult.objects.get()
    assert task.task_path == "programs.imports.tasks.check_import" and task.args_kwargs["args"] == [batch.pk]

    page = methodist_client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh"' in page and 'id="import-progress"' in page


def test_a_file_that_is_no_workbook_is_refused_and_not_kept(methodist_client):
    response = upload(methodist_client, b"surname;name\n", name="дети.xlsx")
    assert response.status_code == 200
    assert "Файл не читается как книга Excel (.xlsx)." in response.content.decode()
    response = upload(methodist_client, learners_file(), name="дети.csv")
    assert "Выберите книгу Excel: файл с расширением .xlsx." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_page_lists_every_row_with_its_errors_in_russian(methodist, methodist_client):
    batch = make_batch(methodist, learners_file(1))
    check_batch(batch.pk)
    page = methodist_client.get(reverse("programs:staff_import", args=[batch.pk])).content.decode()
    assert "refresh" not in page
    assert 'data-status="invalid"' in page and "В файле есть ошибки: ничего не сохранено." in page
    assert page.count('<tr id="row-') == 3
    assert 'id="row-3" class="table-danger"' in page
    assert "«Дата рождения»: Ожидается дата в виде дд.мм.гггг, а не «вчера»." in page
    assert 'id="import-run"' not in page
    only = methodist_client.get(
        reverse("programs:staff_import", args=[batch.pk]), {"show": "errors"}
    ).content.decode()
    assert only.count('<tr id="row-') == 1
    assert (
        methodist_client.post(
            reverse("programs:staff_import_run", args=[batch.pk]), {"confirmed": "1"}
        ).status_code
        == 302
    )
    batch.refresh_from_db()
    assert batch.status == "invalid" and not Learner.objects.exists()


def test_the_import_is_confirmed_then_queued(methodist, methodist_client):
    batch = make_batch(methodist, learners_file())
    check_batch(batch.pk)
    checked = methodist_client.get(reverse("programs:staff_import", args=[batch.pk])).content.decode()
    assert "новых записей: 3" in checked and 'id="import-run"' in checked
    url = reverse("programs:staff_import_run", args=[batch.pk])
    page = methodist_client.get(url).content.decode()
    assert 'id="confirm-button"' in page and "Импортировать файл?" in page
    methodist_client.post(url, {})  # without the confirmation nothing starts
    batch.refresh_from_db()
    assert batch.status == "valid"
    response = methodist_client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "importing"
    task = DBTaskResult.objects.get(task_path="programs.imports.tasks.run_import")
    assert task.args_kwargs["args"] == [batch.pk, methodist.pk]  # saved as the one who confirmed
    assert not Learner.objects.exists()  # the worker imports
    page = methodist_client.get(reverse("programs:staff_import", args=[batch.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in page and "Импортируем строки: 0 из 3." in page
    assert 'id="import-rows"' not in page  # each refresh would be a reading of the children's data


def test_another_organisation_s_batch_is_not_found(methodist_client):
    foreign = make_batch(None, learners_file(), organisation=OrganisationFactory())
    for name in ("staff_import", "staff_import_run"):
        assert methodist_client.get(reverse(f"programs:{name}", args=[foreign.pk])).status_code == 404
    assert (
        methodist_client.post(
            reverse("programs:staff_import_run", args=[foreign.pk]), {"confirmed": "1"}
        ).status_code
        == 404
    )
    assert (
        'id="import-' + str(foreign.pk) + '"'
        not in methodist_client.get(reverse("programs:staff_imports")).content.decode()
    )


def test_the_upload_cannot_name_another_organisation(methodist_client):
    other = OrganisationFactory()
    response = methodist_client.post(
        reverse("programs:staff_import_create"),
        {"kind": "learners", "organisation": other.pk, "file": SimpleUploadedFile("f.xlsx", learners_file())},
    )
    assert response.status_code == 200 and not ImportBatch.objects.exists()


@pytest.mark.parametrize("kind", ImportBatch.Kind.values)
def test_a_template_has_the_import_s_headers(methodist, methodist_client, kind):
    response = methodist_client.get(reverse("programs:staff_import_template", args=[kind]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert headers == [
        c.header for c in resource_for(kind, organisation=home_organisation(), by=methodist).columns
    ]
    assert workbook.worksheets[1].title == "Как заполнять"
    assert methodist_client.get(reverse("programs:staff_import_template", args=["other"])).status_code == 404


def test_the_downloaded_learners_template_filled_in_imports(methodist, methodist_client):
    group = GroupFactory()
    workbook = load_workbook(
        BytesIO(methodist_client.get(reverse("programs:staff_import_template", args=["learners"])).content)
    )
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    values = {
        "Фамилия ребёнка": "Шаблонов",
        "Имя ребёнка": "Илья",
        "Дата рождения": "05.05.2014",
        "Фамилия родителя": "Шаблонова",
        "Имя родителя": "Вера",
        "Телефон родителя": "89135550011",
        "Дата согласия на обработку ПД": "01.09.2025",
        "Объединение": group.club.name,
        "Группа": group.name,
    }
    sheet.append([values.get(header) for header in headers])
    content = BytesIO()
    workbook.save(content)
    upload(methodist_client, content.getvalue())
    batch = ImportBatch.objects.get()
    check_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "valid", batch.errors


def test_the_pages_read_a_fixed_number_of_queries(methodist, methodist_client, django_assert_max_num_queries):
    for _ in range(30):
        make_batch(methodist, learners_file())
    batch = make_batch(methodist, learners_file(0, 1, 2, rows=40))
    check_batch(batch.pk)
    with django_assert_max_num_queries(12):
        assert methodist_client.get(reverse("programs:staff_imports")).status_code == 200
    with django_assert_max_num_queries(12):
        assert methodist_client.get(reverse("programs:staff_import", args=[batch.pk])).status_code == 200


def test_a_file_waiting_long_for_the_worker_says_so(methodist, methodist_client):
    batch = make_batch(methodist, learners_file())
    url = reverse("programs:staff_import", args=[batch.pk])
    assert 'id="import-stalled"' not in methodist_client.get(url).content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    page = methodist_client.get(url).content.decode()
    assert 'id="import-stalled"' in page and "manage.py db_worker" in page


def test_the_file_with_its_errors_is_corrected_in_excel_and_uploaded_as_it_is(methodist, methodist_client):
    batch = make_batch(methodist, learners_file(1))
    check_batch(batch.pk)
    response = methodist_client.get(reverse("programs:staff_import_errors", args=[batch.pk]))
    assert response["Content-Disposition"].endswith('f-errors.xlsx"')
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == [*HEADERS, "Ошибки"]
    assert sheet["H3"].value == "«Дата рождения»: Ожидается дата в виде дд.мм.гггг, а не «вчера»."
    assert sheet["H2"].value in (None, "") and sheet["H4"].value in (None, "")
    assert PersonalDataAccess.objects.filter(action="export", object_id=str(batch.pk)).exists()

    sheet["C3"].value = "02.01.2015"  # corrected in Excel; the errors column stays
    corrected = BytesIO()
    workbook.save(corrected)
    upload(methodist_client, corrected.getvalue())
    fixed = ImportBatch.objects.latest("pk")
    check_batch(fixed.pk)
    fixed.refresh_from_db()
    assert (fixed.status, fixed.errors) == ("valid", [])


def test_a_file_without_errors_has_no_errors_file(methodist, methodist_client):
    batch = make_batch(methodist, learners_file())
    check_batch(batch.pk)
    assert methodist_client.get(reverse("programs:staff_import_errors", args=[batch.pk])).status_code == 404
    foreign = make_batch(None, learners_file(1), organisation=OrganisationFactory())
    check_batch(foreign.pk)
    assert methodist_client.get(reverse("programs:staff_import_errors", args=[foreign.pk])).status_code == 404
