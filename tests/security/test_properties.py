"""Property-based tests (hypothesis) over the public and the main staff forms: whatever is posted,
the portal never answers a server error, and an invalid form saves nothing."""

import html as html_lib
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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

INPUT = re.compile(r"<input\b([^>]*)>", re.I)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.I | re.S)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>", re.I)
ATTR = re.compile(r'([a-z-]+)="([^"]*)"', re.I)
OPTION = re.compile(r'<option\b[^>]*value="([^"]*)"', re.I)


def form_fields(page: str) -> dict[str, list[str]]:
    """Every field of the page's forms with the values the page itself offers (initial, options)."""
    fields: dict[str, list[str]] = {}
    for attributes in INPUT.findall(page):
        attrs = dict(ATTR.findall(attributes))
        name = attrs.get("name")
        if not name or name == "csrfmiddlewaretoken" or attrs.get("type") in {"submit", "file"}:
            continue
        fields.setdefault(name, []).append(html_lib.unescape(attrs.get("value", "on")))
    for attributes, options in SELECT.findall(page):
        name = dict(ATTR.findall(attributes)).get("name")
        if name:
            fields.setdefault(name, []).extend(html_lib.unescape(v) for v in OPTION.findall(options) if v)
    for attributes in TEXTAREA.findall(page):
        name = dict(ATTR.findall(attributes)).get("name")
        if name:
            fields.setdefault(name, []).append("")
    return fields


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


def values_for(fields):
    """A strategy of POST data: each field missing, one of its offered values, nasty or random text."""
    per_field = {
        name: st.one_of(
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
    outcomes = []

    @SETTINGS
    @given(data=values_for(fields))
    def post_anything(data):
        before = counts(models)
        response = client.post(url, data)
        assert response.status_code < 500, data
        after = counts(models)
        if response.status_code == 200:  # the form shown again with its errors
            assert (
                response.context["form"].errors
                or any(getattr(form, "errors", None) for form in response.context.get("forms", []))
                or after == before
            )
            assert after == before, data
        outcomes.append(response.status_code)

    post_anything()
    assert len(outcomes) >= 25
    assert 200 in outcomes  # hypothesis reached the form's validation
    TRIED[form_id] = len(outcomes)
    print(f"{form_id}: {len(outcomes)} inputs, statuses {sorted(set(outcomes))}")
