"""Uploaded files follow their records (issue 13, finding 10): a replaced or deleted upload's
old file leaves the disk once the transaction commits (django-cleanup), the change history
never deletes a live file, and ``manage.py orphaned_files`` lists (and deletes) the files no
record names."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from programs.models import ClubPhoto
from projects.models import ProjectFile, Result
from tests.programs.factories import ClubFactory, ProgramFactory
from tests.projects.factories import ProjectFactory, ResultFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 scan\n%%EOF\n"


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


def files_under(folder):
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def test_replacing_a_diploma_scan_deletes_the_old_scan(folders, django_capture_on_commit_callbacks):
    _media, private = folders
    result = ResultFactory()
    with django_capture_on_commit_callbacks(execute=True):
        result.diploma.save("first.pdf", ContentFile(PDF), save=True)
    old = result.diploma.path
    assert os.path.exists(old)

    with django_capture_on_commit_callbacks(execute=True):
        result = Result.objects.get(pk=result.pk)  # as a form would load it
        result.diploma.save("second.pdf", ContentFile(PDF), save=True)

    assert not os.path.exists(old)
    assert files_under(private) == [result.diploma.name]


def test_clearing_or_deleting_an_upload_deletes_its_file(folders, django_capture_on_commit_callbacks):
    _media, private = folders
    cleared, deleted = ResultFactory(), ResultFactory()
    for result in (cleared, deleted):
        result.diploma.save("scan.pdf", ContentFile(PDF), save=True)
    item = ProjectFile(project=ProjectFactory(), title="Отчёт")
    item.file.save("report.pdf", ContentFile(PDF), save=True)
    assert len(files_under(private)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        cleared = Result.objects.get(pk=cleared.pk)
        cleared.diploma = ""
        cleared.save()
        Result.objects.get(pk=deleted.pk).delete()
        ProjectFile.objects.get(pk=item.pk).delete()

    assert files_under(private) == []


def test_a_program_image_and_a_club_photo_in_media_are_deleted_too(
    folders, django_capture_on_commit_callbacks
):
    media, _private = folders
    program = ProgramFactory()
    program.image.save("cover.jpg", ContentFile(b"jpeg"), save=True)
    photo = ClubPhoto(club=ClubFactory())
    photo.image.save("big.jpg", ContentFile(b"jpeg"), save=False)
    photo.thumbnail.save("small.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    assert len(files_under(media)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        program.image.save("cover2.jpg", ContentFile(b"jpeg"), save=True)
        ClubPhoto.objects.get(pk=photo.pk).delete()

    assert files_under(media) == [program.image.name]


def test_a_replacement_rolled_back_keeps_the_old_file(folders, django_capture_on_commit_callbacks):
    result = ResultFactory()
    result.diploma.save("first.pdf", ContentFile(PDF), save=True)
    old = result.diploma.path
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        loaded = Result.objects.get(pk=result.pk)
        loaded.diploma.save("second.pdf", ContentFile(PDF), save=True)
        raise RuntimeError("the rest of the form failed")
    assert os.path.exists(old)


def test_deleting_change_history_never_deletes_a_live_file(folders, django_capture_on_commit_callbacks):
    result = ResultFactory()
    result.diploma.save("scan.pdf", ContentFile(PDF), save=True)
    assert result.history.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for record in result.history.all():
            record.delete()
    assert os.path.exists(result.diploma.path)


def orphans(*args):
    out, err = StringIO(), StringIO()
    call_command("orphaned_files", *args, stdout=out, stderr=err)
    return [line.split("\t")[0] for line in out.getvalue().splitlines()], err.getvalue()


def age(path, seconds=2 * 3600):
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_the_orphaned_files_command_lists_and_deletes_only_unreferenced_files(folders):
    media, private = folders
    result = ResultFactory()
    result.diploma.save("kept.pdf", ContentFile(PDF), save=True)
    program = ProgramFactory()
    program.image.save("kept.jpg", ContentFile(b"jpeg"), save=True)
    (private / "projects" / "diplomas").mkdir(parents=True, exist_ok=True)
    stray_scan = private / "projects" / "diplomas" / "left-behind.pdf"
    stray_scan.write_bytes(PDF)
    stray_photo = media / "clubs" / "old.jpg"
    stray_photo.parent.mkdir(parents=True, exist_ok=True)
    stray_photo.write_bytes(b"jpeg")
    young = media / "clubs" / "uploading.jpg"
    young.write_bytes(b"jpeg")
    (media / ".gitkeep").write_text("")
    for path in (stray_scan, stray_photo, result.diploma.path, program.image.path):
        age(path)

    listed, summary = orphans()
    assert sorted(listed) == sorted([str(stray_scan), str(stray_photo)])
    assert "2 orphaned file(s) found" in summary
    assert stray_scan.exists() and stray_photo.exists()  # listing deletes nothing

    assert sorted(orphans("--min-age-minutes", "0")[0]) == sorted(map(str, [stray_scan, stray_photo, young]))

    listed, summary = orphans("--delete")
    assert "2 orphaned file(s) deleted" in summary
    assert not stray_scan.exists() and not stray_photo.exists()
    assert young.exists()
    assert os.path.exists(result.diploma.path) and os.path.exists(program.image.path)
    assert orphans()[0] == []
