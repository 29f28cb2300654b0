"""Calendar arithmetic the rules of every app share: working days, full years of age, and
the same day some years before or after (29 February becomes 28 February)."""

import datetime

from django.utils import timezone


def working_days_before(now: datetime.datetime | None, days: int) -> datetime.datetime:
    """The moment ``days`` working days (Monday to Friday) before ``now`` (default: now), in
    local time."""
    moment = timezone.localtime(now or timezone.now())
    remaining = days
    while remaining > 0:
        moment -= datetime.timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years of someone born on ``birth_date`` on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier; 29 February becomes 28 February in a year without one."""
    return years_after(day, -years)


def a_year_ago(day: datetime.date) -> datetime.date:
    """The same day a year before ``day`` (28 February for 29 February)."""
    return years_before(day, 1)


def minutes_between(starts: datetime.time, ends: datetime.time) -> int:
    """The minutes from ``starts`` to ``ends`` on one day (a lesson's length)."""
    return (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)
