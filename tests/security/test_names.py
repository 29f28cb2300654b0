"""Names and logins (issue 13, finding 10): person names refuse control, bidi and zero-width
characters and a leading ``= + - @``; a login that looks like an existing one — «dirеctor»
with a Cyrillic «е» beside ``director`` — is refused."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from centre.models import Guardian, Learner
from centre.validators import username_skeleton, validate_person_name
from programs.models import Application
from tests.programs.factories import ClubFactory, ProgramFactory, catalogue_group
from tests.programs.helpers import form_data

pytestmark = pytest.mark.django_db

CYRILLIC_E = "\u0435"
REFUSED_NAMES = [
    "Иван\u202eов",  # right-to-left override
    "\u2066Иванов\u2069",  # bidi isolates
    "Ива\u200bнов",  # zero-width space
    "Ива\u200dнов",  # zero-width joiner
    "Ива\u00adнов",  # soft hyphen
    "\ufeffИванов",  # byte order mark
    "Ива\x07нов",  # control character
    "Ива\u2028нов",  # line separator
    '=HYPERLINK("http://x","y")',
    "+79135550101",
    "-Иванов",
    "@SUM(1)",
    " =1+1",
]
GOOD_NAMES = ["Иванов", "Салтыков-Щедрин", "O'Brien", "Д'Артаньян", "Әбдірахманова", "Анна Мария", "Жанна"]


@pytest.mark.parametrize("value", REFUSED_NAMES)
def test_a_name_with_invisible_characters_or_a_formula_start_is_refused(value):
    with pytest.raises(ValidationError):
        validate_person_name(value)


@pytest.mark.parametrize("value", GOOD_NAMES)
def test_ordinary_names_pass(value):
    validate_person_name(value)


def test_the_messages_are_russian():
    with pytest.raises(ValidationError) as invisible:
        validate_person_name("Ива\u200bнов")
    with pytest.raises(ValidationError) as formula:
        validate_person_name("=1")
    assert invisible.value.messages == ["Уберите из имени невидимые и управляющие символы."]
    assert formula.value.messages == ["Имя не может начинаться с символов =, +, - или @."]


@pytest.fixture
def group():
    return catalogue_group(club=ClubFactory(slug="names"), program=ProgramFactory(), places=10)


@pytest.mark.parametrize(
    "field", ["child_surname", "child_name", "child_patronymic", "guardian_surname", "guardian_name"]
)
def test_the_public_application_refuses_a_bidi_or_formula_name_and_saves_nothing(client, group, field):
    url = reverse("programs:apply", kwargs={"slug": group.club.slug, "group_id": group.pk})
    for value in ("Сок\u202eолов", "=HYPERLINK(1)"):
        response = client.post(url, form_data(group, **{field: value}))
        assert response.status_code == 200
        assert response.context["form"].errors[field]
    assert Application.objects.count() == 0
    assert client.post(url, form_data(group)).status_code == 302  # the same form, clean, passes


REGISTER = reverse("programs:register")


def registration(**overrides):
    return {
        "surname": "Иванова",
        "name": "Мария",
        "phone": "+7 (913) 555-01-01",
        "relation": "mother",
        "email": "maria@example.org",
        "username": "maria",
        "password1": "Kosmos-2026-ok!",
        "password2": "Kosmos-2026-ok!",
        **overrides,
    }


def test_registering_a_cyrillic_lookalike_of_director_is_refused(client, director):
    lookalike = f"dir{CYRILLIC_E}ctor"
    assert lookalike != "director"
    response = client.post(REGISTER, registration(username=lookalike))
    assert response.status_code == 200
    assert "похож" in " ".join(response.context["form"].errors["username"])
    assert not get_user_model().objects.filter(username=lookalike).exists()


@pytest.mark.parametrize(
    "username",
    [
        "DIRECTOR",
        "Director",
        "ＤＩＲＥＣＴＯＲ",
        f"DIR{CYRILLIC_E.upper()}CTOR",
        "dіrесtоr",
    ],  # і, е, с, о Cyrillic
)
def test_case_width_and_script_variants_of_an_existing_login_are_refused(client, director, username):
    response = client.post(REGISTER, registration(username=username))
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert get_user_model().objects.count() == 1


def test_a_different_login_still_registers(client, director):
    response = client.post(REGISTER, registration(username="directorova"))
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="directorova").exists()


def test_registration_refuses_an_invisible_character_in_the_parents_name(client):
    response = client.post(REGISTER, registration(surname="Ива\u200bнова", name="@Мария"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"surname", "name"}
    assert not Guardian.objects.exists()


def test_the_skeleton_folds_case_width_and_lookalikes():
    assert username_skeleton(f"dir{CYRILLIC_E}ctor") == username_skeleton("DIRECTOR") == "director"
    assert username_skeleton("ｍеtоdіst") == "metodist"
    assert username_skeleton("maria") != username_skeleton("marla")


def test_the_admin_refuses_a_lookalike_login(client, admin_user, director):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": f"Dir{CYRILLIC_E}ctor",
            "password1": "Kosmos-2026-ok!",
            "password2": "Kosmos-2026-ok!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["username"]
    assert get_user_model().objects.filter(username__istartswith="dir").count() == 1


@pytest.mark.parametrize("model", [Learner, Guardian])
def test_the_admins_learner_and_guardian_forms_refuse_bidi_names(rf, admin_user, model):
    request = rf.get("/")
    request.user = admin_user
    form_class = admin.site._registry[model].get_form(request)
    form = form_class(data={"surname": "Иван\u202eов", "name": "=1+1", "patronymic": ""})
    assert not form.is_valid()
    assert {"surname", "name"} <= set(form.errors)
