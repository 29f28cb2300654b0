"""centre.locks.advisory_lock: every key locked, of the kind asked, until the transaction ends."""

import pytest
from django.db import connection, transaction

from centre.locks import advisory_lock

pytestmark = pytest.mark.django_db


def _held() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT mode FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() ORDER BY mode"
        )
        return [mode for (mode,) in cursor.fetchall()]


def test_each_key_is_locked_until_the_transaction_ends():
    with transaction.atomic():
        advisory_lock("order-draft|1|2|enrolment", "learner|1|x")
        assert _held() == ["ExclusiveLock", "ExclusiveLock"]
        with transaction.atomic():  # a savepoint does not release them
            pass
        assert len(_held()) == 2


def test_a_shared_lock_is_of_the_shared_kind():
    with transaction.atomic():
        advisory_lock("attendance-calendar|1", shared=True)
        assert _held() == ["ShareLock"]


def test_another_session_cannot_take_a_held_key():
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        with transaction.atomic():
            advisory_lock("learner|1|x")
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(hashtextextended('learner|1|x', 0))")
                assert cursor.fetchone() == (False,)
                cursor.execute("SELECT pg_try_advisory_xact_lock(hashtextextended('learner|1|y', 0))")
                assert cursor.fetchone() == (True,)
    finally:
        other.close()


def test_no_keys_locks_nothing():
    with transaction.atomic():
        advisory_lock()
        assert _held() == []
