"""The methodist's academic calendar: days without lessons, one or a range (confirmed), removal
(confirmed), refused when marks exist; the director reads it; another organisation's is 404."""

import datetime

import pytest
from django.urls import reverse

from centre.models import CalendarDay
from programs.models import AttendanceMark, Enrolment, Lesson
from programs.services import attendance
from tests.factories import AcademicYearFactory, LearnerFactory, OrganisationFactory, home_organisation
from tests.programs.factories import CurrentYearFactory, GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db

URL = "programs:attendance_calendar"
D = datetime.date


@pytest.fixture
def year():
    return CurrentYearFactory()


def days(organisation=None):
    rows = CalendarDay.objects.all()
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    return sorted(rows.values_list("date", flat=True))


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 200)],
    indirect=["role_client"],
)
def test_the_calendar_by_role(role_client, expected, year):
    assert role_client.get(reverse(URL)).status_code == expected


def test_the_methodist_adds_one_day(methodist_client, methodist, year):
    day = year.start + datetime.timedelta(days=60)
    response = methodist_client.post(
        reverse(URL), {"first": day.isoformat(), "kind": "holiday", "note": "День народного единства"}
    )
    assert response.status_code == 302
    saved = CalendarDay.objects.get()
    assert (saved.date, saved.organisation, saved.note) == (
        day,
        home_organisation(),
        "День народного единства",
    )
    assert saved.history.get().history_user == methodist
    content = methodist_client.get(reverse(URL)).content.decode()
    assert "День народного единства" in content


def test_a_range_asks_first(methodist_client, year):
    first = year.start + datetime.timedelta(days=50)
    data = {
        "first": first.isoformat(),
        "last": (first + datetime.timedelta(days=8)).isoformat(),
        "kind": "holiday",
        "note": "Осенние каникулы",
    }
    response = methodist_client.post(reverse(URL), data)
    assert response.status_code == 200 and 'id="confirm-form"' in response.content.decode()
    assert "9" in response.content.decode()
    assert not CalendarDay.objects.exists()
    response = methodist_client.post(reverse(URL), {**data, "confirmed": "1"}, follow=True)
    assert len(days()) == 9
    assert "9 дней добавлено" in response.content.decode()
    # the same again adds nothing, and says so
    response = methodist_client.post(reverse(URL), {**data, "confirmed": "1"}, follow=True)
    assert len(days()) == 9 and "уже есть в календаре" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first": "", "kind": "holiday"}, "Обязательное поле"),
        (
            {"first": "2024-11-10", "last": "2024-11-01", "kind": "holiday"},
            "Последний день не может быть раньше первого",
        ),
        ({"first": "2024-01-01", "last": "2025-06-01", "kind": "holiday"}, "не больше года"),
        ({"first": "2024-11-01", "kind": "party"}, "Выберите корректный вариант"),
        ({"first": "2024-11-01", "kind": "holiday", "note": "я" * 201}, "200"),
    ],
)
def test_bad_input_saves_nothing(methodist_client, year, data, message):
    response = methodist_client.post(reverse(URL), {**data, "confirmed": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_a_day_with_marks_is_refused(methodist_client):
    year = AcademicYearFactory(label="2024/2025")
    group = GroupFactory(academic_year=year)
    ScheduleSlotFactory(group=group, weekday=1, starts=datetime.time(15), ends=datetime.time(16))
    child = Enrolment.objects.create(group=group, learner=LearnerFactory(), enrolled_on=year.start)
    lessons = attendance.open_month(group, D(2024, 9, 1))
    AttendanceMark.objects.create(lesson=lessons[1], enrolment=child, status="present")  # 9.09
    data = {"first": "2024-09-01", "last": "2024-09-10", "kind": "cancelled", "confirmed": "1"}
    response = methodist_client.post(reverse(URL), data)
    assert "09.09.2024 уже есть отметки" in response.content.decode()
    assert not CalendarDay.objects.exists() and Lesson.objects.filter(group=group).count() == 5
    # without marks on those days: added, and the unmarked lesson of 2.09 goes
    data["last"] = "2024-09-08"
    methodist_client.post(reverse(URL), data)
    assert len(days()) == 8
    assert not Lesson.objects.filter(group=group, date=D(2024, 9, 2)).exists()


def test_the_director_reads_but_cannot_add(director_client, year):
    response = director_client.get(reverse(URL))
    assert 'id="days-off-form"' not in response.content.decode()
    director_client.post(reverse(URL), {"first": year.start.isoformat(), "kind": "holiday"})
    assert not CalendarDay.objects.exists()


def test_removing_a_day_asks_first(methodist_client, year):
    day = CalendarDay.objects.create(organisation=home_organisation(), date=year.start)
    url = reverse("programs:attendance_calendar_remove", args=[day.pk])
    assert 'id="confirm-form"' in methodist_client.get(url).content.decode()
    methodist_client.post(url, {})
    assert CalendarDay.objects.exists()
    methodist_client.post(url, {"confirmed": "1"})
    assert not CalendarDay.objects.exists()


def test_another_organisations_calendar_is_not_found(methodist_client, year):
    other = OrganisationFactory()
    day = CalendarDay.objects.create(organisation=other, date=year.start)
    assert methodist_client.get(reverse(URL), {"organisation": other.pk}).status_code == 404
    assert methodist_client.get(reverse(URL), {"organisation": "x"}).status_code == 404
    url = reverse("programs:attendance_calendar_remove", args=[day.pk])
    assert methodist_client.post(url, {"confirmed": "1"}).status_code == 404
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    methodist_client.post(
        f"{reverse(URL)}?organisation={other.pk}", {"first": year.start.isoformat(), "kind": "holiday"}
    )
    assert days(other) == [year.start]


def test_the_calendar_page_queries_do_not_grow(methodist_client, year, django_assert_max_num_queries):
    for n in range(30):
        CalendarDay.objects.create(
            organisation=home_organisation(), date=year.start + datetime.timedelta(days=n)
        )
    with django_assert_max_num_queries(12):
        response = methodist_client.get(reverse(URL))
    assert response.content.decode().count('data-testid="day-off"') == 30
