"""The commands' --user: a login that is there, none, or one that is not (a clear message)."""

import pytest
from django.core.management import CommandError
from django.utils import translation

from programs.management.lookups import user_by_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_known_login_is_its_user_and_none_is_nobody():
    user = UserFactory(username="metodist")
    assert user_by_login("metodist") == user
    assert user_by_login(None) is None and user_by_login("") is None


def test_an_unknown_login_is_refused_in_the_portal_s_language():
    with translation.override("ru"), pytest.raises(CommandError, match="Нет пользователя nobody."):
        user_by_login("nobody")
