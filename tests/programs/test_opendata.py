"""Open data (programs/opendata.py, /opendata/…): the rows are the public catalogue, the fields
are the structure, nothing personal is in them, the files stream in a fixed number of queries."""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_http_date

from centre.models import Organisation
from programs import opendata
from programs.models import Group, Tombstone
from tests.factories import (
    AcademicYearFactory,
    GuardianFactory,
    LearnerFactory,
    PersonFactory,
    VenueFactory,
    link_guardian,
)
from tests.programs.factories import (
    ApplicationFactory,
    ClubFactory,
    GroupFactory,
    ProgramFactory,
    catalogue_group,
    many_groups,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent", "teacher", "methodist", "director"]
DATA_URLS = [
    "opendata_csv",
    "opendata_json",
    "opendata_structure",
    "opendata_passport",
    "opendata_passport_json",
]
# what the recommendations' passport must name
PASSPORT_PROPERTIES = {
    "standardversion",
    "identifier",
    "title",
    "description",
    "creator",
    "publishername",
    "publisherphone",
    "publishermbox",
    "format",
    "created",
    "modified",
    "provenance",
    "valid",
    "subject",
    "license",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def get(client, name, **headers):
    response = client.get(reverse(f"programs:{name}"), **headers)
    assert response.status_code == 200, name
    return response, body(response)


def csv_rows(client) -> list[dict]:
    _response, text = get(client, "opendata_csv")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def group():
    return catalogue_group(
        club=ClubFactory(name="Робоквантум", slug="robots"),
        program=ProgramFactory(title='Робототехника, "начало"\nи дальше'),
        name="Группа 1",
        teacher=PersonFactory(
            surname="Киселёв",
            name="Андрей",
            patronymic="Павлович",
            phone="+7 913 555-44-33",
            email="t@example.org",
        ),
        venue=VenueFactory(name="Технопарк", address="ул. Ленина, 5"),
        weekdays=(2, 4),
        starts=datetime.time(16, 40),
    )


def test_the_rows_are_the_catalogue_groups(client, group):
    paid = catalogue_group(club=group.club, program=group.program, paid=True, name="Платная")
    GroupFactory(club=group.club, academic_year=AcademicYearFactory(label="2015/2016"), name="Старая")
    GroupFactory(program=ProgramFactory(draft=True), name="Черновая")
    expected = {str(uuid) for uuid in Group.objects.in_catalogue().values_list("uuid", flat=True)}
    assert expected == {str(group.uuid), str(paid.uuid)}

    rows = csv_rows(client)
    assert {row["group_uuid"] for row in rows} == expected
    _response, text = get(client, "opendata_json")
    assert {row["group_uuid"] for row in json.loads(text)} == expected


def test_a_row_says_what_the_club_page_says(client, group, settings):
    paid = catalogue_group(club=group.club, program=group.program, paid=True, name="Платная")
    rows = {row["group"]: row for row in csv_rows(client)}
    row = rows["Группа 1"]
    assert row["program"] == 'Робототехника, "начало"\nи дальше'  # quoted and read back whole
    assert row["club"] == "Робоквантум"
    assert row["club_url"] == f"{settings.PORTAL_URL}/clubs/robots/"
    assert row["teacher"] == "Киселёв А. П."
    assert row["address"] == "ул. Ленина, 5"
    assert row["schedule"] == "tue 16:40-18:10;thu 16:40-18:10"
    assert row["date_begin"] == group.academic_year.start.isoformat()
    assert (row["funding"], row["price"], row["adapted"]) == ("free", "", "false")
    assert (rows["Платная"]["funding"], rows["Платная"]["price"]) == ("paid", "1500.00")
    assert rows["Платная"]["group_uuid"] == str(paid.uuid)

    _response, text = get(client, "opendata_json")
    data = {item["group"]: item for item in json.loads(text)}
    assert data["Группа 1"]["schedule"] == [
        {"day": "tue", "starts": "16:40", "ends": "18:10"},
        {"day": "thu", "starts": "16:40", "ends": "18:10"},
    ]
    assert data["Платная"]["price"] == 1500
    assert data["Группа 1"]["price"] is None
    assert data["Группа 1"]["places"] == 12
    assert data["Группа 1"]["adapted"] is False


def test_the_fields_are_the_structure(client, group):
    _response, text = get(client, "opendata_structure")
    structure = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(structure[0]) == ["field name", "english description", "russian description", "format"]
    names = [line["field name"] for line in structure]
    assert names == list(opendata.FIELD_NAMES)
    for line in structure:
        assert line["english description"] and line["russian description"]
        assert line["format"] in {"string", "integer", "number", "boolean", "date"}
    assert {line["field name"]: line["russian description"] for line in structure}["teacher"] == (
        "Педагог (фамилия и инициалы)"
    )

    _response, data = get(client, "opendata_csv")
    assert data.splitlines()[0].split(",") == names
    _response, data = get(client, "opendata_json")
    assert [list(item) for item in json.loads(data)] == [names]

    formats = {line["field name"]: line["format"] for line in structure}
    for row in csv_rows(client):
        for name, value in row.items():
            if not value:
                continue
            if formats[name] == "integer":
                int(value)
            elif formats[name] == "number":
                float(value)
            elif formats[name] == "boolean":
                assert value in {"true", "false"}
            elif formats[name] == "date":
                datetime.date.fromisoformat(value)


def test_the_csv_is_utf8_without_a_bom_comma_separated_with_crlf(client, group):
    response = client.get(reverse("programs:opendata_csv"))
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.startswith(b"group_uuid,group,")
    assert raw.split(b"\n")[0].endswith(b"\r")
    assert "Робоквантум".encode() in raw


def test_no_personal_data_in_the_files(client, group):
    learner = LearnerFactory(surname="Секретова", name="Алиса", birth_date=datetime.date(2015, 3, 17))
    guardian = GuardianFactory(surname="Тайнова", phone="+7 (900) 123-98-76")
    link_guardian(guardian, learner)
    ApplicationFactory(
        group=group,
        child_surname="Заявкина",
        guardian_phone="+7 (913) 777-66-55",
        guardian_email="p@example.org",
    )
    secrets = [
        "Секретова",
        "Тайнова",
        "123-98-76",
        "Заявкина",
        "777-66-55",
        "p@example.org",
        "2015-03-17",
        "17.03.2015",
        "Павлович",  # the teacher by the short name only
        "555-44-33",  # no staff contact
        "t@example.org",
    ]
    for name in DATA_URLS:
        _response, text = get(client, name)
        for secret in secrets:
            assert secret not in text, (name, secret)


def test_the_files_stream_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    many_groups(40, per_club=5)
    for name in ("opendata_csv", "opendata_json"):
        cache.clear()
        with django_assert_max_num_queries(4):
            response = client.get(reverse(f"programs:{name}"))
            text = body(response)
        assert response.streaming
        assert text.count("Группа") >= 40


def test_the_passport_page_makes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    many_groups(20)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("programs:opendata")).status_code == 200


def test_last_modified_is_the_catalogues_newest_change(client, group):
    response, _text = get(client, "opendata_csv")
    first = parse_http_date(response["Last-Modified"])
    newest = max(group.updated_at, group.program.updated_at, *(slot.updated_at for slot in group.slots.all()))
    assert first == int(newest.timestamp())
    assert "public" in response["Cache-Control"]


def test_a_deletion_moves_the_change_time(client, group):
    # (a test runs in one transaction, where the triggers' now() never moves: the time is set)
    other = catalogue_group(club=group.club, program=group.program, name="Другая")
    response, _text = get(client, "opendata_json")
    before = parse_http_date(response["Last-Modified"])
    other.slots.all().delete()
    other.delete()
    later = timezone.now() + datetime.timedelta(hours=1)
    Tombstone.objects.filter(uuid=other.uuid).update(deleted_at=later)
    cache.clear()
    response, text = get(client, "opendata_json")
    assert str(other.uuid) not in text
    assert parse_http_date(response["Last-Modified"]) == int(later.timestamp()) > before


def test_the_machine_passport_names_every_property_in_russian(client, group, settings):
    Organisation.objects.filter(pk=group.club.organisation_id).update(
        ogrn="1025500000000", phone="+7 3812 00-00-00", email="centre@example.org"
    )
    _response, text = get(client, "opendata_passport", HTTP_ACCEPT_LANGUAGE="en")
    lines = list(csv.reader(io.StringIO(text, newline="")))
    assert lines[0] == ["property", "value"]
    passport = dict(lines[1:])
    assert set(passport) >= PASSPORT_PROPERTIES
    assert passport["identifier"] == "1025500000000-clubs-catalogue"
    assert passport["title"] == "Кружки и группы дополнительного образования"
    assert passport["creator"] == group.club.organisation.name
    assert passport["publishermbox"] == "centre@example.org"
    assert passport["format"] == "csv"
    data_keys = [key for key in passport if key.startswith("data-")]
    assert f"{settings.PORTAL_URL}/opendata/catalogue.csv" in [passport[key] for key in data_keys]
    assert (
        passport[f"structure-{opendata.STRUCTURE_VERSION}"] == f"{settings.PORTAL_URL}/opendata/structure.csv"
    )
    assert passport["modified"].startswith(datetime.date.today().isoformat()[:4])

    _response, text = get(client, "opendata_passport_json")
    assert json.loads(text) == passport


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_the_passport_page_opens_for_every_role(role_client, group):
    response = role_client.get(reverse("programs:opendata"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in DATA_URLS:
        assert f'href="{reverse(f"programs:{name}")}"' in html
    assert 'data-property="license"' in html
    assert "table-stack" in html and "data-label=" in html


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_the_data_files_open_for_every_role(role_client, group):
    for name in DATA_URLS:
        assert role_client.get(reverse(f"programs:{name}")).status_code == 200


def test_only_get(client, group):
    for name in ["opendata", *DATA_URLS]:
        assert client.post(reverse(f"programs:{name}")).status_code == 405


def test_the_footer_links_to_the_open_data(client, group):
    html = client.get(reverse("programs:catalogue")).content.decode()
    assert f'href="{reverse("programs:opendata")}" id="opendata-link"' in html


def test_a_teacher_is_named_as_the_portal_names_staff(client, group):
    """The row's teacher is Person.short_name, through the one helper."""
    from centre.models.people import short_name_of

    assert opendata.short_name_of is short_name_of
    [row] = [row for row in opendata.rows() if row["group_uuid"] == str(group.uuid)]
    assert row["teacher"] == group.teacher.short_name
