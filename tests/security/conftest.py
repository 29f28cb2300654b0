import contextlib

import pytest
from django.core.cache import cache

from tests.security.pgserver import SeparateServer


@pytest.fixture(autouse=True)
def fresh_counters():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="module")
def no_separate_server_left_behind():
    """Every separate PostgreSQL server a module starts is stopped and its folder deleted by the module's
    end (after the module's own fixtures are torn down), whether its tests passed, failed or erred."""
    before = len(SeparateServer.started)
    yield
    left = []
    for server in SeparateServer.started[before:]:
        if not server.closed:
            left.append(f"{server.root} was never closed")
            with contextlib.suppress(RuntimeError):
                server.close()
        left += server.leftovers()
    assert not left, f"separate PostgreSQL servers left behind: {left}"
