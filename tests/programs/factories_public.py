"""Helpers for the public pages' tests, on top of the shared programs factories."""

import datetime

from django.utils import timezone

from tests.programs.factories import ClubFactory, GroupFactory, ProgramFactory, ScheduleSlotFactory


def catalogue_group(*, weekdays=(1, 3), starts=datetime.time(15, 0), **kwargs):
    """A group in the catalogue (current year, published program) with a lesson on each weekday.
    Each group gets its own teacher and room, so lessons never clash."""
    group = GroupFactory(**kwargs)
    end = (
        datetime.datetime.combine(datetime.date(2000, 1, 3), starts) + datetime.timedelta(minutes=90)
    ).time()
    for weekday in weekdays:
        ScheduleSlotFactory(group=group, weekday=weekday, starts=starts, ends=end)
    return group


def many_groups(count: int, *, per_club: int = 4):
    """`count` catalogue groups spread over clubs of `per_club` groups each."""
    groups = []
    club = program = venue = None
    for index in range(count):
        if index % per_club == 0:
            club = ClubFactory()
            program = ProgramFactory()
            venue = None
        group = catalogue_group(club=club, program=program, **({"venue": venue} if venue else {}))
        venue = group.venue
        groups.append(group)
    return groups


def today():
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)
