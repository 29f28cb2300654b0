"""«Проверить заявку»: number + phone or e-mail → the status; the same answer shape whether or
not they match, nothing of the child but the first name, rate-limited."""

import datetime
import re

import pytest
from django.urls import reverse

from programs.forms.parents import LookupForm
from programs.models import Application
from tests.programs.factories import ApplicationFactory, catalogue_group

pytestmark = pytest.mark.django_db

LOOKUP = reverse("programs:application_lookup")


@pytest.fixture
def application():
    return ApplicationFactory(
        group=catalogue_group(),
        child_surname="Секретова",
        child_name="Алиса",
        child_patronymic="Олеговна",
        guardian_surname="Секретов",
        guardian_phone="+7 (913) 555-01-01",
        guardian_email="Olga@Example.org",
    )


def answer(response) -> str:
    html = response.content.decode()
    match = re.search(
        r'<section class="card mt-3" aria-live="polite" id="lookup-result">.*?</section>', html, re.S
    )
    assert match, "no answer on the page"
    return match.group(0)


@pytest.mark.parametrize(
    "number, contact",
    [
        ("{number}", "+7 (913) 555-01-01"),
        ("{number}", "8 913 555 01 01"),  # the phone however typed
        ("{number_lower}", "olga@example.ORG"),  # the e-mail in any case, the number too
        ("{pk}", "89135550101"),  # just the digits of the number
    ],
)
def test_a_matching_number_and_contact_answer_the_status_with_the_first_name_only(
    client, application, number, contact
):
    typed = number.format(
        number=application.number, number_lower=application.number.lower(), pk=application.pk
    )
    response = client.post(LOOKUP, {"number": typed, "contact": contact})
    assert response.status_code == 200
    result = answer(response)
    assert 'data-testid="lookup-found"' in result
    assert application.number in result and "Алиса" in result
    assert 'data-status="new"' in result
    html = response.content.decode()
    for secret in ("Секретова", "Олеговна", "Секретов", str(application.token), application.get_status_url()):
        assert secret not in html
    assert application.child_birth_date.isoformat() not in html


def test_the_place_in_the_waiting_list_is_said(client, application):
    ahead = ApplicationFactory(group=application.group, status=Application.Status.WAITING)
    application.status = Application.Status.WAITING
    application.queued_at = ahead.queued_at + datetime.timedelta(minutes=1)
    application.save()
    result = answer(client.post(LOOKUP, {"number": application.number, "contact": "+79135550101"}))
    assert "Место в листе ожидания: 2." in result


@pytest.mark.parametrize(
    "number, contact",
    [
        ("{number}", "+7 (913) 555-01-02"),  # another phone
        ("{number}", "olga@example.com"),  # another e-mail
        ("{other_year}", "+7 (913) 555-01-01"),  # the right pk, a wrong year
        ("{missing}", "+7 (913) 555-01-01"),  # no such number
    ],
)
def test_no_match_has_the_same_shape_and_tells_nothing(client, application, number, contact):
    typed = number.format(
        number=application.number,
        other_year=f"З-{application.created_at.year - 1}-{application.pk:06d}",
        missing=f"З-{application.created_at.year}-{application.pk + 1000:06d}",
    )
    found = client.post(LOOKUP, {"number": application.number, "contact": "+7 (913) 555-01-01"})
    missing = client.post(LOOKUP, {"number": typed, "contact": contact})
    assert missing.status_code == found.status_code == 200
    assert missing.templates[0].name == found.templates[0].name
    result = answer(missing)
    assert 'data-testid="lookup-none"' in result and 'data-testid="lookup-found"' not in result
    assert "Алиса" not in missing.content.decode()
    # what was typed stays in the form
    assert f'value="{typed}"' in missing.content.decode()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"number": "", "contact": "+79135550101"}, "number", "Введите номер заявки."),
        ({"number": "abc", "contact": "+79135550101"}, "number", "Номер заявки выглядит так"),
        ({"number": "З-2026-1", "contact": ""}, "contact", "Введите телефон или e-mail"),
        ({"number": "З-2026-1", "contact": "12"}, "contact", "Введите номер телефона"),
    ],
)
def test_bad_input_gets_a_russian_message_and_no_answer(client, data, field, message):
    response = client.post(LOOKUP, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert 'id="lookup-result"' not in response.content.decode()


def test_the_lookup_is_rate_limited(client, application, settings):
    settings.LOOKUP_RATE_PER_MINUTE = 2
    data = {"number": application.number, "contact": "+7 (913) 555-01-02"}
    assert client.post(LOOKUP, data).status_code == 200
    assert client.post(LOOKUP, data).status_code == 200
    assert client.post(LOOKUP, data).status_code == 429
    assert client.get(LOOKUP).status_code == 200  # reading the form is not limited
    assert client.post(LOOKUP, data, REMOTE_ADDR="192.0.2.77").status_code == 200


def test_the_lookup_reads_a_fixed_number_of_queries(client, application, django_assert_max_num_queries):
    for _index in range(10):
        ApplicationFactory(group=application.group, status=Application.Status.WAITING)
    application.status = Application.Status.WAITING
    application.save()
    with django_assert_max_num_queries(4):
        client.post(LOOKUP, {"number": application.number, "contact": "+7 (913) 555-01-01"})


@pytest.mark.parametrize(
    "role_client", ["anonymous", "parent", "teacher", "methodist", "director"], indirect=True
)
def test_the_lookup_opens_for_every_role(role_client):
    response = role_client.get(LOOKUP)
    assert response.status_code == 200
    assert 'name="number"' in response.content.decode()


def test_the_answer_is_never_cached(client, application):
    response = client.post(LOOKUP, {"number": application.number, "contact": "+7 (913) 555-01-01"})
    assert "no-store" in response.get("Cache-Control", "") or "no-cache" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "typed, parsed",
    [
        ("345", (None, 345)),  # a number that begins with 3 is not «З» and 45
        ("3-2026-000345", (2026, 345)),  # a 3 typed for «З» before a separator
        ("3 2026 345", (2026, 345)),
        ("З2026-000345", (2026, 345)),
        ("z-345", (None, 345)),
    ],
)
def test_the_number_is_read_as_a_parent_types_it(typed, parsed):
    form = LookupForm(data={"number": typed, "contact": "+7 913 555 01 01"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["number"] == parsed
