import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_counters():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()
