"""A group and its weekly schedule, saved together."""

from django.db import transaction

from centre.errors import database_rules
from programs.models import Group, ScheduleSlot
from programs.services.waitlist import offer_freed_places


def group_save_with_schedule(*, form, schedule) -> bool:
    """Save the group (its valid ModelForm) and its lessons (the schedule's inline formset)
    together, or nothing at all; whether they were saved.

    Each lesson is checked for clashes against the group as it will be (its teacher and
    year): a new group is written first, in the transaction, so that its lessons have it to
    be checked against, and the transaction is rolled back when one is refused (False; the
    mistakes are on the schedule's forms). An edited group's lessons are checked before its
    change reaches them: the database carries a new teacher or year into every lesson of the
    group. The exclusion constraints stay the last word: a clash someone else saved
    meanwhile is a ValidationError with the constraint's message. A new group that was not
    saved has no key again.
    """
    group = form.instance
    new = group.pk is None
    saved = False
    try:
        with database_rules(Group, ScheduleSlot):
            if new:
                form.save()
            if not schedule.is_valid():
                transaction.set_rollback(True)
                return False
            if not new:
                form.save()
            schedule.save()
            if not new:
                # more places (or the same): the waiting list takes what is free
                offer_freed_places(group.pk)
            saved = True
    finally:
        if new and not saved:
            group.pk = None
    return True
