"""What the page says around its figures: the moment they describe in the language's own
date and time (Kazakh: «2026 жылғы 2 желтоқсан»), whether a refresh runs or waits, and
whose number of schoolchildren the form shows beside the sum the shares are of."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from centre.models import TerritoryPupils
from programs.models import StatisticsRefresh
from programs.statistics import queue_refresh, refresh
from tests.factories import OrganisationFactory
from tests.programs.statistics import world
from tests.programs.statistics.helpers import authority_member

pytestmark = pytest.mark.django_db
MOMENT = datetime.datetime(2026, 12, 2, 3, 10, tzinfo=datetime.UTC)


@pytest.fixture
def known():
    built = world.build()
    done = refresh(built.year)
    StatisticsRefresh.objects.filter(pk=done.pk).update(started_at=MOMENT)
    return built


def _page(client, language="ru") -> str:
    with translation.override(language):
        url = reverse("programs:statistics")
    content = client.get(url).content.decode()
    translation.activate("ru")
    return content


def _as_of(content: str) -> str:
    start = content.index('id="statistics-as-of">') + len('id="statistics-as-of">')
    return content[start : content.index("</p>", start)]


def test_the_moment_is_written_in_kazakh_word_order(client, known, settings):
    settings.STATISTICS_MAX_AGE_MINUTES = 10**9  # fresh: the page queues nothing
    client.force_login(authority_member(known.authority))
    local = timezone.localtime(MOMENT)
    kazakh = _as_of(_page(client, "kk"))
    assert kazakh.startswith("Көрсеткіштер мына уақыттағы жағдай бойынша: ")
    assert f"{local.year} жылғы {local.day} " in kazakh and local.strftime("%H:%M") in kazakh
    assert kazakh.index(str(local.year)) < kazakh.index(f" {local.day} ")  # the year first
    russian = _as_of(_page(client, "ru"))
    assert russian.startswith(f"Показатели на {local.day} ") and f"{local.year}" in russian


def test_a_running_refresh_is_said_to_run_a_queued_one_to_wait(client, known):
    client.force_login(authority_member(known.authority))
    run = queue_refresh(known.year)
    assert "A refresh of the figures is queued." in _page(client, "en")
    StatisticsRefresh.objects.filter(pk=run.pk).update(status=StatisticsRefresh.Status.RUNNING)
    content = _page(client, "en")
    assert "The figures are being computed now." in content
    assert "is queued" not in content


def test_the_form_names_whose_number_it_shows_beside_the_sum(admin_client, known):
    # an authority whose territory has no figures yet: first by name, so the form is for it
    other = OrganisationFactory(name="Отдел образования W", kind="authority")
    OrganisationFactory(name="Центр В", kind="centre", authority=other)
    TerritoryPupils.objects.create(authority=other, academic_year=known.year, pupils=20)
    content = _page(admin_client, "en")
    # the form shows W's 20; the shares are of the territories with figures: X's 30
    assert 'id="statistics-pupils-recorded">Recorded for Отдел образования W now: 20.' in content
    assert f'id="statistics-pupils-sum">The shares on this page are of {world.PUPILS}:' in content


def test_one_authority_sees_its_number_and_no_sum(client, known):
    client.force_login(authority_member(known.authority))
    content = _page(client, "en")
    assert f"Recorded for Отдел образования X now: {world.PUPILS}." in content
    assert 'id="statistics-pupils-sum"' not in content
