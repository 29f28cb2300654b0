"""The methodist's pages of package imports: who may open them, the upload that keeps the
file and queues its check, the package's page (refreshing itself while busy, then the report
of every object), the confirmation that queues the import, the import itself, and another
organisation's package (404)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from programs.exchange.importing_runs import check_package_import, run_package_import
from programs.models import Group, PackageImport, Program
from tests.factories import OrganisationFactory, home_organisation
from tests.programs.exchange.import_helpers import (
    CONSTRUCTOR,
    GROUP_1,
    GROUP_WITHOUT_TEACHER,
    package,
    package_year,
)

pytestmark = pytest.mark.django_db


def upload(client, content, name="vector.xml", organisation=None):
    return client.post(
        reverse("programs:staff_package_import_create"),
        {"organisation": (organisation or home_organisation()).pk, "file": SimpleUploadedFile(name, content)},
    )


def make_import(by=None, organisation=None, content=None, status="checking"):
    return PackageImport.objects.create(
        organisation=organisation or home_organisation(),
        file_name="vector.xml",
        content=content or package("quirks.xml"),
        status=status,
        created_by=by,
    )


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("director", 403), ("methodist", 200)],
    indirect=["role_client"],
)
def test_only_a_methodist_imports_packages(role_client, status):
    package_import = make_import()
    for url in (
        reverse("programs:staff_package_imports"),
        reverse("programs:staff_package_import_create"),
        reverse("programs:staff_package_import", args=[package_import.pk]),
        reverse("programs:staff_package_import_run", args=[package_import.pk]),
    ):
        assert role_client.get(url).status_code == status, url
    before = PackageImport.objects.count()
    assert upload(role_client, package("quirks.xml")).status_code in (status, 302)
    assert PackageImport.objects.count() == before + (status == 200)


def test_the_upload_keeps_the_package_and_queues_its_check(methodist_client):
    content = package("quirks.xml")
    response = upload(methodist_client, content)
    package_import = PackageImport.objects.get()
    assert response["Location"] == reverse("programs:staff_package_import", args=[package_import.pk])
    assert (package_import.status, bytes(package_import.content)) == ("checking", content)
    task = DBTaskResult.objects.get()
    assert task.task_path == "programs.exchange.tasks.check_package"
    assert task.args_kwargs["args"] == [package_import.pk]
    page = methodist_client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh"' in page and "Пакет проверяется." in page


def test_a_file_that_is_no_package_is_kept_as_invalid_and_not_queued(methodist_client):
    upload(methodist_client, b"<catalogue/>")
    package_import = PackageImport.objects.get()
    assert package_import.status == "invalid" and not DBTaskResult.objects.exists()
    page = methodist_client.get(
        reverse("programs:staff_package_import", args=[package_import.pk])
    ).content.decode()
    assert "refresh" not in page and "Файл не читается как пакет: ничего не сохранено." in page
    assert "Файл — не пакет: его корневой элемент не «package»." in page


def test_a_file_of_another_kind_is_refused_with_a_russian_message(methodist_client):
    response = upload(methodist_client, package("quirks.xml"), name="vector.xlsx")
    assert response.status_code == 200
    assert "Выберите пакет: файл с расширением .xml или .json." in response.content.decode()
    other = OrganisationFactory()
    response = upload(methodist_client, package("quirks.xml"), organisation=other)
    assert response.status_code == 200 and not PackageImport.objects.exists()


def test_the_checked_report_then_the_confirmed_import(methodist, methodist_client):
    package_year()
    package_import = make_import(methodist)
    check_package_import(package_import.pk)
    package_import.refresh_from_db()
    assert package_import.status == "checked" and not Program.objects.filter(uuid=CONSTRUCTOR).exists()
    url = reverse("programs:staff_package_import", args=[package_import.pk])
    page = methodist_client.get(url).content.decode()
    assert 'id="package-import-checked"' in page and 'id="package-import-run"' in page
    assert f'data-uuid="{GROUP_WITHOUT_TEACHER}" data-outcome="skipped"' in page
    assert "Нет педагога: «dataTeachers» пуст." in page
    skipped = methodist_client.get(url, {"show": "skipped"}).content.decode()
    # five objects, and the profile: an import into one organisation adds no shared profile
    assert skipped.count('data-outcome="skipped"') == 6 and 'data-outcome="created"' not in skipped

    run_url = reverse("programs:staff_package_import_run", args=[package_import.pk])
    assert 'name="confirmed"' in methodist_client.get(run_url).content.decode()
    package_import.refresh_from_db()
    assert package_import.status == "checked"  # GET asks
    assert methodist_client.post(run_url).status_code == 200  # no confirmed=1: asks again
    assert PackageImport.objects.get().status == "checked"
    assert methodist_client.post(run_url, {"confirmed": "1"})["Location"] == url
    task = DBTaskResult.objects.get(task_path="programs.exchange.tasks.run_package")
    assert task.args_kwargs["args"] == [package_import.pk, methodist.pk]
    run_package_import(package_import.pk, methodist.pk)
    package_import.refresh_from_db()
    assert package_import.status == "done" and package_import.totals["created"] == 7
    program = Program.objects.get(uuid=CONSTRUCTOR)
    assert program.organisation == home_organisation() and program.status == "draft"
    assert program.created_by == methodist
    assert program.history.get().history_user == methodist
    assert Group.objects.get(uuid=GROUP_1).history.get().history_user == methodist
    assert 'id="package-import-done"' in methodist_client.get(url).content.decode()
    # a package imported is not imported again
    methodist_client.post(run_url, {"confirmed": "1"})
    assert "Импортировать можно только проверенный пакет." in methodist_client.get(url).content.decode()


def test_another_organisations_package_is_not_found(methodist_client):
    other = make_import(organisation=OrganisationFactory(), status="checked")
    for name in ("programs:staff_package_import", "programs:staff_package_import_run"):
        assert methodist_client.get(reverse(name, args=[other.pk])).status_code == 404
    assert (
        methodist_client.post(
            reverse("programs:staff_package_import_run", args=[other.pk]), {"confirmed": "1"}
        ).status_code
        == 404
    )
    assert PackageImport.objects.get().status == "checked"
    assert (
        f"package-import-{other.pk}"
        not in methodist_client.get(reverse("programs:staff_package_imports")).content.decode()
    )


def test_the_list_and_the_report_take_a_fixed_number_of_queries(
    methodist, methodist_client, django_assert_max_num_queries
):
    package_year()
    package_import = make_import(methodist)
    check_package_import(package_import.pk)
    for _ in range(30):
        make_import(methodist, status="done")
    with django_assert_max_num_queries(12):
        page = methodist_client.get(reverse("programs:staff_package_imports")).content.decode()
    assert page.count('<tr id="package-import-') == 25
    with django_assert_max_num_queries(12):
        methodist_client.get(reverse("programs:staff_package_import", args=[package_import.pk]))


def test_the_imports_of_files_link_the_package_imports(methodist_client):
    page = methodist_client.get(reverse("programs:staff_imports")).content.decode()
    assert f'href="{reverse("programs:staff_package_imports")}"' in page


def test_an_import_that_fails_midway_saves_nothing_and_says_so(methodist, methodist_client, monkeypatch):
    package_year()
    package_import = make_import(methodist, status="importing")

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("programs.exchange.importing_runs.import_package", broken)
    with pytest.raises(RuntimeError):
        run_package_import(package_import.pk, methodist.pk)
    package_import.refresh_from_db()
    assert package_import.status == "failed" and not Program.objects.exists()
    page = methodist_client.get(
        reverse("programs:staff_package_import", args=[package_import.pk])
    ).content.decode()
    assert "Импорт не удался: ничего не сохранено." in page
    assert run_package_import(package_import.pk, methodist.pk) is None  # not run twice
