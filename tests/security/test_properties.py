"""Property-based tests (hypothesis) over the public and the main staff forms: whatever is posted,
the portal never answers a server error, and an invalid form saves nothing."""

import datetime
import html as html_lib
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.programs.helpers import birth_date_for

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# (id, url name, url kwargs from the demo, who posts, models whose rows must not change on an invalid post)
FORMS = [
    ("apply", "programs:apply", "apply_kwargs", None, ["programs.Application"]),
    ("register", "programs:register", None, None, ["auth.User", "centre.Guardian"]),
    ("program", "programs:staff_program_create", None, "methodist", ["programs.Program"]),
    ("club", "programs:staff_club_create", None, "methodist", ["programs.Club"]),
    ("group", "programs:staff_group_create", None, "methodist", ["programs.Group", "programs.ScheduleSlot"]),
    ("project", "projects:project_create", None, "methodist", ["projects.Project", "projects.ProjectMember"]),
    ("competition", "projects:competition_create", None, "methodist", ["projects.Competition"]),
    ("platform", "innovation:platform_create", None, "methodist", ["innovation.Platform"]),
    (
        "order",
        "innovation:order_create",
        "platform_kwargs",
        "methodist",
        ["innovation.Order", "innovation.OrderCoverage"],
    ),
    ("mentoring-program", "mentoring:program_create", None, "methodist", ["mentoring.MentoringProgram"]),
    ("external", "mentoring:external_create", None, "methodist", ["mentoring.ExternalPerson"]),
    ("pair", "mentoring:pair_create", None, "methodist", ["mentoring.Pair", "mentoring.Participant"]),
]

PHONE = "+7 (913) 555-01-01"


def later(days: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def apply_birth_date(fields) -> str:
    from programs.models import Group

    group = Group.objects.in_catalogue().order_by("id").first()
    return birth_date_for(group, age=(group.age_min + group.age_max) // 2).isoformat()


def own(model_label: str, **lookups):
    """The pk of the methodist's organisation's first record of the model, as a form value."""

    def first(fields) -> str:
        methodist = get_user_model().objects.get(username="methodist")
        queryset = apps.get_model(model_label).objects.filter(
            **{
                key: methodist.person.organisation if value == "home" else value
                for key, value in lookups.items()
            }
        )
        return str(queryset.order_by("pk").values_list("pk", flat=True)[0])

    return first


def other_than(field, mentor):
    return lambda fields: next(value for value in fields[field] if value != fields[mentor][0])


def current_year_label(fields) -> str:
    return apps.get_model("centre.AcademicYear").objects.get(is_current=True).label


# Per form, what a valid post needs beyond each field's plausible value: a value, None to drop
# the field (a box left unticked, an extra formset row left empty), or a function of the
# page's fields evaluated against the demo.
NO_EXTRA_ROW = {"-DELETE": None, "-id": "", "-project": ""}
VALID = {
    "apply": {"guardian_phone": PHONE, "child_birth_date": apply_birth_date},
    "register": {"phone": PHONE, "username": "proverka"},
    "program": {
        "slug": "",
        "age_min": "7",
        "age_max": "12",
        "duration_months": "9",
        "hours_per_year": "72",
        "is_network": None,
        "is_distance": None,
        "is_adapted": None,
        "disabilities": None,
        "modules-0-hours": "36",
        "modules-0-DELETE": None,
        "modules-1-hours": "36",
        "modules-1-DELETE": None,
    },
    "club": {"slug": ""},
    "group": {
        "age_min": "7",
        "age_max": "12",
        "places": "10",
        "price": None,
        "enrol_until": later(30),
        "slots-0-weekday": "7",
        "slots-0-starts": "08:00",
        "slots-0-ends": "09:00",
        "slots-0-DELETE": None,
        "slots-1-weekday": "",
        "slots-1-starts": "",
        "slots-1-ends": "",
        "slots-1-room": "",
        "slots-1-DELETE": None,
    },
    "project": {
        "club": own("programs.Club", organisation="home"),
        "partner": None,
        "partner_case": "",
        **{f"members-{row}{key}": value for row in range(3) for key, value in NO_EXTRA_ROW.items()},
        "members-1-learner": None,
        "members-1-role": "member",  # the initial value: an untouched extra row
        "members-2-learner": None,
        "members-2-role": "member",
    },
    "order": {"academic_year": current_year_label},
    "mentoring-program": {"end": later(200)},
    "pair": {
        "planned_end": later(200),
        "mentor_learner": None,
        "mentor_external": None,
        "mentee_learners": None,
        "mentee_externals": None,
        "mentee_persons": other_than("mentee_persons", "mentor_person"),
    },
}

INPUT = re.compile(r"<input\b([^>]*)>", re.I)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.I | re.S)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>", re.I)
ATTR = re.compile(r'([a-z-]+)="([^"]*)"', re.I)
OPTION = re.compile(r'<option\b[^>]*value="([^"]*)"', re.I)


# what a browser user would type into an empty field of each input type
TYPED = {
    "text": "Проверка",
    "email": "test@example.org",
    "tel": "+7 (913) 555-01-01",
    "url": "https://example.org/",
    "number": "1",
    "password": "Kosmos-2026-ok!",
}


def typed_value(attrs: dict) -> str:
    kind = attrs.get("type", "text")
    if kind == "date":
        return datetime.date.today().isoformat()
    if kind == "number" and attrs.get("min"):
        return attrs["min"]
    return TYPED.get(kind, "Проверка")


def form_fields(page: str) -> dict[str, list[str]]:
    """Every field of the page's forms with the values the page offers or a user would type:
    a checkbox's or radio's own value ("on" when it has none), an input's initial value or one
    of its type, a select's options, a line of text for a textarea. The first is the field's
    plausible value."""
    fields: dict[str, list[str]] = {}
    for attributes in INPUT.findall(page):
        attrs = dict(ATTR.findall(attributes))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or name == "csrfmiddlewaretoken" or kind in {"submit", "file"}:
            continue
        if kind in {"checkbox", "radio"}:
            value = attrs.get("value", "on")
        elif kind == "hidden":
            value = attrs.get("value", "")
        else:
            value = attrs.get("value") or typed_value(attrs)
        fields.setdefault(name, []).append(html_lib.unescape(value))
    for attributes, options in SELECT.findall(page):
        name = dict(ATTR.findall(attributes)).get("name")
        if name:
            fields.setdefault(name, []).extend(html_lib.unescape(v) for v in OPTION.findall(options) if v)
    for attributes in TEXTAREA.findall(page):
        name = dict(ATTR.findall(attributes)).get("name")
        if name:
            fields.setdefault(name, []).append("Проверка")
    return fields


ERROR = re.compile(
    r'<(div|span|ul|p)\b[^>]*class="[^"]*\b(invalid-feedback|errorlist|alert-danger)\b[^"]*"[^>]*>(.*?)</\1>',
    re.I | re.S,
)
CYRILLIC = re.compile("[а-яё]", re.I)


def russian_errors(page: str) -> list[str]:
    """The error messages the page shows (crispy's field feedback, error lists, alerts) in Russian."""
    texts = (re.sub(r"<[^>]+>", " ", match[2]) for match in ERROR.findall(page))
    return [" ".join(text.split()) for text in texts if CYRILLIC.search(text)]


NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "99999999999999999999",
        "1e309",
        "NaN",
        "2024-02-30",
        "31.12.1899",
        "9999-12-31",
        "'; DROP TABLE programs_application; --",
        "<script>alert(1)</script>",
        "Ёжик «Робот» №5",
        "\u202eRTL",
        "a" * 5000,
        "\x00",
        "%00",
        "../../etc/passwd",
        "+7 (913) 555-01-01",
        "test@example.org",
    ]
)


def plausible(fields, form_id):
    """The POST a user would send: each field's plausible value, the form's own fixes on top."""
    data = {name: offered[0] for name, offered in fields.items() if offered}
    for name, value in VALID.get(form_id, {}).items():
        data[name] = value(fields) if callable(value) else value
    return {name: value for name, value in data.items() if value is not None}


def values_for(fields, baseline):
    """A strategy of POST data: most fields keep the plausible value, any may be missing, another
    offered value, nasty or random text."""
    per_field = {
        name: st.one_of(
            st.just(baseline.get(name)),
            st.just(baseline.get(name)),
            st.just(baseline.get(name)),
            st.none(),
            st.sampled_from(offered) if offered else st.none(),
            NASTY,
            st.text(max_size=200),
            st.lists(st.sampled_from(offered), max_size=3) if offered else st.none(),
        )
        for name, offered in fields.items()
    }
    return st.fixed_dictionaries(per_field).map(
        lambda data: {name: value for name, value in data.items() if value is not None and value != []}
    )


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def url_for(name, kwargs_kind):
    if kwargs_kind == "apply_kwargs":
        from programs.models import Group

        group = Group.objects.in_catalogue().select_related("club").order_by("id").first()
        return reverse(name, kwargs={"slug": group.club.slug, "group_id": group.pk})
    if kwargs_kind == "platform_kwargs":
        from innovation.models import Platform

        return reverse(name, kwargs={"pk": Platform.objects.order_by("id").first().pk})
    return reverse(name)


def counts(labels):
    return {label: apps.get_model(label).objects.count() for label in labels}


TRIED = {}


@pytest.mark.parametrize("form_id, name, kwargs_kind, who, models", FORMS, ids=[f[0] for f in FORMS])
def test_any_input_gives_no_server_error_and_an_invalid_form_saves_nothing(
    client, demo, form_id, name, kwargs_kind, who, models
):
    if who:
        client.force_login(get_user_model().objects.get(username=who))
    url = url_for(name, kwargs_kind)
    page = client.get(url)
    assert page.status_code == 200
    fields = form_fields(page.content.decode())
    assert len(fields) >= 3, fields
    baseline = plausible(fields, form_id)
    outcomes, shown, saved = [], [], []

    @SETTINGS
    @example(data=baseline)
    @given(data=values_for(fields, baseline))
    def post_anything(data):
        before = counts(models)
        response = client.post(url, data)
        assert response.status_code < 500, data
        after = counts(models)
        if response.status_code == 200:  # the form shown again with its errors, in Russian
            errors = russian_errors(response.content.decode())
            assert errors, data
            assert after == before, data
            shown.extend(errors)
        elif response.status_code == 302:  # valid: saved, or the same application found again
            saved.append(after != before)
            if not who:
                client.logout()  # a parent who registered is logged in: the next visitor is not
        outcomes.append(response.status_code)

    post_anything()
    assert len(outcomes) >= 25
    assert 200 in outcomes and shown  # hypothesis reached the form's validation, its errors shown
    assert any(saved), f"no valid post of {form_id} saved: {baseline}"  # and valid posts happened
    TRIED[form_id] = len(outcomes)
    print(f"{form_id}: {len(outcomes)} inputs, statuses {sorted(set(outcomes))}, e.g. {shown[0]!r}")
