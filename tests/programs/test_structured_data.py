"""The club page's schema.org JSON-LD (programs/catalogue/structured.py), read back as a
search engine reads it (extruct), and the page's CSP left as it was."""

import datetime
import json
import re

import extruct
import pytest
from django.urls import reverse

from programs.catalogue.structured import json_ld
from programs.models import Group
from tests.factories import PersonFactory, VenueFactory
from tests.programs.factories import ClubFactory, ProgramFactory, catalogue_group, many_groups
from tests.programs.helpers import days

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org"
# the policy every page had before the JSON-LD block (centre/settings.py), directive by directive
CSP_BEFORE = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def club_url(club):
    return reverse("programs:club", kwargs={"slug": club.slug})


@pytest.fixture
def group():
    program = ProgramFactory(title="Робототехника", announcement="Собираем роботов.", age_min=10, age_max=14)
    return catalogue_group(
        club=ClubFactory(name="Робоквантум", slug="robots"),
        program=program,
        name="Группа 1",
        teacher=PersonFactory(surname="Киселёв", name="Андрей", patronymic="Павлович"),
        venue=VenueFactory(name="Технопарк", address="ул. Ленина, 5"),
        weekdays=(2, 4),
        starts=datetime.time(16, 40),
    )


def courses(client, club) -> list[dict]:
    response = client.get(club_url(club))
    assert response.status_code == 200
    data = extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"])
    found = [item for item in data["json-ld"] if item.get("@type") == "Course"]
    assert found, data
    return found


def test_the_club_page_describes_a_course_with_provider_instances_and_offers(client, group, settings):
    [course] = courses(client, group.club)
    assert course["@context"] == SCHEMA
    assert course["name"] == "Робототехника"
    assert course["description"] == "Собираем роботов."
    assert course["url"] == f"{settings.PORTAL_URL}/clubs/robots/"
    assert course["provider"]["@type"] == "Organization"
    assert course["provider"]["name"] == group.club.organisation.name
    assert course["provider"]["url"]
    assert course["typicalAgeRange"] == "10-14"

    [instance] = course["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["name"] == "Группа 1"
    assert instance["courseMode"] == "onsite"
    assert instance["instructor"] == {"@type": "Person", "name": "Киселёв А. П."}
    assert instance["location"]["@type"] == "Place"
    assert instance["location"]["address"]["@type"] == "PostalAddress"
    assert instance["location"]["address"]["streetAddress"] == "ул. Ленина, 5"
    year = group.academic_year
    assert [
        (slot["@type"], slot["byDay"], slot["startTime"], slot["endTime"])
        for slot in instance["courseSchedule"]
    ] == [
        ("Schedule", f"{SCHEMA}/Tuesday", "16:40:00", "18:10:00"),
        ("Schedule", f"{SCHEMA}/Thursday", "16:40:00", "18:10:00"),
    ]
    for slot in instance["courseSchedule"]:
        assert slot["startDate"] == year.start.isoformat()
        assert slot["endDate"] == year.end.isoformat()
        assert slot["repeatFrequency"] == "P1W"
        assert slot["scheduleTimezone"] == settings.TIME_ZONE
        assert slot["duration"] == "PT90M"

    [offer] = course["offers"]
    assert offer["@type"] == "Offer"
    assert (offer["price"], offer["priceCurrency"], offer["category"]) == ("0.00", "RUB", "Free")
    assert offer["availability"] == f"{SCHEMA}/InStock"
    assert "Павлович" not in json.dumps(course, ensure_ascii=False)


def test_a_paid_group_offers_its_monthly_price_and_a_certificate_group_zero(client, group):
    paid = catalogue_group(club=group.club, program=group.program, paid=True, name="Платная")
    catalogue_group(club=group.club, program=group.program, funding=Group.Funding.CERTIFICATE, name="ПФДО")
    [course] = courses(client, group.club)
    offers = {offer["name"]: offer for offer in course["offers"]}
    assert offers["Платная"]["price"] == "1500.00"
    assert offers["Платная"]["category"] == "Paid"
    assert offers["Платная"]["priceSpecification"]["referenceQuantity"]["unitCode"] == "MON"
    assert offers["Платная"]["url"].endswith(f"#group-{paid.pk}")
    assert (offers["ПФДО"]["price"], offers["ПФДО"]["category"]) == ("0.00", "Free")
    assert len(course["hasCourseInstance"]) == 3


def test_availability_follows_the_places_and_the_window(client, group):
    full = catalogue_group(club=group.club, program=group.program, name="Полная")
    Group.objects.filter(pk=full.pk).update(places=2, enrolled_count=2)
    later = catalogue_group(club=group.club, program=group.program, name="Позже")
    Group.objects.filter(pk=later.pk).update(enrol_from=days(5))
    closed = catalogue_group(club=group.club, program=group.program, name="Закрыта")
    Group.objects.filter(pk=closed.pk).update(enrol_from=days(-30), enrol_until=days(-1))
    [course] = courses(client, group.club)
    offers = {offer["name"]: offer["availability"] for offer in course["offers"]}
    assert offers == {
        "Группа 1": f"{SCHEMA}/InStock",
        "Полная": f"{SCHEMA}/SoldOut",
        "Позже": f"{SCHEMA}/PreOrder",
        "Закрыта": f"{SCHEMA}/OutOfStock",
    }


def test_distance_learning_is_blended(client, group):
    group.program.is_distance = True
    group.program.save()
    [course] = courses(client, group.club)
    assert course["hasCourseInstance"][0]["courseMode"] == "blended"


def test_each_program_of_a_club_is_its_own_course(client, group):
    catalogue_group(club=group.club, program=ProgramFactory(title="Программирование"), name="Питон")
    found = courses(client, group.club)
    assert sorted(course["name"] for course in found) == ["Программирование", "Робототехника"]
    for course in found:
        assert len(course["hasCourseInstance"]) == len(course["offers"]) == 1


def test_a_title_with_a_closing_script_tag_stays_inside_the_block(client, group):
    title = '</script><script>alert("x")</script> & <b>'
    group.program.title = title
    group.program.save()
    html = client.get(club_url(group.club)).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0] and ">" not in blocks[0] and "&" not in blocks[0]
    assert "\\u003C/script\\u003E" in blocks[0]
    assert "<script>alert" not in html
    assert json.loads(blocks[0])[0]["name"] == title
    [course] = courses(client, group.club)
    assert course["name"] == title


def test_json_ld_escapes_as_json_script_does():
    assert json_ld({"a": "<>&\u2028"}) == '{"a":"\\u003C\\u003E\\u0026\\u2028"}'


def test_the_page_keeps_its_content_security_policy(client, group):
    response = client.get(club_url(group.club))
    assert directives(response["Content-Security-Policy"]) == CSP_BEFORE
    catalogue = client.get(reverse("programs:catalogue"))
    assert directives(catalogue["Content-Security-Policy"]) == CSP_BEFORE
    # the one script element on the page that is not a file of the portal is the data block
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline == [' type="application/ld+json"']


def test_the_block_is_in_the_head(client, group):
    html = client.get(club_url(group.club)).content.decode()
    head = html.split("</head>")[0]
    assert '<script type="application/ld+json">' in head


def test_structured_data_adds_one_query_whatever_the_groups(client, django_assert_max_num_queries):
    groups = many_groups(60, per_club=60)
    with django_assert_max_num_queries(11):
        response = client.get(club_url(groups[0].club))
    [course] = [
        item
        for item in extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"]
        if item["@type"] == "Course"
    ]
    assert len(course["hasCourseInstance"]) == 60


# schema.org's properties of each type the block uses (inherited ones included: Course and
# CourseInstance from CreativeWork/Event and Thing), and the type each property's value has
# (schema.org's published ranges): every object of the block must fit them.
THING = {"@id", "@type", "@context", "name", "description", "url"}
PROPERTIES = {
    "Course": THING
    | {
        "inLanguage",
        "provider",
        "typicalAgeRange",
        "timeRequired",
        "about",
        "keywords",
        "educationalLevel",
        "hasCourseInstance",
        "offers",
    },
    "CourseInstance": THING
    | {
        "courseMode",
        "location",
        "startDate",
        "endDate",
        "courseSchedule",
        "instructor",
        "maximumAttendeeCapacity",
    },
    "Schedule": THING
    | {
        "byDay",
        "startTime",
        "endTime",
        "duration",
        "startDate",
        "endDate",
        "repeatFrequency",
        "scheduleTimezone",
    },
    "Offer": THING
    | {
        "category",
        "price",
        "priceCurrency",
        "availability",
        "priceSpecification",
        "availabilityStarts",
        "availabilityEnds",
    },
    "UnitPriceSpecification": THING | {"price", "priceCurrency", "referenceQuantity"},
    "QuantitativeValue": THING | {"value", "unitCode"},
    "Place": THING | {"address"},
    "PostalAddress": THING | {"streetAddress", "addressCountry"},
    "Organization": THING,
    "Person": THING,
}
RANGES = {
    "provider": {"Organization", "Person"},
    "hasCourseInstance": {"CourseInstance"},
    "offers": {"Offer"},
    "courseSchedule": {"Schedule"},
    "location": {"Place"},
    "instructor": {"Person"},
    "address": {"PostalAddress"},
    "priceSpecification": {"UnitPriceSpecification"},
    "referenceQuantity": {"QuantitativeValue"},
}
DAY_NAMES = {
    f"{SCHEMA}/{day}"
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
}


def misfits(item: dict, path: str = "") -> list[str]:
    kind = item.get("@type")
    if kind not in PROPERTIES:
        return [f"{path}: unknown type {kind!r}"]
    found = [f"{path}.{name}: not a property of {kind}" for name in item if name not in PROPERTIES[kind]]
    for name, value in item.items():
        for index, child in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(child, dict):
                if name in RANGES and child.get("@type") not in RANGES[name]:
                    found.append(f"{path}.{name}: a {child.get('@type')} where {RANGES[name]} is expected")
                found.extend(misfits(child, f"{path}.{name}[{index}]"))
            elif name in RANGES:
                found.append(f"{path}.{name}: {child!r} is no object")
    return found


def test_every_object_fits_schema_orgs_types(client, group):
    catalogue_group(club=group.club, program=group.program, paid=True, name="Платная")
    for course in courses(client, group.club):
        assert misfits(course, "Course") == []
        for instance in course["hasCourseInstance"]:
            for slot in instance["courseSchedule"]:
                assert slot["byDay"] in DAY_NAMES
                datetime.time.fromisoformat(slot["startTime"])
                datetime.date.fromisoformat(slot["startDate"])
        for offer in course["offers"]:
            assert re.fullmatch(r"\d+\.\d\d", offer["price"])
            assert offer["availability"].startswith(f"{SCHEMA}/")


def test_the_shape_check_can_fail():
    assert misfits({"@type": "Course", "courseSchedule": {"@type": "Schedule"}}, "Course") == [
        "Course.courseSchedule: not a property of Course"
    ]
    wrong_range = misfits({"@type": "Course", "provider": {"@type": "Place"}}, "Course")
    assert len(wrong_range) == 1 and wrong_range[0].startswith("Course.provider: a Place where")


def test_a_lesson_s_duration_is_the_slot_s_own(client, group, monkeypatch):
    """The Schedule's duration is ScheduleSlot.duration_minutes (the package's length too),
    not a helper of its own."""
    from programs.catalogue import structured
    from programs.models import ScheduleSlot

    assert not hasattr(structured, "_minutes")
    monkeypatch.setattr(ScheduleSlot, "duration_minutes", property(lambda slot: 7))
    [course] = courses(client, group.club)
    assert {slot["duration"] for slot in course["hasCourseInstance"][0]["courseSchedule"]} == {"PT7M"}
