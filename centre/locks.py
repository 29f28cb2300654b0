"""Transaction-level advisory locks: the one way the portal serialises writes that no row lock
covers (a draft order being found or made, a child's identity, a register's month).

``advisory_lock(*keys)`` takes PostgreSQL's ``pg_advisory_xact_lock`` on each text key, in the
order given, in one statement; ``shared=True`` takes the shared kind. They are released at the
transaction's end, so call it inside ``transaction.atomic()``. Callers that take several keys
agree on their order (sorted, or a fixed kind order), so two transactions never deadlock."""

from django.db import connection


def advisory_lock(*keys: str, shared: bool = False) -> None:
    if not keys:
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        # WITH ORDINALITY keeps the caller's order: the locks are taken one by one, as listed
        cursor.execute(
            f"SELECT count({function}(hashtextextended(k, 0))) FROM "
            "(SELECT k FROM unnest(%s::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n) AS ordered",
            [list(keys)],
        )
