"""A teacher's private calendar address (``TeacherFeed``): made, made anew (the old address
stops at once), revoked (the row deleted: its address answers 404). Each one transaction,
under a lock on the teacher's row, so two clicks at once leave one address."""

from django.db import transaction

from centre.models import Person
from programs.models import TeacherFeed


def _lock(person: Person) -> None:
    Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()


def feed_issue(*, person: Person) -> TeacherFeed:
    """A new secret address for the teacher's calendar; the previous one, if any, stops."""
    with transaction.atomic():
        _lock(person)
        TeacherFeed.objects.filter(person=person).delete()
        return TeacherFeed.objects.create(person=person, token=TeacherFeed.new_token())


def feed_revoke(*, person: Person) -> bool:
    """Stop the teacher's calendar address; False when there was none."""
    with transaction.atomic():
        _lock(person)
        deleted, _rows = TeacherFeed.objects.filter(person=person).delete()
    return bool(deleted)
