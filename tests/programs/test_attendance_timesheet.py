"""The monthly timesheet (XLSX) and the attendance rates, computed from known marks."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from centre.audit import PersonalDataAccess
from centre.models import CalendarDay
from programs.attendance_reports import child_rates, group_rates, register_month
from programs.models import AttendanceMark, Enrolment
from programs.services import attendance
from tests.factories import AcademicYearFactory, LearnerFactory, OrganisationFactory, PersonFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SEP = D(2024, 9, 1)
P, B, U, N = "present", "ill", "valid", "no_reason"


@pytest.fixture
def known(teacher):
    """September 2024 of a Monday-and-Thursday group: nine lessons (2, 5, 9, 12, 16, 19, 23,
    26, 30), less 12.09 made a day off: eight. Three children:
    Алексеева — all eight: + + Б Б + + У +
    Борисов  — + Н Н Н + + + +
    Васильев — joined on 17.09: — — — — + Н + + (the first four are not his)."""
    year = AcademicYearFactory(label="2024/2025")
    group = GroupFactory(academic_year=year, teacher=teacher.person, name="Табельная")
    for weekday in (1, 4):
        ScheduleSlotFactory(
            group=group, weekday=weekday, starts=datetime.time(15), ends=datetime.time(16, 30)
        )
    CalendarDay.objects.create(organisation=group.club.organisation, date=D(2024, 9, 12), note="Выборы")
    a = Enrolment.objects.create(group=group, learner=LearnerFactory(surname="Алексеева"), enrolled_on=SEP)
    b = Enrolment.objects.create(group=group, learner=LearnerFactory(surname="Борисов"), enrolled_on=SEP)
    v = Enrolment.objects.create(
        group=group, learner=LearnerFactory(surname="Васильев"), enrolled_on=D(2024, 9, 17)
    )
    lessons = attendance.open_month(group, SEP)
    plan = {
        a.pk: [P, P, B, B, P, P, U, P],
        b.pk: [P, N, N, N, P, P, P, P],
        v.pk: [None, None, None, None, P, N, P, P],
    }
    for index, lesson in enumerate(lessons):
        statuses = {pk: row[index] for pk, row in plan.items() if row[index]}
        attendance.mark_lesson(lesson=lesson, statuses=statuses, by=None)
    return group


def test_the_months_lessons_leave_the_day_off_out(known):
    lessons = attendance.open_month(known, SEP)
    assert [lesson.date.day for lesson in lessons] == [2, 5, 9, 16, 19, 23, 26, 30]


def test_the_register_figures(known):
    register = register_month(known, SEP, attendance.open_month(known, SEP))
    a, b, v = register.rows
    assert a.codes == ["+", "+", "Б", "Б", "+", "+", "У", "+"]
    assert v.codes == ["—", "—", "—", "—", "+", "Н", "+", "+"]
    assert (a.counts.present, a.counts.ill, a.counts.valid, a.counts.no_reason, a.counts.rate) == (
        5,
        2,
        1,
        0,
        63,
    )
    assert (b.counts.present, b.counts.no_reason, b.counts.rate) == (5, 3, 63)
    assert (v.counts.present, v.counts.no_reason, v.counts.marked, v.counts.rate) == (3, 1, 4, 75)
    assert register.present_per_lesson == [2, 1, 0, 0, 3, 2, 2, 3]
    total = register.counts
    assert (total.present, total.ill, total.valid, total.no_reason, total.marked) == (13, 2, 1, 4, 20)
    assert total.rate == 65
    # per cent rounded half up, as an accountant would: 5 of 8 is 63


def test_the_timesheet_xlsx(teacher_client, known):
    url = reverse("programs:attendance_timesheet", args=[known.pk, 2024, 9])
    response = teacher_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Табель учёта посещаемости"
    header = next(i for i, row in enumerate(rows) if row[0] == "№")
    assert rows[header][2:10] == ("02.09", "05.09", "09.09", "16.09", "19.09", "23.09", "26.09", "30.09")
    assert rows[header][10:15] == (
        "Присутствовал",
        "Болезнь",
        "Уважительная причина",
        "Без причины",
        "Посещаемость, %",
    )
    first = rows[header + 1]
    assert first[0] == 1 and first[1].startswith("Алексеева")
    assert first[2:10] == ("+", "+", "Б", "Б", "+", "+", "У", "+")
    assert first[10:15] == (5, 2, 1, 0, 63)
    third = rows[header + 3]
    assert third[2:6] == ("—", "—", "—", "—") and third[10:15] == (3, 0, 0, 1, 75)
    totals = rows[header + 4]
    assert totals[1] == "Присутствовали на занятии"
    assert totals[2:10] == (2, 1, 0, 0, 3, 2, 2, 3) and totals[10:15] == (13, 2, 1, 4, 65)
    assert PersonalDataAccess.objects.filter(object_id=str(known.pk), action="export").count() == 1


def test_the_timesheet_of_another_organisation_is_not_found(methodist_client):
    other = OrganisationFactory()
    year = AcademicYearFactory(label="2024/2025")
    group = GroupFactory(
        academic_year=year, club__organisation=other, teacher=PersonFactory(organisation=other)
    )
    url = reverse("programs:attendance_timesheet", args=[group.pk, 2024, 9])
    assert methodist_client.get(url).status_code == 404


def test_rates_of_groups_and_children(known, django_assert_num_queries):
    with django_assert_num_queries(1):
        (rate,) = group_rates([known], start=SEP, end=D(2024, 9, 30))
    assert (rate.counts.present, rate.counts.absent, rate.counts.rate) == (13, 7, 65)
    rates = child_rates(known, start=D(2024, 9, 16), end=D(2024, 9, 30))
    assert [(r.enrolment.learner.surname, r.counts.present, r.counts.marked) for r in rates] == [
        ("Алексеева", 3, 5),
        ("Борисов", 4, 5),
        ("Васильев", 3, 4),
    ]


def test_the_rates_pages(methodist_client, known, django_assert_max_num_queries):
    url = reverse("programs:attendance_child_rates", args=[known.pk])
    content = methodist_client.get(url, {"month": "2024-09"}).content.decode()
    assert 'data-rate="63"' in content and 'data-rate="75"' in content
    # the rates of the current year's groups: this group's year is past, so another one
    year = CurrentYearFactory()
    for _ in range(3):
        GroupFactory(academic_year=year)
    with django_assert_max_num_queries(12):
        response = methodist_client.get(reverse("programs:attendance_rates"))
    assert response.content.decode().count('data-testid="group-rate"') == 3


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 200)],
    indirect=["role_client"],
)
def test_rates_are_for_the_methodist_and_the_director(role_client, expected):
    assert role_client.get(reverse("programs:attendance_rates")).status_code == expected


def test_marks_are_not_counted_for_other_months(known):
    october = attendance.open_month(known, D(2024, 10, 1))
    child = known.enrolments.order_by("learner__surname").first()
    attendance.mark_lesson(lesson=october[0], statuses={child.pk: "ill"}, by=None)
    (rate,) = group_rates([known], start=SEP, end=D(2024, 9, 30))
    assert rate.counts.marked == 20
    assert AttendanceMark.objects.count() == 21
