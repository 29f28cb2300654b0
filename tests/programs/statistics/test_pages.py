"""The statistics page: who opens it, whose figures it shows, in the press release's words
and form 1-ДОП's table, with a chart, for any academic year, in a fixed number of queries."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from centre.models import Organisation
from centre.roles import Role
from programs.statistics import refresh
from tests.programs.statistics import world
from tests.programs.statistics.helpers import authority_member, director_of, member

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def known():
    built = world.build()
    refresh(built.year)
    return built


def _line(content: str, line: str) -> dict:
    """The table line's figures by column, as the page writes them."""
    row = re.search(rf'<tr data-line="{line}">(.*?)</tr>', content, re.S).group(1)
    return dict(re.findall(r'data-column="(\w+)">([^<]*)<', row))


def _numbers(cells: dict) -> dict:
    return {column: int(cells[column].replace(NBSP, "")) for column in world.COLUMNS}


def test_the_authority_reads_its_territorys_figures(client, known):
    client.force_login(authority_member(known.authority))
    response = client.get(reverse("programs:statistics"))
    assert response.status_code == 200
    content = response.content.decode()
    assert _numbers(_line(content, "total")) == world.TOTAL
    assert _line(content, "total")["share"] == f"33,3{NBSP}%"
    assert _numbers(_line(content, "technical")) == world.A_TECHNICAL
    assert _numbers(_line(content, "arts")) == world.ARTS
    assert _line(content, "arts")["share"] == f"26,7{NBSP}%"
    # the press release's words
    assert (
        f"По программам дополнительного образования занимаются 33,3{NBSP}% (10) детей от общего числа школьников"
        in content
    )
    assert f"в 1 организации образования — 26,7{NBSP}% (8)" in content
    assert f"в 1 организации системы культуры и спорта — 6,7{NBSP}% (2)" in content
    assert "Научно-техническим творчеством занимаются 13,3" in content
    assert "Всего 4 педагога" in content
    assert "Показатели на " in content
    assert 'data-testid="statistics-direction-chart"' in content
    assert 'data-testid="statistics-age-chart"' in content
    assert "statistics-pupils" in content  # the authority enters the territory's number


def test_a_director_sees_only_their_organisation(client, known):
    client.force_login(director_of(known.a))
    content = client.get(reverse("programs:statistics")).content.decode()
    assert _numbers(_line(content, "total")) == world.A_TOTAL
    assert _numbers(_line(content, "arts")) == world.A_ARTS
    assert "statistics-pupils-save" not in content  # only the authority records the number
    client.force_login(director_of(known.b, "director_b"))
    content = client.get(reverse("programs:statistics")).content.decode()
    assert _numbers(_line(content, "total")) == world.B_TOTAL
    assert 'data-line="technical"' not in content


def test_an_authority_of_another_territory_sees_none_of_these_figures(client, known):
    other = Organisation.objects.create(name="Управление Y", kind=Organisation.Kind.AUTHORITY)
    client.force_login(authority_member(other, "authority_y"))
    content = client.get(reverse("programs:statistics")).content.decode()
    assert _numbers(_line(content, "total")) == dict.fromkeys(world.COLUMNS, 0)


def test_the_administrator_sees_every_organisation(admin_client, known):
    content = admin_client.get(reverse("programs:statistics")).content.decode()
    assert _numbers(_line(content, "total")) == world.TOTAL


@pytest.mark.parametrize("role", [Role.METHODIST, Role.TEACHER, Role.COORDINATOR, Role.PARENT])
def test_other_roles_may_not_open_it(client, known, role):
    client.force_login(member(known.a, role, f"someone_{role}"))
    assert client.get(reverse("programs:statistics")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, known):
    response = client.get(reverse("programs:statistics"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_any_academic_year(client, known):
    refresh(known.last_year)
    client.force_login(director_of(known.a))
    content = client.get(reverse("programs:statistics"), {"year": known.last_year.pk}).content.decode()
    assert _numbers(_line(content, "technical")) == world.LAST_YEAR_A_TECHNICAL
    assert f'<option value="{known.last_year.pk}" selected>' in content


def test_the_page_reads_a_fixed_number_of_queries(client, known, django_assert_max_num_queries):
    client.force_login(authority_member(known.authority))
    client.get(reverse("programs:statistics"))
    with django_assert_max_num_queries(22) as captured:
        response = client.get(reverse("programs:statistics"))
    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "programs_enrollment" not in sql and "centre_learner" not in sql


@pytest.mark.parametrize(
    ("language", "children", "share"),
    [("ru", "10", f"33,3{NBSP}%"), ("kk", "10", f"33,3{NBSP}%"), ("en", "10", f"33.3{NBSP}%")],
)
def test_numbers_follow_the_language(client, known, language, children, share):
    client.force_login(authority_member(known.authority))
    # the request inside: the language its middleware activates ends with the block
    with translation.override(language):
        content = client.get(reverse("programs:statistics")).content.decode()
    assert _line(content, "total")["learners"] == children
    assert _line(content, "total")["share"] == share
