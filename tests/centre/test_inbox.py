"""The staff inbox (centre.inbox and each area's inbox.py): each role's landing page counts
what waits for it in its own organisations, links each count to the list that shows it, and
spends a fixed number of queries whatever the number of rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from centre import inbox
from centre.demo import ensure_academic_years
from centre.models import AcademicYear
from centre.roles import Role
from innovation.models import Platform
from mentoring.models import Form
from programs.models import Application, AttendanceMark, Enrolment, LeaveRequest, Lesson, Order, Program
from tests.factories import LearnerFactory, OrganisationFactory, home_organisation
from tests.innovation.factories import OrderCoverageFactory, PlatformFactory
from tests.mentoring.factories import MentoringProgramFactory, days_ago, make_pair
from tests.programs.factories import ApplicationFactory, GroupFactory, ProgramFactory, catalogue_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(db):
    return ensure_academic_years(first=2023)


@pytest.fixture
def elsewhere(db):
    return OrganisationFactory(name="Станция юных техников (другая)")


def counts(user):
    return {item.key: item.count for item in inbox.inbox_for(user)}


def page_counts(response):
    return {item.key: item.count for item in response.context["inbox"]}


def overdue(group, **fields):
    return ApplicationFactory(group=group, created_at=timezone.now() - datetime.timedelta(days=10), **fields)


def enrolment(group, **fields):
    return Enrolment.objects.create(
        group=group, learner=LearnerFactory(organisation=group.club.organisation), **fields
    )


@pytest.fixture
def world(years, elsewhere):
    """What waits in the home organisation, and the same again in another one."""
    records = {}
    for key, organisation in (("home", home_organisation()), ("other", elsewhere)):
        group = GroupFactory(club__organisation=organisation)
        ApplicationFactory(group=group)  # new
        overdue(group)  # new and overdue
        ApplicationFactory(group=group, status=Application.Status.WAITING)  # not new
        ProgramFactory(organisation=organisation, in_review=True)
        ProgramFactory(organisation=organisation, returned=True)
        ProgramFactory(organisation=organisation, returned=True)
        ProgramFactory(organisation=organisation)  # published: waits for nobody
        LeaveRequest.objects.create(enrolment=enrolment(group), reason="Переезд")
        LeaveRequest.objects.create(
            enrolment=enrolment(group), reason="Передумали", status=LeaveRequest.Status.REFUSED
        )
        draft = Order.objects.create(
            organisation=organisation, academic_year=group.academic_year, kind=Order.Kind.ENROLMENT
        )
        enrolment(group, order=draft)
        # an empty draft (its last child taken out) is nothing to sign
        Order.objects.create(
            organisation=organisation, academic_year=group.academic_year, kind=Order.Kind.LEAVING
        )
        records[key] = group
    return records


# --- the registry -------------------------------------------------------------------------


def test_the_areas_register_their_providers_by_module_name():
    names = {f"{function.__module__}.{function.__name__}" for function in inbox.providers()}
    assert {
        "programs.inbox.applications",
        "programs.inbox.programs",
        "innovation.inbox.platforms_without_order",
        "mentoring.inbox.stalled_pairs",
    } <= names


def test_a_provider_adds_its_items_once_in_rank_order_and_a_missing_page_is_left_out(methodist, monkeypatch):
    inbox.discover()  # the areas' modules are imported once: register them in the real list first
    monkeypatch.setattr(inbox, "_providers", [])

    @inbox.provider
    def first(user, today):
        yield inbox.Item("b", "Второе", 2, "/b/", rank=20)
        yield inbox.Item("a", "Первое", 1, "/a/", rank=10)
        yield inbox.Item("gone", "Нет страницы", 5, inbox.link("programs:no_such_page"), rank=1)

    @inbox.provider
    def second(user, today):
        yield inbox.Item("a", "Повтор", 9, "/again/", rank=10)

    inbox.provider(first)  # registering twice is once
    assert [(item.key, item.count, item.url) for item in inbox.inbox_for(methodist)] == [
        ("a", 1, "/a/"),
        ("b", 2, "/b/"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "parent"])
def test_no_inbox_for_anyone_but_staff(who, parent, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert inbox.inbox_for(AnonymousUser() if who == "anonymous" else parent) == []


# --- what each role sees --------------------------------------------------------------------


def test_the_methodist_sees_the_own_organisations_applications_returned_programs_drafts_and_requests(
    methodist_client, world
):
    response = methodist_client.get(reverse("staff_home"))
    assert response.status_code == 200
    shown = page_counts(response)
    assert shown["applications_new"] == 2  # not the waiting one, not the other organisation's
    assert shown["applications_overdue"] == 1
    assert shown["leave_requests"] == 1  # pending only
    assert shown["programs_returned"] == 2
    assert "programs_review" not in shown  # the director approves
    if inbox.link("programs:staff_orders"):
        assert shown["orders_draft"] == 1 and "orders_to_sign" not in shown
    html = response.content.decode()
    assert 'id="inbox"' in html and 'data-inbox="applications_overdue" data-count="1"' in html
    assert "Новые заявки" in html


def test_the_director_sees_programs_to_approve_and_orders_to_sign(director_client, world):
    shown = page_counts(director_client.get(reverse("staff_home")))
    assert shown["programs_review"] == 1
    assert "programs_returned" not in shown
    assert shown["applications_new"] == 2
    if inbox.link("programs:staff_orders"):
        assert shown["orders_to_sign"] == 1 and "orders_draft" not in shown


def test_the_teacher_sees_neither_the_queue_nor_the_programs(teacher, world):
    shown = counts(teacher)
    assert not {"applications_new", "leave_requests", "programs_review", "programs_returned"} & set(shown)
    assert not {"orders_to_sign", "orders_draft", "platforms_without_order"} & set(shown)


def test_a_renewal_waiting_or_returned_is_counted_for_its_role(director, methodist, years):
    current = years["current"]
    ProgramFactory(renewal=Program.Renewal.REVIEW, renewal_year=current)
    ProgramFactory(renewal=Program.Renewal.RETURNED, renewal_year=current, review_comment="Уточните")
    assert counts(director)["programs_review"] == 1
    mine = counts(methodist)
    assert mine["programs_returned"] == 0 and mine["programs_renewal_returned"] == 1


def test_every_link_of_the_inbox_opens_the_list_that_holds_the_count(client, make_user, world):
    for role in (Role.METHODIST, Role.DIRECTOR):
        user = make_user(role)
        client.force_login(user)
        for item in inbox.inbox_for(user):
            response = client.get(item.url)
            assert response.status_code == 200, item.key
            page = response.context.get("page")
            if item.key in {"applications_new", "applications_overdue", "leave_requests", "programs_review"}:
                assert page.paginator.count == item.count, item.key


def test_the_overdue_link_shows_next_years_applications_too(methodist_client, years, world):
    next_year = AcademicYear.objects.filter(
        start__gt=years["current"].start
    ).first() or AcademicYear.objects.create(
        label=f"{years['current'].first_calendar_year + 1}/{years['current'].first_calendar_year + 2}",
        start=years["current"].end + datetime.timedelta(days=1),
        end=years["current"].end + datetime.timedelta(days=366),
    )
    overdue(GroupFactory(academic_year=next_year))
    item = next(
        item
        for item in inbox.inbox_for(methodist_client.get(reverse("staff_home")).wsgi_request.user)
        if item.key == "applications_overdue"
    )
    assert item.count == 2
    assert methodist_client.get(item.url).context["page"].paginator.count == 2


def test_an_empty_inbox_says_nothing_waits_and_links_no_count(methodist_client, years):
    html = methodist_client.get(reverse("staff_home")).content.decode()
    assert 'id="inbox-empty"' in html and "Сейчас вас ничего не ждёт" in html
    assert f'href="{reverse("programs:staff_applications")}?' not in html


def test_the_authority_and_the_director_see_platforms_without_this_years_order(
    client, authority, director, years, elsewhere
):
    current, previous = (
        years["current"],
        years[f"{years['current'].first_calendar_year - 1}/{years['current'].first_calendar_year}"],
    )
    uncovered = PlatformFactory(first_year=previous)
    OrderCoverageFactory(platform=uncovered, academic_year=previous)
    covered = PlatformFactory(first_year=previous)
    OrderCoverageFactory(platform=covered, academic_year=current)
    PlatformFactory(first_year=previous, status=Platform.Status.COMPLETED)  # not in force
    PlatformFactory(organisation=elsewhere, first_year=previous)  # neither's
    assert counts(director)["platforms_without_order"] == 1
    assert counts(authority)["platforms_without_order"] == 1  # its territory's home organisation
    client.force_login(director)
    html = client.get(reverse("staff_home")).content.decode()
    assert f'href="{reverse("innovation:dashboard")}"' in html


def test_stalled_pairs_for_the_coordinator_and_for_the_mentor_of_them(coordinator, make_user, years):
    program = MentoringProgramFactory()
    mentor = make_user(Role.TEACHER)
    make_pair(program=program, form=Form.TEACHER_TEACHER, mentor=mentor.person, start=days_ago(60))
    make_pair(program=program, form=Form.TEACHER_TEACHER, start=days_ago(60))
    make_pair(program=program, form=Form.TEACHER_TEACHER, start=days_ago(3))  # not stalled yet
    assert counts(coordinator)["mentoring_stalled"] == 2
    mine = inbox.inbox_for(mentor)
    assert [(item.key, item.count) for item in mine if item.key == "mentoring_stalled"] == [
        ("mentoring_stalled", 1)
    ]
    assert next(item for item in mine if item.key == "mentoring_stalled").url == reverse("mentoring:my_pairs")


# --- the cost ---------------------------------------------------------------------------------


def test_the_methodists_landing_page_query_count_does_not_grow_with_the_rows(
    methodist_client, world, django_assert_max_num_queries
):
    methodist_client.get(reverse("staff_home"))
    with django_assert_max_num_queries(25) as few:
        methodist_client.get(reverse("staff_home"))
    group = world["home"]
    for _ in range(5):
        ApplicationFactory(group=GroupFactory())
        overdue(group)
        ProgramFactory(returned=True)
        LeaveRequest.objects.create(enrolment=enrolment(group), reason="Переезд")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = methodist_client.get(reverse("staff_home"))
    assert page_counts(response)["applications_new"] == 12


# --- the registers ----------------------------------------------------------------------------


@pytest.fixture
def registers(years, teacher, make_user):
    """Two groups of the current year with a Monday lesson and a child since the first day:
    the teacher's and a colleague's."""
    year = years["current"]
    mine = catalogue_group(teacher=teacher.person, weekdays=(1,))
    colleague = make_user(Role.TEACHER, username="colleague")
    theirs = catalogue_group(teacher=colleague.person, weekdays=(1,))
    children = {group.pk: enrolment(group, enrolled_on=year.start) for group in (mine, theirs)}
    # by 20 October: the lessons of September and October took place, none is marked
    return {
        "mine": mine,
        "theirs": theirs,
        "children": children,
        "today": year.start.replace(month=10, day=20),
    }


def test_the_teacher_counts_the_unmarked_months_of_own_groups_the_methodist_of_all(
    teacher, methodist, director, registers
):
    today = registers["today"]
    mine = {item.key: item for item in inbox.inbox_for(teacher, today=today)}
    assert mine["attendance_unmarked"].count == 2  # September and October of the own group
    assert mine["attendance_unmarked"].url == reverse("programs:attendance_groups")
    every = {item.key: item for item in inbox.inbox_for(methodist, today=today)}
    assert every["attendance_unmarked"].count == 4
    assert "attendance_unmarked" not in {item.key for item in inbox.inbox_for(director, today=today)}


def test_one_month_waiting_links_straight_to_its_register(teacher, registers):
    group, today = registers["mine"], registers["today"].replace(day=1)  # September only
    item = next(item for item in inbox.inbox_for(teacher, today=today) if item.key == "attendance_unmarked")
    assert item.count == 1
    assert item.url == reverse(
        "programs:attendance_register", kwargs={"pk": group.pk, "year": today.year, "month": 9}
    )


def test_the_methodists_count_is_kept_a_few_minutes_the_teachers_is_live(teacher, methodist, registers):
    from django.core.cache import cache

    today = registers["today"]

    def unmarked(user):
        return next(
            item.count for item in inbox.inbox_for(user, today=today) if item.key == "attendance_unmarked"
        )

    assert unmarked(methodist) == 4 and unmarked(teacher) == 2
    mine = registers["mine"]
    for day in (today - datetime.timedelta(days=n) for n in range(1, 60)):
        if day.weekday() == 0 and day >= mine.academic_year.start:
            lesson = Lesson.objects.create(
                group=mine, date=day, starts=datetime.time(15), ends=datetime.time(16, 30)
            )
            AttendanceMark.objects.create(
                lesson=lesson, enrolment=registers["children"][mine.pk], status="present"
            )
    assert unmarked(teacher) == 0  # counted afresh
    assert unmarked(methodist) == 4  # kept: the whole organisation's registers are read for it
    cache.clear()
    assert unmarked(methodist) == 2


def test_children_missing_lessons_in_a_row_are_flagged_to_the_teacher_only(
    teacher, methodist, registers, settings
):
    group, child = registers["mine"], registers["children"][registers["mine"].pk]
    mondays = [
        day
        for day in (registers["today"] - datetime.timedelta(days=n) for n in range(1, 50))
        if day.weekday() == 0
    ]
    for day in mondays[: settings.ATTENDANCE_ABSENCE_STREAK]:
        lesson = Lesson.objects.create(
            group=group, date=day, starts=datetime.time(15), ends=datetime.time(16, 30)
        )
        AttendanceMark.objects.create(
            lesson=lesson, enrolment=child, status=AttendanceMark.Status.NO_REASON, marked_by=teacher
        )
    flagged = {item.key: item for item in inbox.inbox_for(teacher, today=registers["today"])}
    assert flagged["attendance_absences"].count == 1 and flagged["attendance_absences"].urgent
    # the methodist's page does not read every mark of the organisation
    assert "attendance_absences" not in {
        item.key for item in inbox.inbox_for(methodist, today=registers["today"])
    }
    AttendanceMark.objects.filter(lesson__date=mondays[0]).update(status=AttendanceMark.Status.PRESENT)
    assert "attendance_absences" not in {
        item.key for item in inbox.inbox_for(teacher, today=registers["today"])
    }


# --- the sections of the methodist's year ---------------------------------------------------

YEAR_SECTIONS = {
    "programs:staff_orders",
    "programs:attendance_groups",
    "programs:attendance_calendar",
    "programs:staff_imports",
    "programs:staff_next_year",
}


@pytest.mark.parametrize(
    "role, shown",
    [
        (Role.METHODIST, YEAR_SECTIONS),
        (
            Role.DIRECTOR,
            {"programs:staff_orders", "programs:attendance_groups", "programs:attendance_calendar"},
        ),
        (Role.TEACHER, {"programs:attendance_groups"}),
        (Role.COORDINATOR, set()),
    ],
)
def test_the_pages_of_the_methodists_year_are_sections_for_the_roles_they_open_for(
    client, make_user, years, role, shown
):
    client.force_login(make_user(role))
    response = client.get(reverse("staff_home"))
    sections = {section["name"]: section["url"] for section in response.context["sections"]}
    present = {name for name in YEAR_SECTIONS if inbox.link(name)}  # the pages that exist
    assert set(sections) & present == shown & present
    for name in shown & present:
        assert client.get(sections[name], follow=True).status_code == 200, name
