"""The next-year wizard's world: this year, a two-year program's year-1 group with its lessons, and its copy."""

import pytest

from programs.models import Group
from tests.programs.factories import CurrentYearFactory, GroupFactory, ScheduleSlotFactory
from tests.programs.next_year.helpers import T, copy_all


@pytest.fixture
def year():
    return CurrentYearFactory()


@pytest.fixture
def group(home, year):
    """A year-1 group of a two-year program: Mondays and Thursdays 15:00–16:30."""
    group = GroupFactory(
        name="Группа А",
        club__organisation=home,
        teacher__organisation=home,
        program__duration_months=18,
        academic_year=year,
        age_min=7,
        age_max=10,
        places=3,
        paid=True,
    )
    ScheduleSlotFactory(group=group, weekday=1, starts=T(15), ends=T(16, 30))
    ScheduleSlotFactory(group=group, weekday=4, starts=T(15), ends=T(16, 30))
    return group


@pytest.fixture
def copy(methodist, year, group):
    copy_all(methodist, year, [group])
    return Group.objects.get(copied_from=group)
