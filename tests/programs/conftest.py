import datetime

import pytest

from tests.programs.factories import GroupFactory, ScheduleSlotFactory


@pytest.fixture
def home(methodist):
    """The methodist's organisation: the staff forms offer its clubs, venues and teachers."""
    return methodist.person.organisation


@pytest.fixture
def busy_group(home):
    """Group А of the methodist's organisation: Mondays 15:00–16:30 in its room."""
    group = GroupFactory(
        name="Группа А", club__name="Робоквантум", club__organisation=home, teacher__organisation=home
    )
    ScheduleSlotFactory(group=group, weekday=1, starts=datetime.time(15), ends=datetime.time(16, 30))
    return group
