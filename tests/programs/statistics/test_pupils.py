"""The authority enters its territory's number of schoolchildren for a year: kept with who
entered it, replaced when entered again; bad input gets a clear message and saves nothing;
only an authority's member (or the administrator) may, and only for their own authority."""

import pytest
from django.urls import reverse

from centre.models import Organisation, TerritoryPupils
from programs.statistics import refresh
from tests.programs.statistics import world
from tests.programs.statistics.helpers import authority_member, director_of

pytestmark = pytest.mark.django_db
URL = "programs:statistics_pupils"


@pytest.fixture
def known():
    built = world.build()
    TerritoryPupils.objects.all().delete()
    refresh(built.year)
    return built


@pytest.fixture
def member(client, known):
    user = authority_member(known.authority)
    client.force_login(user)
    return user


def _post(client, known, pupils, authority=None, year=None):
    return client.post(
        reverse(URL),
        {
            "authority": (authority or known.authority).pk,
            "academic_year": (year or known.year).pk,
            "pupils": pupils,
        },
    )


def test_the_number_is_kept_with_who_entered_it_and_the_shares_appear(client, known, member):
    response = _post(client, known, "3 047 637")
    assert response.status_code == 302
    record = TerritoryPupils.objects.get()
    assert (record.authority, record.academic_year, record.pupils, record.entered_by) == (
        known.authority,
        known.year,
        3_047_637,
        member,
    )
    response = _post(client, known, "30")
    assert TerritoryPupils.objects.get().pupils == 30  # replaced, not a second row
    content = client.get(response["Location"]).content.decode()
    assert "33,3\u00a0%" in content
    assert 'value="30"' in content  # the form shows the recorded number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Введите число школьников."),
        ("много", "Введите число школьников целым числом, только цифрами."),
        ("12,5", "Введите число школьников целым числом, только цифрами."),
        ("0", "Численность школьников должна быть больше нуля."),
        ("-5", "Численность школьников должна быть больше нуля."),
        ("60000000", "Столько школьников нет ни на одной территории: проверьте число."),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(client, known, member, value, message):
    response = _post(client, known, value)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TerritoryPupils.objects.exists()


def test_another_authoritys_number_cannot_be_entered(client, known, member):
    other = Organisation.objects.create(name="Управление Y", kind=Organisation.Kind.AUTHORITY)
    response = _post(client, known, "100", authority=other)
    assert response.status_code == 200
    assert "Выберите орган управления образованием, в котором вы работаете." in response.content.decode()
    assert not TerritoryPupils.objects.exists()


def test_a_director_may_not_enter_it(client, known):
    client.force_login(director_of(known.a))
    assert _post(client, known, "100").status_code == 403
    assert not TerritoryPupils.objects.exists()


def test_the_administrator_may_enter_any_authoritys(admin_client, known):
    assert _post(admin_client, known, "100").status_code == 302
    assert TerritoryPupils.objects.get().pupils == 100
