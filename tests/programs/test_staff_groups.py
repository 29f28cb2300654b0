"""Staff pages of groups: forms with the weekly schedule and its clashes, the
children's list and its XLSX export; a teacher's own groups only. Clubs and the timetable
have their own files."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Enrolment, Group, ScheduleSlot
from programs.services import application_accept
from tests.factories import LearnerFactory, PersonFactory, RoomFactory, VenueFactory
from tests.programs.factories import (
    ApplicationFactory,
    CurrentYearFactory,
    GroupFactory,
    ScheduleSlotFactory,
)
from tests.programs.helpers import group_data, lesson, slot_rows

pytestmark = pytest.mark.django_db

REQUIRED = "Обязательное поле."


def new_group_data(busy_group, **kwargs):
    defaults = {
        "club": busy_group.club,
        "program": busy_group.program,
        "year": busy_group.academic_year,
        "teacher": PersonFactory(organisation=busy_group.club.organisation),
        "venue": busy_group.venue,
        "room": busy_group.room,
    }
    defaults.update(kwargs)
    return group_data(**defaults)


# --- who may open what ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 200), ("methodist", 200), ("director", 200)],
    indirect=["role_client"],
)
def test_group_list_and_timetable_are_for_staff_who_work_with_groups(role_client, expected):
    GroupFactory()
    for url in (reverse("programs:staff_groups"), reverse("programs:staff_timetable")):
        assert role_client.get(url).status_code == expected, url


@pytest.mark.parametrize(
    "role_client, detail, edit, export",
    [
        ("anonymous", 302, 302, 302),
        ("parent", 403, 403, 403),
        ("teacher", 404, 404, 404),  # another teacher's group
        ("methodist", 200, 200, 200),
        ("director", 200, 403, 200),
    ],
    indirect=["role_client"],
)
def test_a_groups_pages_by_role(role_client, detail, edit, export):
    group = GroupFactory()
    assert role_client.get(reverse("programs:staff_group", args=[group.pk])).status_code == detail
    assert role_client.get(reverse("programs:staff_group_edit", args=[group.pk])).status_code == edit
    assert role_client.get(reverse("programs:staff_group_export", args=[group.pk])).status_code == export


@pytest.mark.parametrize(
    "role_client, create",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 403)],
    indirect=["role_client"],
)
def test_only_a_methodist_creates_groups(role_client, create):
    assert role_client.get(reverse("programs:staff_group_create")).status_code == create


@pytest.mark.parametrize("role_client", ["anonymous", "parent", "teacher", "director"], indirect=True)
def test_others_cannot_post_a_group(role_client, busy_group):
    role_client.post(reverse("programs:staff_group_create"), new_group_data(busy_group))
    assert Group.objects.count() == 1


# --- a teacher's own groups ----------------------------------------------------------------


def test_a_teacher_sees_only_their_own_groups(teacher_client, teacher):
    own = GroupFactory(teacher=teacher.person, name="Моя группа")
    other = GroupFactory(name="Чужая группа")
    response = teacher_client.get(reverse("programs:staff_groups"))
    assert [group.pk for group in response.context["page"].object_list] == [own.pk]
    assert teacher_client.get(reverse("programs:staff_group", args=[own.pk])).status_code == 200
    assert teacher_client.get(reverse("programs:staff_group", args=[other.pk])).status_code == 404
    # the teacher filter cannot reach another's group either
    response = teacher_client.get(reverse("programs:staff_groups"), {"teacher": other.teacher.pk})
    assert list(response.context["page"].object_list) == []


def test_a_teacher_edits_the_room_and_schedule_of_their_group_only(teacher_client, teacher):
    group = GroupFactory(teacher=teacher.person, places=12)
    other_room = RoomFactory(venue=group.venue)
    form = teacher_client.get(reverse("programs:staff_group_edit", args=[group.pk])).context["form"]
    assert list(form.fields) == ["room"]
    data = {"room": other_room.pk, "places": "99", "teacher": PersonFactory().pk}
    data.update(slot_rows([lesson(2, "16:00", "17:30", other_room)]))
    response = teacher_client.post(reverse("programs:staff_group_edit", args=[group.pk]), data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.room == other_room
    assert group.places == 12  # not the teacher's to change
    assert group.teacher == teacher.person
    slot = group.slots.get()
    assert (slot.weekday, slot.starts, slot.room, slot.teacher) == (
        2,
        datetime.time(16),
        other_room,
        teacher.person,
    )


def test_a_teacher_may_not_edit_another_teachers_group(teacher_client):
    group = GroupFactory()
    data = {"room": ""}
    data.update(slot_rows([lesson(3, "10:00", "11:00", None)]))
    response = teacher_client.post(reverse("programs:staff_group_edit", args=[group.pk]), data)
    assert response.status_code == 404
    group.refresh_from_db()
    assert group.room is not None
    assert not ScheduleSlot.objects.exists()


def test_a_teacher_picks_only_rooms_of_their_groups_venue(teacher_client, teacher):
    group = GroupFactory(teacher=teacher.person)
    elsewhere = RoomFactory()
    data = {"room": elsewhere.pk}
    data.update(slot_rows([lesson(2, "16:00", "17:30", elsewhere)]))
    response = teacher_client.post(reverse("programs:staff_group_edit", args=[group.pk]), data)
    assert response.status_code == 200
    assert "room" in response.context["form"].errors
    assert "room" in response.context["formset"].errors[0]
    group.refresh_from_db()
    assert group.room != elsewhere
    assert not ScheduleSlot.objects.exists()


# --- group forms and the schedule formset --------------------------------------------------


def test_methodist_creates_a_group_with_its_schedule(methodist_client, busy_group):
    data = new_group_data(
        busy_group,
        slots=[lesson(2, "15:00", "16:30", busy_group.room), lesson(4, "15:00", "16:30", busy_group.room)],
    )
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert response.status_code == 302
    group = Group.objects.get(name="Группа Б")
    assert response["Location"] == reverse("programs:staff_group", args=[group.pk])
    assert list(group.slots.values_list("weekday", "teacher", "academic_year")) == [
        (2, group.teacher_id, group.academic_year_id),
        (4, group.teacher_id, group.academic_year_id),
    ]


def test_a_room_clash_names_the_other_group_and_saves_nothing(methodist_client, busy_group):
    data = new_group_data(busy_group, slots=[lesson(1, "15:30", "17:00", busy_group.room)])
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert response.status_code == 200
    assert f"«{busy_group}»" in " ".join(response.context["formset"].errors[0]["__all__"])
    assert f"«{busy_group}»" in response.content.decode().replace("&laquo;", "«").replace("&raquo;", "»")
    assert Group.objects.count() == 1
    assert ScheduleSlot.objects.count() == 1
    assert response.context["group"] is None  # the page still offers to create, not to edit


def test_a_teacher_clash_names_the_other_group_and_saves_nothing(methodist_client, busy_group):
    other_room = RoomFactory(venue=busy_group.venue)
    data = new_group_data(
        busy_group,
        teacher=busy_group.teacher,
        room=other_room,
        slots=[lesson(1, "16:00", "17:00", other_room)],
    )
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert response.status_code == 200
    assert f"«{busy_group}»" in " ".join(response.context["formset"].errors[0]["__all__"])
    assert Group.objects.count() == 1
    assert ScheduleSlot.objects.count() == 1


def test_the_page_can_be_sent_again_after_a_clash(methodist_client, busy_group):
    data = new_group_data(busy_group, slots=[lesson(1, "15:30", "17:00", busy_group.room)])
    methodist_client.post(reverse("programs:staff_group_create"), data)
    data.update({"slots-0-starts": "16:30", "slots-0-ends": "18:00"})
    assert methodist_client.post(reverse("programs:staff_group_create"), data).status_code == 302
    assert Group.objects.count() == 2


def test_two_overlapping_lessons_in_one_form_are_refused(methodist_client, busy_group):
    room = busy_group.room
    data = new_group_data(
        busy_group, slots=[lesson(3, "10:00", "11:30", room), lesson(3, "11:00", "12:00", None)]
    )
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert Group.objects.count() == 1
    assert ScheduleSlot.objects.count() == 1


def test_a_new_teacher_who_is_busy_then_is_refused(methodist_client, busy_group):
    """Changing a group's teacher re-checks its lessons against the new teacher's week."""
    group = GroupFactory(
        club=busy_group.club, venue=busy_group.venue, room=RoomFactory(venue=busy_group.venue)
    )
    slot = ScheduleSlotFactory(group=group, weekday=1, starts=datetime.time(16), ends=datetime.time(17))
    old_teacher = group.teacher
    data = group_data(
        club=group.club,
        program=group.program,
        year=group.academic_year,
        teacher=busy_group.teacher,
        venue=group.venue,
        room=group.room,
        name=group.name,
        initial=[{"id": slot.pk, **lesson(1, "16:00", "17:00", group.room)}],
    )
    response = methodist_client.post(reverse("programs:staff_group_edit", args=[group.pk]), data)
    assert response.status_code == 200
    assert f"«{busy_group}»" in " ".join(response.context["formset"].errors[0]["__all__"])
    group.refresh_from_db()
    slot.refresh_from_db()
    assert group.teacher == old_teacher
    assert slot.teacher == old_teacher


def test_a_new_teacher_is_copied_to_unchanged_lessons(methodist_client, home):
    group = GroupFactory()  # of another organisation: it keeps its club, venue and room
    slot = ScheduleSlotFactory(group=group)
    new_teacher = PersonFactory(organisation=home)
    data = group_data(
        club=group.club,
        program=group.program,
        year=group.academic_year,
        teacher=new_teacher,
        venue=group.venue,
        room=group.room,
        name=group.name,
        initial=[{"id": slot.pk, **lesson(1, "15:00", "16:30", group.room)}],
    )
    assert (
        methodist_client.post(reverse("programs:staff_group_edit", args=[group.pk]), data).status_code == 302
    )
    slot.refresh_from_db()
    assert slot.teacher == new_teacher


def test_a_lesson_is_deleted_from_the_schedule(methodist_client):
    group = GroupFactory()
    slot = ScheduleSlotFactory(group=group)
    data = group_data(
        club=group.club,
        program=group.program,
        year=group.academic_year,
        teacher=group.teacher,
        venue=group.venue,
        room=group.room,
        name=group.name,
        initial=[{"id": slot.pk, **lesson(1, "15:00", "16:30", group.room), "DELETE": True}],
    )
    assert (
        methodist_client.post(reverse("programs:staff_group_edit", args=[group.pk]), data).status_code == 302
    )
    assert not ScheduleSlot.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": ""}, "name"),
        ({"age_min": "14", "age_max": "8"}, "age_max"),
        ({"places": "0"}, "places"),
        ({"funding": "paid", "price": ""}, "price"),
        ({"enrol_from": "2030-05-01", "enrol_until": "2030-04-01"}, "enrol_until"),
        ({"teacher": ""}, "teacher"),
    ],
)
def test_bad_group_input_saves_nothing(methodist_client, busy_group, overrides, field):
    data = new_group_data(busy_group, slots=[lesson(5, "10:00", "11:00", busy_group.room)])
    data.update(overrides)
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Group.objects.count() == 1
    assert ScheduleSlot.objects.count() == 1


def test_a_required_group_field_is_explained_in_russian(methodist_client, busy_group):
    response = methodist_client.post(
        reverse("programs:staff_group_create"), new_group_data(busy_group, name="")
    )
    assert REQUIRED in response.content.decode()


@pytest.mark.parametrize(
    "row, field",
    [
        ({"weekday": 2, "starts": "12:00", "ends": "11:00"}, "ends"),
        ({"weekday": 9, "starts": "12:00", "ends": "13:00"}, "weekday"),
        ({"weekday": 2, "starts": "25:00", "ends": "13:00"}, "starts"),
        ({"weekday": 2, "starts": "", "ends": "13:00"}, "starts"),
    ],
)
def test_a_bad_lesson_saves_nothing(methodist_client, busy_group, row, field):
    data = new_group_data(busy_group, slots=[{**row, "room": ""}])
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert response.status_code == 200
    assert field in response.context["formset"].errors[0]
    assert Group.objects.count() == 1
    assert ScheduleSlot.objects.count() == 1


def test_a_lesson_in_another_venues_room_is_refused(methodist_client, busy_group):
    elsewhere = RoomFactory(venue=VenueFactory())
    data = new_group_data(busy_group, slots=[lesson(2, "10:00", "11:00", elsewhere)])
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert "room" in response.context["formset"].errors[0]
    assert Group.objects.count() == 1


# --- list, detail, export -------------------------------------------------------


def test_group_list_filters_by_year_club_and_teacher(methodist_client, methodist):
    year = CurrentYearFactory()
    home = methodist.person.organisation  # the selects offer the methodist's own clubs and teachers
    old = GroupFactory(academic_year__label="2001/2002", academic_year__is_current=False, name="Старая")
    robots = GroupFactory(name="Роботы", club__organisation=home)
    dance = GroupFactory(name="Танцы", teacher__organisation=home)
    url = reverse("programs:staff_groups")

    def names(**params):
        return sorted(g.name for g in methodist_client.get(url, params).context["page"].object_list)

    assert names() == ["Роботы", "Танцы"]  # the current year by default
    assert names(academic_year=old.academic_year_id) == ["Старая"]
    assert names(academic_year=year.pk, club=robots.club_id) == ["Роботы"]
    assert names(teacher=dance.teacher_id) == ["Танцы"]
    assert names(club="abc") == []


def test_group_list_queries_do_not_grow_with_rows(methodist_client, django_assert_max_num_queries):
    url = reverse("programs:staff_groups")
    for _ in range(2):
        ScheduleSlotFactory()
    with django_assert_max_num_queries(12) as few:
        methodist_client.get(url)
    for _ in range(12):
        ScheduleSlotFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        methodist_client.get(url)


def enrol(group, count):
    for _ in range(count):
        learner = LearnerFactory(birth_date=datetime.date(2014, 3, 1))
        Enrolment.objects.create(group=group, learner=learner)
    Group.objects.filter(pk=group.pk).update(enrolled_count=group.enrolments.count())


def test_group_detail_lists_the_enrolled_children(director_client):
    group = GroupFactory()
    left = Enrolment.objects.create(group=group, learner=LearnerFactory(surname="Ушедший"), status="left")
    Enrolment.objects.create(group=group, learner=LearnerFactory(surname="Учащийся"))
    html = director_client.get(reverse("programs:staff_group", args=[group.pk])).content.decode()
    assert "Учащийся" in html
    assert "Ушедший" not in html
    assert f'id="enrolment-{left.pk}"' not in html


def test_group_detail_queries_do_not_grow_with_children(methodist_client, django_assert_max_num_queries):
    group = GroupFactory()
    ScheduleSlotFactory(group=group)
    enrol(group, 2)
    url = reverse("programs:staff_group", args=[group.pk])
    with django_assert_max_num_queries(12) as few:
        methodist_client.get(url)
    enrol(group, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        methodist_client.get(url)


def test_a_teacher_sees_names_but_not_the_parents_contacts(teacher_client, teacher, methodist):
    group = GroupFactory(teacher=teacher.person)
    application = ApplicationFactory(
        group=group, child_surname="Ребёнков", guardian_phone="+7 (913) 777-77-77"
    )
    application_accept(application=application, by=methodist)
    html = teacher_client.get(reverse("programs:staff_group", args=[group.pk])).content.decode()
    assert "Ребёнков" in html
    assert "777-77-77" not in html
    assert 'id="group-export"' not in html
    assert teacher_client.get(reverse("programs:staff_group_export", args=[group.pk])).status_code == 403


def test_the_xlsx_opens_and_lists_the_enrolled_children(methodist_client, methodist):
    group = GroupFactory(name="Группа 1", club__name="Робоквантум")
    first = ApplicationFactory(
        group=group, child_surname="Белов", child_name="Иван", guardian_phone="+7 (913) 555-10-01"
    )
    second = ApplicationFactory(group=group, child_surname="Аксёнова", child_name="Вера")
    ApplicationFactory(group=group, child_surname="Неприняв")  # a new application is not in the list
    for application in (first, second):
        application_accept(application=application, by=methodist)
    response = methodist_client.get(reverse("programs:staff_group_export", args=[group.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Робоквантум: Группа 1"
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [(row[0], row[1], row[2]) for row in rows] == [(1, "Аксёнова", "Вера"), (2, "Белов", "Иван")]
    assert rows[1][4] == datetime.datetime.combine(first.child_birth_date, datetime.time())
    assert "+7 (913) 555-10-01" in rows[1][7]


def test_room_choices_name_the_venue(methodist_client, home):
    room = RoomFactory(name="Каб. 12", venue__organisation=home)
    html = methodist_client.get(reverse("programs:staff_group_create")).content.decode()
    assert f"{room.venue.name} — Каб. 12" in html
