"""Orders about children (приказы): the draft an organisation gathers enrolments, leavings or
transfers into, and its signing. Each write is one transaction.

One draft of each kind per organisation and year: ``open_draft`` takes a transaction-level
advisory lock on (organisation, year, kind), so two accepts in the same second add to one
draft instead of making two.
"""

from django.db import connection

from programs.models import Order


def open_draft(*, organisation_id: int, academic_year_id: int, kind: str, by) -> Order:
    """The organisation's draft order of this kind and year, made if there is none; the
    caller's transaction holds the lock until it commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"order-draft|{organisation_id}|{academic_year_id}|{kind}"],
        )
    draft = (
        Order.objects.drafts()
        .filter(organisation_id=organisation_id, academic_year_id=academic_year_id, kind=kind)
        .order_by("pk")
        .first()
    )
    if draft is None:
        draft = Order.objects.create(
            organisation_id=organisation_id,
            academic_year_id=academic_year_id,
            kind=kind,
            created_by=by if getattr(by, "pk", None) else None,
        )
    return draft
