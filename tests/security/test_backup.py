"""`manage.py backup` and `restore`: the demo database and both media folders restored into an empty
database on another server, every table's rows and every file compared."""

import contextlib
import io
import tarfile
import tempfile
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from programs.images import club_photo_add
from programs.models import Club
from projects.models import Project
from tests.security.pgserver import SeparateServer, manage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHECKSUMS = """
SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))
FROM "{table}" t
"""


def table_fingerprints(cursor) -> dict[str, tuple[int, str]]:
    # rows as text: dates and times must be written alike on both connections
    cursor.execute("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3")
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    result = {}
    for table in tables:
        cursor.execute(CHECKSUMS.format(table=table))
        result[table] = tuple(cursor.fetchone())
    cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
    result["(sequences)"] = tuple(sorted(cursor.fetchall(), key=lambda row: row[0]))
    return result


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def jpeg(color):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    return Image.open(io.BytesIO(buffer.getvalue()))


@pytest.fixture
def demo_with_files(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    club = Club.objects.order_by("id").first()
    club_photo_add(club=club, image=jpeg("red"), caption="Красный")
    project = Project.objects.order_by("id").first()
    item = project.files.model(project=project, title="Отчёт")
    item.file.save("report.pdf", ContentFile(b"%PDF-1.4 report\n%%EOF\n"), save=True)
    return settings


@pytest.fixture
def other_server():
    server = SeparateServer()
    yield server
    server.close()


def test_a_backup_restored_into_an_empty_database_has_every_record_and_file(
    demo_with_files, other_server, tmp_path
):
    settings = demo_with_files
    archive = tmp_path / "backups" / "portal.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    assert archive.is_file()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "database.dump" in names and "manifest.json" in names
    assert any(name.startswith("media/clubs/") for name in names)
    assert any(name.startswith("private/projects/files/") for name in names)

    other_server.create_database("portal_restored")
    restored_media, restored_private = tmp_path / "restored-media", tmp_path / "restored-private"
    result = manage(
        ["restore", str(archive)],
        other_server.url("portal_restored"),
        MEDIA_ROOT=str(restored_media),
        PRIVATE_MEDIA_ROOT=str(restored_private),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Restored" in result.stdout

    with connection.cursor() as cursor:
        original = table_fingerprints(cursor)
    with contextlib.closing(other_server.connect("portal_restored")) as conn, conn.cursor() as cursor:
        restored = table_fingerprints(cursor)
    assert set(restored) == set(original)
    differing = {
        table: (original[table], restored[table]) for table in original if original[table] != restored[table]
    }
    assert differing == {}
    rows = sum(count for table, (count, *_rest) in original.items() if table != "(sequences)")
    assert rows > 1000  # the demo, not an empty schema
    assert original["programs_club"][0] > 0 and original["programs_application"][0] > 0
    print(f"restore figures: {len(original) - 1} tables, {rows} rows compared")

    assert files_under(restored_media) == files_under(Path(settings.MEDIA_ROOT))
    assert files_under(restored_private) == files_under(Path(settings.PRIVATE_MEDIA_ROOT))
    assert len(files_under(restored_media)) >= 2 and len(files_under(restored_private)) >= 1

    # the restored portal answers with the restored data
    check = manage(
        ["shell", "--no-imports", "-c", "from programs.models import Club; print(Club.objects.count())"],
        other_server.url("portal_restored"),
    )
    assert check.stdout.strip().splitlines()[-1] == str(original["programs_club"][0])


def test_restore_refuses_a_database_that_has_tables(demo_with_files, tmp_path):
    archive = tmp_path / "portal.tar"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already has"):
        call_command("restore", str(archive))


def test_restore_refuses_an_archive_that_is_not_a_backup_or_escapes(tmp_path, monkeypatch):
    not_tar = tmp_path / "notes.tar"
    not_tar.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore", str(not_tar))
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        for name, data in (("manifest.json", b"{}"), ("../escaped.txt", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    # restore unpacks into a temporary directory: make it one under tmp_path, so the folder a
    # "../" member would escape to is known (the parent of that directory)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    with pytest.raises(CommandError, match="cannot be unpacked safely"):
        call_command("restore", str(evil), replace=True)
    assert not (work / "escaped.txt").exists()
    assert list(work.iterdir()) == []  # the unpacking directory is gone too
    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", str(tmp_path / "missing.tar"))


def test_backup_writes_under_var_backups_by_default(settings, tmp_path):
    settings.BACKUP_ROOT = tmp_path / "var-backups"
    settings.MEDIA_ROOT = tmp_path / "m"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "p"
    out = io.StringIO()
    call_command("backup", stdout=out)
    written = list((tmp_path / "var-backups").glob("portal-*.tar"))
    assert len(written) == 1 and str(written[0]) in out.getvalue()
    assert not list((tmp_path / "var-backups").glob("*.partial"))


def test_the_default_folder_is_var_backups():
    from django.conf import settings

    from centre.backup import backups_dir

    assert backups_dir() == Path(settings.BASE_DIR) / "var" / "backups"
    psycopg2  # noqa: B018 - the restore test talks to the other server directly
