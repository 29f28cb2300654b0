"""manage.py export_package and issue_package_token."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from centre.models import Installation
from programs.exchange.export import parse_since
from programs.models import PackageToken
from tests.programs.exchange.export_world import build_world, parse, uuids

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_the_full_package_to_a_file(world, tmp_path):
    output = tmp_path / "package.xml"
    stdout = io.StringIO()
    call_command("export_package", "--output", str(output), stdout=stdout)
    root = parse(output.read_bytes())
    assert root.get("kind") == "full"
    assert len(uuids(root, "programs")) == 3
    assert "записан" in stdout.getvalue()
    assert [path.name for path in tmp_path.iterdir()] == ["package.xml"]


def test_one_organisation_takes_its_subdivisions(world, tmp_path):
    output = tmp_path / "centre.xml"
    call_command(
        "export_package",
        "--organisation",
        str(world.centre.pk),
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    root = parse(output.read_bytes())
    assert uuids(root, "programs") == {str(world.program.uuid), str(world.sub_program.uuid)}


def test_since_an_iso_time(world, tmp_path):
    output = tmp_path / "changes.xml"
    later = (timezone.localtime() + datetime.timedelta(hours=1)).replace(microsecond=0)
    call_command(
        "export_package", "--since", later.isoformat(), "--output", str(output), stdout=io.StringIO()
    )
    root = parse(output.read_bytes())
    assert root.get("kind") == "incremental"
    assert root.get("since") == str(int(later.timestamp()))
    assert [len(section) for section in root.find("objects")] == [0, 0, 0, 0, 0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--since", "вчера"], "ISO 8601"),
        (["--since", "2026-13-01"], "ISO 8601"),
        (["--organisation", "999999"], "Нет организации"),
    ],
)
def test_bad_arguments_are_refused_and_write_nothing(world, tmp_path, arguments, message):
    output = tmp_path / "package.xml"
    with pytest.raises(CommandError, match=message):
        call_command("export_package", *arguments, "--output", str(output), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="Нет такой папки"):
        call_command("export_package", "--output", str(tmp_path / "no" / "p.xml"), stdout=io.StringIO())


def test_a_token_is_issued_and_its_secret_printed_once(world):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "issue_package_token",
        "--organisation",
        str(world.centre.pk),
        "--name",
        "Навигатор",
        stdout=stdout,
        stderr=stderr,
    )
    secret = stdout.getvalue().strip()
    token = PackageToken.objects.get()
    assert token.organisation == world.centre and token.name == "Навигатор"
    assert PackageToken.objects.for_key(secret) == token
    assert secret not in token.key_hash and token.prefix == secret[:8]
    assert "один раз" in stderr.getvalue()


def test_a_token_for_no_organisation_is_refused(world):
    with pytest.raises(CommandError, match="Нет организации"):
        call_command("issue_package_token", "--organisation", "999999", "--name", "X", stdout=io.StringIO())
    assert not PackageToken.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_first_export_of_a_new_installation_makes_its_row(tmp_path):
    """Outside a test's transaction the package is read in a READ ONLY snapshot: the
    installation's row must be made before it."""
    Installation.objects.all().delete()
    output = tmp_path / "package.xml"
    call_command("export_package", "--output", str(output), stdout=io.StringIO())
    assert parse(output.read_bytes()).get("datasource") == str(Installation.objects.get().uuid)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1764633600", datetime.datetime(2025, 12, 2, 0, 0, tzinfo=datetime.UTC)),
        (" 1764633600 ", datetime.datetime(2025, 12, 2, 0, 0, tzinfo=datetime.UTC)),
        ("2025-12-02T03:00+03:00", datetime.datetime(2025, 12, 2, 0, 0, tzinfo=datetime.UTC)),
        ("2025-12-02T00:00Z", datetime.datetime(2025, 12, 2, 0, 0, tzinfo=datetime.UTC)),
    ],
)
def test_since_is_unix_seconds_or_an_iso_time(value, expected):
    assert parse_since(value) == expected


def test_since_without_a_zone_is_the_portal_s_time():
    assert parse_since("2025-12-02") == timezone.make_aware(datetime.datetime(2025, 12, 2))


@pytest.mark.parametrize("value", ["", "вчера", "2026-13-01", "99999999999999999999", "１２３"])
def test_a_bad_since_is_a_value_error(value):
    with pytest.raises(ValueError):
        parse_since(value)


def test_since_in_unix_seconds_on_the_command_line(world, tmp_path):
    output = tmp_path / "changes.xml"
    later = int((timezone.now() + datetime.timedelta(hours=1)).timestamp())
    call_command("export_package", "--since", str(later), "--output", str(output), stdout=io.StringIO())
    root = parse(output.read_bytes())
    assert root.get("kind") == "incremental" and root.get("since") == str(later)


def test_the_commands_speak_the_portal_s_language(world, tmp_path, settings):
    """Their messages are English msgids translated: Russian on the portal, English otherwise."""
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError, match="There is no organisation with id 999999"):
        call_command("issue_package_token", "--organisation", "999999", "--name", "X", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Unix seconds or ISO 8601"):
        call_command("export_package", "--since", "вчера", "--output", str(tmp_path / "p.xml"))
    stdout = io.StringIO()
    call_command("export_package", "--output", str(tmp_path / "p.xml"), stdout=stdout)
    assert "The full package is written" in stdout.getvalue()
    settings.LANGUAGE_CODE = "ru"
    stdout = io.StringIO()
    call_command(
        "export_package", "--since", "1764633600", "--output", str(tmp_path / "p.xml"), stdout=stdout
    )
    assert "Пакет изменений записан" in stdout.getvalue()
