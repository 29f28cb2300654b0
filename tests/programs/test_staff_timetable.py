"""The staff timetable: a venue's or a teacher's week, lessons in their weekday and time; a
teacher sees only their own lessons."""

import datetime

import pytest
from django.urls import reverse

from centre.models import Person
from tests.factories import RoomFactory
from tests.programs.factories import GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db


def test_the_timetable_puts_lessons_in_their_weekday_and_time(methodist_client, methodist, busy_group):
    # the selects offer the methodist's own venues and teachers
    Person.objects.filter(pk=methodist.person.pk).update(organisation=busy_group.venue.organisation)
    other = GroupFactory(
        venue=busy_group.venue,
        room=RoomFactory(venue=busy_group.venue),
        name="Группа В",
        teacher__organisation=busy_group.venue.organisation,
    )
    ScheduleSlotFactory(group=other, weekday=3, starts=datetime.time(15), ends=datetime.time(16, 30))
    elsewhere = ScheduleSlotFactory(weekday=3, starts=datetime.time(15), ends=datetime.time(16, 30))
    response = methodist_client.get(reverse("programs:staff_timetable"), {"venue": busy_group.venue_id})
    assert response.status_code == 200
    weekdays, rows = response.context["weekdays"], response.context["rows"]
    assert len(rows) == 1
    starts, ends, cells = rows[0]
    assert (starts, ends) == (datetime.time(15), datetime.time(16, 30))
    by_day = {day.value: [slot.group for slot in cell] for day, cell in zip(weekdays, cells, strict=True)}
    assert by_day[1] == [busy_group]
    assert by_day[3] == [other]
    assert elsewhere.group not in by_day[3]
    by_teacher = methodist_client.get(reverse("programs:staff_timetable"), {"teacher": other.teacher_id})
    assert [slot.group for _, _, cells in by_teacher.context["rows"] for cell in cells for slot in cell] == [
        other
    ]


def test_the_timetable_asks_to_choose_and_survives_bad_input(methodist_client, busy_group):
    response = methodist_client.get(reverse("programs:staff_timetable"))
    assert response.context["rows"] == []
    assert 'id="choose"' in response.content.decode()
    bad = methodist_client.get(reverse("programs:staff_timetable"), {"venue": "nonsense"})
    assert bad.status_code == 200
    assert bad.context["rows"] == []


def test_a_teachers_timetable_shows_only_their_lessons(teacher_client, teacher, busy_group):
    own = GroupFactory(teacher=teacher.person)
    ScheduleSlotFactory(group=own, weekday=2)
    response = teacher_client.get(reverse("programs:staff_timetable"), {"venue": busy_group.venue_id})
    assert [slot.group for _, _, cells in response.context["rows"] for cell in cells for slot in cell] == []
    response = teacher_client.get(reverse("programs:staff_timetable"))
    assert [slot.group for _, _, cells in response.context["rows"] for cell in cells for slot in cell] == [
        own
    ]


def test_timetable_queries_do_not_grow_with_lessons(
    methodist_client, busy_group, django_assert_max_num_queries
):
    url = reverse("programs:staff_timetable")
    params = {"venue": busy_group.venue_id}
    with django_assert_max_num_queries(10) as few:
        methodist_client.get(url, params)
    for weekday in range(2, 7):
        group = GroupFactory(venue=busy_group.venue, room=RoomFactory(venue=busy_group.venue))
        ScheduleSlotFactory(group=group, weekday=weekday)
    with django_assert_max_num_queries(len(few.captured_queries)):
        methodist_client.get(url, params)
