"""The open data set's downloads are limited per client address (each costs seconds at a
country's scale); its passport and structure, which are small, are not."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.programs.factories import catalogue_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(settings):
    settings.OPENDATA_DOWNLOADS_PER_MINUTE = 2
    catalogue_group()


def _download(client, name, **extra):
    response = client.get(reverse(f"programs:{name}"), **extra)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_downloads_past_the_limit_get_a_429_with_retry_after(limited, client):
    assert _download(client, "opendata_csv").status_code == 200
    assert _download(client, "opendata_json").status_code == 200
    blocked = _download(client, "opendata_csv")
    assert blocked.status_code == 429
    assert 1 <= int(blocked["Retry-After"]) <= 60
    assert 'id="too-many-requests"' in blocked.content.decode()


def test_another_address_and_the_small_files_are_not_held_back(limited, client):
    for _ in range(2):
        _download(client, "opendata_csv")
    assert _download(client, "opendata_csv").status_code == 429
    assert _download(Client(), "opendata_csv", REMOTE_ADDR="192.0.2.77").status_code == 200
    for name in ("opendata", "opendata_structure", "opendata_passport", "opendata_passport_json"):
        assert _download(client, name).status_code == 200, name
