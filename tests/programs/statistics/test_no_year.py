"""Before the first academic year is recorded the statistics say there is nothing to count
yet (a page, not a 404: the staff home links to it from the first day)."""

import pytest
from django.urls import reverse

from centre.models import AcademicYear
from centre.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["programs:statistics", "programs:statistics_print", "programs:statistics_export"]
)
def test_without_any_academic_year_the_pages_say_so(client, make_user, name):
    AcademicYear.objects.all().delete()
    client.force_login(make_user(Role.DIRECTOR))
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'id="statistics-no-year"' in response.content.decode()


def test_with_a_year_the_page_is_the_statistics(client, make_user):
    AcademicYear.objects.get_or_create(
        label="2026/2027", defaults={"start": "2026-09-01", "end": "2027-08-31"}
    )
    client.force_login(make_user(Role.DIRECTOR))
    response = client.get(reverse("programs:statistics"))
    assert response.status_code == 200
    assert 'id="statistics-no-year"' not in response.content.decode()
