import pytest

from centre.demo import ensure_academic_years


@pytest.fixture(autouse=True)
def years(db):
    """Academic years from 2013/2014 to the current one, keyed by label; "current" too."""
    return ensure_academic_years(first=2013)


@pytest.fixture
def current(years):
    return years["current"]


@pytest.fixture
def previous(years, current):
    first = current.first_calendar_year
    return years[f"{first - 1}/{first}"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The role users' passwords are hashed once per test: a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
