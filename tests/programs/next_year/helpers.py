"""What the next-year wizard's tests share: children enrolled in a group, copying groups."""

import datetime

from django.db.models import F

from programs.models import Enrolment, Group
from programs.services import next_year
from tests.factories import LearnerFactory

T = datetime.time


def enrol(group, count=1, **kwargs):
    enrolments = [
        Enrolment.objects.create(
            group=group,
            learner=LearnerFactory(organisation=group.club.organisation),
            funding=kwargs.get("funding", group.funding),
        )
        for _ in range(count)
    ]
    Group.objects.filter(pk=group.pk).update(enrolled_count=F("enrolled_count") + count)
    return enrolments


def next_label(year):
    return next_year.next_year_label(year)


def copy_all(by, year, groups, **window):
    return next_year.groups_copy(
        by=by,
        year=year,
        program_ids={g.program_id for g in groups},
        windows={g.pk: (window.get("enrol_from"), window.get("enrol_until")) for g in groups},
    )
