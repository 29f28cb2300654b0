"""The register's pages: who opens which group's register, marking one lesson (one POST, all
or nothing), the closed month, closing and reopening with a confirmation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from centre.models import CalendarDay
from centre.roles import Role
from programs.models import AttendanceMark, AttendanceMonth, Enrolment, Lesson
from programs.services import attendance
from tests.factories import AcademicYearFactory, LearnerFactory, OrganisationFactory, PersonFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SEP = D(2024, 9, 1)


@pytest.fixture
def year():
    return AcademicYearFactory(label="2024/2025")


@pytest.fixture
def group(year, teacher):
    """The teacher's group (Mondays 15:00) with two children: Анна and Борис."""
    group = GroupFactory(academic_year=year, teacher=teacher.person, name="Группа М")
    ScheduleSlotFactory(group=group, weekday=1, starts=datetime.time(15), ends=datetime.time(16, 30))
    for surname in ("Аннина", "Борисов"):
        Enrolment.objects.create(group=group, learner=LearnerFactory(surname=surname), enrolled_on=SEP)
    return group


def children(group):
    return list(group.enrolments.order_by("learner__surname"))


def register(group, month=SEP):
    return reverse("programs:attendance_register", args=[group.pk, month.year, month.month])


def first_lesson(group):
    return attendance.open_month(group, SEP)[0]  # Monday 2 September 2024


def lesson_url(lesson):
    return reverse("programs:attendance_lesson", args=[lesson.pk])


# --- who ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [
        ("anonymous", 302),
        ("parent", 403),
        ("coordinator", 403),
        ("teacher", 404),
        ("methodist", 200),
        ("director", 200),
    ],
    indirect=["role_client"],
)
def test_the_register_by_role(role_client, expected, year):
    """Another teacher's group is not found for a teacher; methodist and director read all."""
    group = GroupFactory(academic_year=year)
    assert role_client.get(register(group)).status_code == expected


def test_a_teacher_opens_their_own_register(teacher_client, group):
    response = teacher_client.get(register(group))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Аннина" in content and content.count('data-testid="lesson"') == 5  # five Mondays
    assert Lesson.objects.filter(group=group).count() == 5


def test_another_organisations_group_is_not_found(methodist_client, year):
    other = OrganisationFactory()
    group = GroupFactory(
        academic_year=year, club__organisation=other, teacher=PersonFactory(organisation=other)
    )
    assert methodist_client.get(register(group)).status_code == 404
    lesson = Lesson.objects.create(
        group=group, date=D(2024, 9, 2), starts=datetime.time(15), ends=datetime.time(16)
    )
    assert methodist_client.get(lesson_url(lesson)).status_code == 404
    assert methodist_client.post(lesson_url(lesson), {}).status_code == 404


def test_a_month_outside_the_year_is_not_found(methodist_client, group):
    assert methodist_client.get(register(group, D(2025, 9, 1))).status_code == 404
    assert (
        methodist_client.get(reverse("programs:attendance_register", args=[group.pk, 2024, 13])).status_code
        == 404
    )


def test_the_group_link_opens_a_month_of_its_year(methodist_client, group):
    response = methodist_client.get(reverse("programs:attendance_group", args=[group.pk]))
    assert response.status_code == 302 and response.url == register(group, D(2025, 8, 1))


def test_the_director_reads_but_does_not_mark(director_client, group):
    lesson = first_lesson(group)
    assert "Аннина" in director_client.get(register(group)).content.decode()
    assert director_client.get(lesson_url(lesson)).status_code == 403
    assert director_client.post(lesson_url(lesson), {}).status_code == 403
    assert not AttendanceMark.objects.exists()


def test_the_register_grid_shows_the_codes(methodist_client, group):
    anna, boris = children(group)
    lesson = first_lesson(group)
    attendance.mark_lesson(lesson=lesson, statuses={anna.pk: "present", boris.pk: "ill"}, by=None)
    content = methodist_client.get(register(group)).content.decode()
    assert '<td data-status="present">+</td>' in content
    assert '<td data-status="ill">Б</td>' in content


def test_the_register_page_queries_do_not_grow(methodist_client, group, django_assert_max_num_queries):
    methodist_client.get(register(group))  # lesson rows made
    with django_assert_max_num_queries(25):
        methodist_client.get(register(group))
    for n in range(10):
        Enrolment.objects.create(group=group, learner=LearnerFactory(surname=f"Новиков{n}"), enrolled_on=SEP)
    with django_assert_max_num_queries(25):
        response = methodist_client.get(register(group))
    assert response.content.decode().count('data-testid="register-row"') == 12


# --- marking ----------------------------------------------------------------------------------


def test_a_teacher_marks_a_lesson_in_one_post(teacher_client, teacher, group):
    anna, boris = children(group)
    lesson = first_lesson(group)
    response = teacher_client.post(
        lesson_url(lesson), {f"child-{anna.pk}": "present", f"child-{boris.pk}": "no_reason"}
    )
    assert response.status_code == 302 and response.url == register(group)
    marks = dict(AttendanceMark.objects.values_list("enrolment_id", "status"))
    assert marks == {anna.pk: "present", boris.pk: "no_reason"}
    mark = AttendanceMark.objects.get(enrolment=anna)
    assert mark.marked_by == teacher and mark.history.first().history_user == teacher
    # corrected later: the history keeps both
    teacher_client.post(lesson_url(lesson), {f"child-{anna.pk}": "present", f"child-{boris.pk}": "ill"})
    boris_mark = AttendanceMark.objects.get(enrolment=boris)
    assert boris_mark.status == "ill"
    assert [h.status for h in boris_mark.history.order_by("history_date")] == ["no_reason", "ill"]


def test_all_the_others_present(teacher_client, group):
    anna, boris = children(group)
    lesson = first_lesson(group)
    teacher_client.post(lesson_url(lesson), {f"child-{boris.pk}": "valid", "all_present": "1"})
    assert dict(AttendanceMark.objects.values_list("enrolment_id", "status")) == {
        anna.pk: "present",
        boris.pk: "valid",
    }


def test_save_and_next_goes_to_the_next_lesson(teacher_client, group):
    anna, _boris = children(group)
    lessons = attendance.open_month(group, SEP)
    response = teacher_client.post(lesson_url(lessons[0]), {f"child-{anna.pk}": "present", "save_next": "1"})
    assert response.url == lesson_url(lessons[1])


def test_a_bad_status_saves_nothing(teacher_client, group):
    anna, boris = children(group)
    lesson = first_lesson(group)
    response = teacher_client.post(
        lesson_url(lesson), {f"child-{anna.pk}": "present", f"child-{boris.pk}": "absent"}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not AttendanceMark.objects.exists()


def test_the_lesson_page_lists_only_children_enrolled_that_day(teacher_client, group):
    Enrolment.objects.create(
        group=group, learner=LearnerFactory(surname="Поздняков"), enrolled_on=D(2024, 9, 5)
    )
    lessons = attendance.open_month(group, SEP)
    assert "Поздняков" not in teacher_client.get(lesson_url(lessons[0])).content.decode()
    assert "Поздняков" in teacher_client.get(lesson_url(lessons[1])).content.decode()


def test_a_child_not_enrolled_that_day_is_refused_by_the_service(group):
    late = Enrolment.objects.create(group=group, learner=LearnerFactory(), enrolled_on=D(2024, 9, 10))
    anna, *_ = children(group)
    with pytest.raises(ValidationError) as error:
        attendance.mark_lesson(
            lesson=first_lesson(group), statuses={anna.pk: "present", late.pk: "present"}, by=None
        )
    assert "не был зачислен в группу на 02.09.2024" in str(error.value)
    assert not AttendanceMark.objects.exists()


def test_a_lesson_still_to_come_cannot_be_marked(teacher_client, teacher):
    year = CurrentYearFactory()
    group = GroupFactory(academic_year=year, teacher=teacher.person)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    enrolment = Enrolment.objects.create(group=group, learner=LearnerFactory(), enrolled_on=year.start)
    lesson = Lesson.objects.create(
        group=group, date=tomorrow, starts=datetime.time(15), ends=datetime.time(16)
    )
    response = teacher_client.get(lesson_url(lesson))
    assert 'id="not-yet"' in response.content.decode()
    teacher_client.post(lesson_url(lesson), {f"child-{enrolment.pk}": "present"})
    assert not AttendanceMark.objects.exists()


def test_a_day_off_has_no_marks(group):
    lesson = first_lesson(group)
    CalendarDay.objects.create(organisation=group.club.organisation, date=lesson.date)
    anna, _ = children(group)
    with pytest.raises(ValidationError, match="выходной"):
        attendance.mark_lesson(lesson=lesson, statuses={anna.pk: "present"}, by=None)
    assert not AttendanceMark.objects.exists()


# --- the closed month ---------------------------------------------------------------------------


def test_a_closed_month_is_changed_by_the_methodist_only(teacher_client, group, make_user, client):
    anna, _ = children(group)
    lesson = first_lesson(group)
    AttendanceMonth.objects.create(group=group, month=SEP)
    response = teacher_client.post(lesson_url(lesson), {f"child-{anna.pk}": "present"})
    assert response.status_code == 200
    assert "Месяц закрыт" in response.content.decode()
    assert not AttendanceMark.objects.exists()
    client.force_login(make_user(Role.METHODIST))
    assert client.post(lesson_url(lesson), {f"child-{anna.pk}": "present"}).status_code == 302
    assert AttendanceMark.objects.count() == 1


def test_closing_asks_first_then_closes(methodist_client, methodist, group):
    url = reverse("programs:attendance_close", args=[group.pk, 2024, 9])
    response = methodist_client.get(url)
    assert response.status_code == 200 and 'id="confirm-form"' in response.content.decode()
    assert not AttendanceMonth.objects.exists()
    methodist_client.post(url, {})  # without the confirmation: nothing
    assert not AttendanceMonth.objects.exists()
    assert methodist_client.post(url, {"confirmed": "1"}).status_code == 302
    closed = AttendanceMonth.objects.get()
    assert closed.month == SEP and closed.closed_by == methodist
    # closed twice: the database rule, said in Russian
    response = methodist_client.post(url, {"confirmed": "1"}, follow=True)
    assert "уже закрыт" in response.content.decode()
    reopen = reverse("programs:attendance_reopen", args=[group.pk, 2024, 9])
    assert methodist_client.get(reopen).status_code == 200
    methodist_client.post(reopen, {"confirmed": "1"})
    assert not AttendanceMonth.objects.exists()
    assert AttendanceMonth.history.filter(history_type="-").get().history_user == methodist


@pytest.mark.parametrize("role_client", ["anonymous", "parent", "teacher", "director"], indirect=True)
def test_only_the_methodist_closes_months(role_client, year):
    group = GroupFactory(academic_year=year)
    url = reverse("programs:attendance_close", args=[group.pk, 2024, 9])
    assert role_client.post(url, {"confirmed": "1"}).status_code in (302, 403)
    assert not AttendanceMonth.objects.exists()


# --- the list of groups ---------------------------------------------------------------------------


def test_the_list_shows_unmarked_months_and_streaks(
    teacher_client, teacher, settings, django_assert_max_num_queries
):
    settings.ATTENDANCE_ABSENCE_STREAK = 2
    year = CurrentYearFactory()
    own = GroupFactory(academic_year=year, teacher=teacher.person, name="Своя")
    other = GroupFactory(academic_year=year, name="Чужая")
    for group in (own, other):
        ScheduleSlotFactory(group=group, weekday=1, starts=datetime.time(15), ends=datetime.time(16))
    child = Enrolment.objects.create(group=own, learner=LearnerFactory(), enrolled_on=year.start)
    for day in (year.start, year.start + datetime.timedelta(days=7)):
        lesson = Lesson.objects.create(group=own, date=day, starts=datetime.time(15), ends=datetime.time(16))
        AttendanceMark.objects.create(lesson=lesson, enrolment=child, status="no_reason")
    with django_assert_max_num_queries(12):
        response = teacher_client.get(reverse("programs:attendance_groups"))
    content = response.content.decode()
    assert "Своя" in content and "Чужая" not in content
    assert 'data-flagged="1"' in content
    expected = len(attendance.unmarked_months([own]).get(own.pk, []))
    assert f'data-unmarked="{expected}"' in content


# --- a lesson that did not take place ---------------------------------------------------------


def test_removing_a_lessons_marks_asks_first(teacher_client, teacher, group):
    anna, boris = children(group)
    lesson = first_lesson(group)
    attendance.mark_lesson(lesson=lesson, statuses={anna.pk: "present", boris.pk: "ill"}, by=teacher)
    url = reverse("programs:attendance_lesson_clear", args=[lesson.pk])
    assert 'id="clear-lesson"' in teacher_client.get(lesson_url(lesson)).content.decode()
    assert 'id="confirm-form"' in teacher_client.get(url).content.decode()
    teacher_client.post(url, {})
    assert AttendanceMark.objects.count() == 2
    response = teacher_client.post(url, {"confirmed": "1"}, follow=True)
    assert "2 отметки сняты" in response.content.decode()
    assert not AttendanceMark.objects.exists()
    removed = AttendanceMark.history.filter(history_type="-")
    assert removed.count() == 2 and {h.history_user for h in removed} == {teacher}


def test_a_closed_months_marks_stay_for_the_teacher(teacher_client, teacher, group):
    anna, _ = children(group)
    lesson = first_lesson(group)
    attendance.mark_lesson(lesson=lesson, statuses={anna.pk: "present"}, by=teacher)
    AttendanceMonth.objects.create(group=group, month=SEP)
    url = reverse("programs:attendance_lesson_clear", args=[lesson.pk])
    response = teacher_client.post(url, {"confirmed": "1"}, follow=True)
    assert "Месяц закрыт" in response.content.decode()
    assert AttendanceMark.objects.count() == 1


def test_a_director_cannot_remove_marks(director_client, group):
    anna, _ = children(group)
    lesson = first_lesson(group)
    attendance.mark_lesson(lesson=lesson, statuses={anna.pk: "present"}, by=None)
    url = reverse("programs:attendance_lesson_clear", args=[lesson.pk])
    assert director_client.post(url, {"confirmed": "1"}).status_code == 403
    assert AttendanceMark.objects.count() == 1


def test_the_childrens_rates_flag_a_streak(methodist_client, group, settings):
    settings.ATTENDANCE_ABSENCE_STREAK = 2
    anna, boris = children(group)
    for lesson in attendance.open_month(group, SEP)[:3]:
        attendance.mark_lesson(lesson=lesson, statuses={anna.pk: "present", boris.pk: "no_reason"}, by=None)
    content = methodist_client.get(
        reverse("programs:attendance_child_rates", args=[group.pk])
    ).content.decode()
    assert 'data-streak="3"' in content and 'data-streak="0"' in content
    register_page = methodist_client.get(register(group)).content.decode()
    assert 'data-testid="absence-streak"' in register_page and "Борисов" in register_page


def test_the_lesson_page_queries_do_not_grow(teacher_client, group, django_assert_max_num_queries):
    lesson = first_lesson(group)
    with django_assert_max_num_queries(20):
        teacher_client.get(lesson_url(lesson))
    for n in range(10):
        Enrolment.objects.create(group=group, learner=LearnerFactory(surname=f"Новиков{n}"), enrolled_on=SEP)
    with django_assert_max_num_queries(20):
        response = teacher_client.get(lesson_url(lesson))
    assert response.content.decode().count('data-testid="child"') == 12
    data = {f"child-{e.pk}": "present" for e in group.enrolments.all()}
    with django_assert_max_num_queries(60):
        assert teacher_client.post(lesson_url(lesson), data).status_code == 302
    assert AttendanceMark.objects.count() == 12


def test_a_teacher_cannot_mark_another_teachers_group(teacher_client, year):
    other = GroupFactory(academic_year=year)
    child = Enrolment.objects.create(group=other, learner=LearnerFactory(), enrolled_on=SEP)
    lesson = Lesson.objects.create(
        group=other, date=D(2024, 9, 2), starts=datetime.time(15), ends=datetime.time(16)
    )
    assert teacher_client.get(lesson_url(lesson)).status_code == 404
    assert teacher_client.post(lesson_url(lesson), {f"child-{child.pk}": "present"}).status_code == 404
    clear = reverse("programs:attendance_lesson_clear", args=[lesson.pk])
    assert teacher_client.post(clear, {"confirmed": "1"}).status_code == 404
    assert not AttendanceMark.objects.exists()


def test_the_history_names_who_outside_a_request(group, teacher, methodist):
    """A script (the demo, an import) passes ``by``: the history rows name them too."""
    anna, _ = children(group)
    lesson = first_lesson(group)
    attendance.mark_lesson(lesson=lesson, statuses={anna.pk: "present"}, by=teacher)
    attendance.mark_lesson(lesson=lesson, statuses={anna.pk: "ill"}, by=methodist)
    history = AttendanceMark.history.order_by("history_date")
    assert [(h.status, h.history_user) for h in history] == [("present", teacher), ("ill", methodist)]
    closed = attendance.close_month(group=group, month=SEP, by=methodist)
    assert closed.history.get().history_user == methodist
    attendance.reopen_month(group=group, month=SEP, by=methodist)
    assert AttendanceMonth.history.filter(history_type="-").get().history_user == methodist
