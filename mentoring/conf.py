"""The area's tunable numbers, read from settings with defaults (none is in settings.py)."""

from django.conf import settings


def max_mentees() -> int:
    """How many open mentees one mentor may have at once."""
    return getattr(settings, "MENTORING_MAX_MENTEES", 3)


def stalled_days() -> int:
    """An active pair with no meeting for this many days is stalled."""
    return getattr(settings, "MENTORING_STALLED_DAYS", 30)


def coverage_target() -> int:
    """The share of staff and of learners in active pairs the centre aims at, in per cent."""
    return getattr(settings, "MENTORING_COVERAGE_TARGET", 70)


def min_learner_age() -> int:
    """Learners take part in mentoring from this age; coverage counts them from it."""
    return getattr(settings, "MENTORING_MIN_LEARNER_AGE", 10)
