"""The next-year wizard: the copy of groups and timetables (clashes reported, nothing copied
twice), the moves on by the transfer order and the leavings by the leaving order, and its
pages for every role and organisation."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.urls import reverse

from centre.models import AcademicYear
from programs.models import Approval, Enrolment, Group, LeavingReason, Order, Program, ScheduleSlot
from programs.services import next_year
from programs.services.next_year import Decision
from tests.factories import AcademicYearFactory, LearnerFactory, OrganisationFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory, ProgramFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db

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


def next_label(year):
    return next_year.next_year_label(year)


def copy_all(by, year, groups, **window):
    return next_year.groups_copy(
        by=by,
        year=year,
        program_ids={g.program_id for g in groups},
        windows={g.pk: (window.get("enrol_from"), window.get("enrol_until")) for g in groups},
    )


# --- the copy ------------------------------------------------------------------------------


def test_copy_makes_the_next_year_and_the_group_a_year_on(methodist, year, group):
    window = {"enrol_from": datetime.date(2027, 4, 1), "enrol_until": datetime.date(2027, 8, 31)}
    result = copy_all(methodist, year, [group], **window)

    next_ = AcademicYear.objects.get(label=next_label(year))
    assert (next_.start, next_.end) == (
        datetime.date(year.start.year + 1, 9, 1),
        datetime.date(year.end.year + 1, 8, 31),
    )
    assert not next_.is_current
    copy = Group.objects.get(copied_from=group)
    assert result.year == next_ and [plan.copy for plan in result.copied] == [copy]
    assert copy.academic_year == next_
    assert (copy.name, copy.year_of_study, copy.age_min, copy.age_max) == ("Группа А", 2, 8, 11)
    assert (copy.club, copy.program, copy.teacher, copy.venue, copy.room) == (
        group.club,
        group.program,
        group.teacher,
        group.venue,
        group.room,
    )
    assert (copy.places, copy.funding, copy.price, copy.enrolled_count) == (3, "paid", group.price, 0)
    assert (copy.enrol_from, copy.enrol_until) == (window["enrol_from"], window["enrol_until"])
    lessons = list(copy.slots.values_list("weekday", "starts", "ends", "room", "academic_year", "teacher"))
    assert lessons == [
        (1, T(15), T(16, 30), group.room_id, next_.pk, group.teacher_id),
        (4, T(15), T(16, 30), group.room_id, next_.pk, group.teacher_id),
    ]


def test_a_clashing_lesson_is_reported_and_left_out_the_group_copied(methodist, home, year, group):
    next_ = AcademicYearFactory(label=next_label(year))
    # next year the teacher already has a group on Thursdays at 16:00
    other = GroupFactory(club=group.club, program=group.program, academic_year=next_, teacher=group.teacher)
    ScheduleSlotFactory(group=other, weekday=4, starts=T(16), ends=T(17))

    plans = next_year.plan_copies(next_year.groups_to_copy(methodist, year, [group.program_id]), next_)
    [plan] = plans
    assert [lesson.copied for lesson in plan.lessons] == [True, False]
    assert str(other) in plan.lessons[1].clash and "педагог" in plan.lessons[1].clash.lower()

    result = copy_all(methodist, year, [group])
    copy = Group.objects.get(copied_from=group)
    assert list(copy.slots.values_list("weekday", flat=True)) == [1]
    assert [(g, lesson.slot.weekday) for g, lesson in result.skipped_lessons] == [(group, 4)]


def test_a_room_taken_next_year_is_a_clash_too(methodist, year, group):
    next_ = AcademicYearFactory(label=next_label(year))
    other = GroupFactory(academic_year=next_, venue=group.venue, room=group.room)
    ScheduleSlotFactory(group=other, weekday=1, starts=T(16), ends=T(17), room=group.room)
    [plan] = next_year.plan_copies(next_year.groups_to_copy(methodist, year, [group.program_id]), next_)
    assert [bool(lesson.clash) for lesson in plan.lessons] == [True, False]
    assert "кабинет" in plan.lessons[0].clash.lower() or group.room.name in plan.lessons[0].clash


def test_the_copy_runs_once_and_says_what_was_already_done(methodist, year, group):
    copy_all(methodist, year, [group])
    again = copy_all(methodist, year, [group])
    assert again.copied == [] and [plan.group for plan in again.already] == [group]
    assert Group.objects.filter(academic_year__label=next_label(year)).count() == 1
    assert ScheduleSlot.objects.filter(academic_year__label=next_label(year)).count() == 2
    assert AcademicYear.objects.filter(label=next_label(year)).count() == 1


def test_a_name_taken_next_year_blocks_only_that_group(methodist, year, group):
    next_ = AcademicYearFactory(label=next_label(year))
    GroupFactory(club=group.club, program=group.program, academic_year=next_, name=group.name)
    result = copy_all(methodist, year, [group])
    assert result.copied == [] and [plan.group for plan in result.blocked] == [group]
    assert "Группа А" in result.blocked[0].blocked
    assert not Group.objects.filter(copied_from=group).exists()


def test_a_window_that_closes_before_it_opens_saves_nothing(methodist, year, group):
    second = GroupFactory(club=group.club, program=group.program, academic_year=year, teacher=group.teacher)
    with pytest.raises(ValidationError):
        next_year.groups_copy(
            by=methodist,
            year=year,
            program_ids=[group.program_id],
            windows={
                group.pk: (None, None),
                second.pk: (datetime.date(2027, 5, 1), datetime.date(2027, 4, 1)),
            },
        )
    assert not Group.objects.filter(copied_from__isnull=False).exists()


def test_another_organisations_groups_are_never_copied(methodist, year, group):
    foreign = GroupFactory(club__organisation=OrganisationFactory(), academic_year=year)
    copy_all(methodist, year, [group, foreign])
    assert not Group.objects.filter(copied_from=foreign).exists()
    assert Group.objects.filter(copied_from=group).exists()


def test_only_a_planner_copies(teacher, director, year, group):
    for user in (teacher, director):
        with pytest.raises(PermissionDenied):
            copy_all(user, year, [group])


# --- moving on and leaving -----------------------------------------------------------------


@pytest.fixture
def copy(methodist, year, group):
    copy_all(methodist, year, [group])
    return Group.objects.get(copied_from=group)


def test_children_move_on_by_the_transfer_order_or_leave_by_the_leaving_order(methodist, year, group, copy):
    staying, leaving = enrol(group, 2, funding="certificate")
    result = next_year.children_move(
        by=methodist, copy=copy, decisions={staying.pk: Decision.MOVE, leaving.pk: Decision.LEAVE}
    )

    moved = Enrolment.objects.get(continues=staying)
    assert result.moved == [moved]
    assert (moved.group, moved.learner, moved.status) == (copy, staying.learner, "active")
    assert (moved.enrolled_on, moved.funding) == (copy.academic_year.start, "certificate")
    assert moved.order.kind == Order.Kind.TRANSFER and moved.order.is_draft
    assert moved.order.academic_year == year and moved.order.organisation == group.club.organisation
    staying.refresh_from_db()
    assert staying.status == "active"  # the register of this year still needs it

    leaving.refresh_from_db()
    assert (leaving.status, leaving.leaving_reason) == ("left", LeavingReason.COMPLETED)
    assert leaving.leaving_order.kind == Order.Kind.LEAVING and leaving.leaving_order.is_draft
    assert leaving.left_on is not None
    group.refresh_from_db(), copy.refresh_from_db()
    assert (group.enrolled_count, copy.enrolled_count) == (1, 1)


def test_moving_again_changes_nothing_and_says_so(methodist, group, copy):
    staying, leaving = enrol(group, 2)
    decisions = {staying.pk: Decision.MOVE, leaving.pk: Decision.LEAVE}
    next_year.children_move(by=methodist, copy=copy, decisions=decisions)
    again = next_year.children_move(by=methodist, copy=copy, decisions=decisions)
    assert (
        again.moved == [] and again.left == [] and {e.pk for e in again.already} == {staying.pk, leaving.pk}
    )
    assert Enrolment.objects.filter(group=copy).count() == 1
    copy.refresh_from_db()
    assert copy.enrolled_count == 1
    # one draft of each kind, however many runs
    assert Order.objects.filter(kind=Order.Kind.TRANSFER).count() == 1
    assert Order.objects.filter(kind=Order.Kind.LEAVING).count() == 1


def test_later_leaves_the_child_as_they_are(methodist, group, copy):
    [child] = enrol(group)
    result = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.LATER})
    assert result.moved == result.left == []
    assert not Order.objects.exists() and not Enrolment.objects.filter(group=copy).exists()


def test_too_few_places_next_year_moves_nobody(methodist, group, copy):
    children = enrol(group, 3)
    Group.objects.filter(pk=copy.pk).update(places=2)
    with pytest.raises(ValidationError, match="2"):
        next_year.children_move(by=methodist, copy=copy, decisions={e.pk: Decision.MOVE for e in children})
    assert not Enrolment.objects.filter(group=copy).exists() and not Order.objects.exists()


def test_a_child_already_in_next_years_group_is_not_enrolled_twice(methodist, group, copy):
    [child] = enrol(group)
    Enrolment.objects.create(group=copy, learner=child.learner)
    result = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE})
    assert result.enrolled == [child] and result.moved == []
    assert Enrolment.objects.filter(group=copy, learner=child.learner).count() == 1


def test_the_last_year_of_a_program_offers_leaving_first(group):
    assert next_year.default_decision(group) == Decision.MOVE
    group.year_of_study = 2
    assert next_year.default_decision(group) == Decision.LEAVE


# --- the pages -----------------------------------------------------------------------------

START = "programs:staff_next_year"
PREVIEW = "programs:staff_next_year_preview"
CHILDREN = "programs:staff_next_year_children"


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("director", 403), ("methodist", 200)],
    indirect=["role_client"],
)
def test_the_wizard_is_the_methodists(role_client, expected):
    year = CurrentYearFactory()
    group = GroupFactory(academic_year=year)
    copy = GroupFactory(
        club=group.club,
        program=group.program,
        venue=group.venue,
        room=group.room,
        academic_year=AcademicYearFactory(label=next_label(year)),
        copied_from=group,
    )
    urls = [
        reverse(START),
        reverse(PREVIEW) + f"?programs={group.program_id}",
        reverse(CHILDREN, args=[copy.pk]),
    ]
    for url in urls:
        assert role_client.get(url).status_code == expected, url
    for url in urls[1:]:
        assert role_client.post(url, {}).status_code == expected, url


def test_another_organisations_copy_is_not_found(methodist_client, year):
    foreign = GroupFactory(club__organisation=OrganisationFactory(), academic_year=year)
    foreign_copy = GroupFactory(
        club=foreign.club,
        program=foreign.program,
        venue=foreign.venue,
        room=foreign.room,
        academic_year=AcademicYearFactory(label=next_label(year)),
        copied_from=foreign,
    )
    assert methodist_client.get(reverse(CHILDREN, args=[foreign_copy.pk])).status_code == 404
    # a group of its own that is not a copy is not found either
    assert methodist_client.get(reverse(CHILDREN, args=[foreign.pk])).status_code == 404


def test_another_organisations_program_is_not_offered(methodist_client, year, group):
    foreign = GroupFactory(club__organisation=OrganisationFactory(), academic_year=year)
    response = methodist_client.get(reverse(START))
    assert group.program.title in response.text and foreign.program.title not in response.text
    response = methodist_client.get(reverse(PREVIEW), {"programs": foreign.program_id})
    assert "Выберите корректный вариант" in response.text
    assert foreign.name not in response.text


def test_the_preview_shows_the_clash_and_changes_nothing(methodist_client, year, group):
    next_ = AcademicYearFactory(label=next_label(year))
    other = GroupFactory(academic_year=next_, teacher=group.teacher)
    ScheduleSlotFactory(group=other, weekday=4, starts=T(16), ends=T(17))
    response = methodist_client.get(
        reverse(PREVIEW), {"programs": group.program_id, "enrol_from": "2027-04-01"}
    )
    assert response.status_code == 200
    assert 'data-clash="1"' in response.text and "не копируется" in response.text
    assert 'value="2027-04-01"' in response.text
    assert not Group.objects.filter(copied_from=group).exists()


def test_copying_asks_first_then_copies_once(methodist_client, year, group):
    url = reverse(PREVIEW) + f"?programs={group.program_id}"
    data = {f"copy_{group.pk}": "on", f"from_{group.pk}": "2027-04-01", f"until_{group.pk}": "2027-08-31"}
    response = methodist_client.post(url, data)
    assert response.status_code == 200 and 'id="confirm-form"' in response.text
    assert not AcademicYear.objects.filter(label=next_label(year)).exists()

    response = methodist_client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 200 and 'id="copied"' in response.text
    copy = Group.objects.get(copied_from=group)
    assert copy.enrol_from == datetime.date(2027, 4, 1)

    response = methodist_client.post(url, {**data, "confirmed": "1"})
    assert Group.objects.filter(copied_from__isnull=False).count() == 1
    # the preview shows the copy as done and offers nothing to copy
    response = methodist_client.get(url)
    assert 'data-state="copied"' in response.text and 'id="copy-button"' not in response.text


def test_bad_windows_are_said_in_russian_and_nothing_is_saved(methodist_client, year, group):
    response = methodist_client.get(
        reverse(PREVIEW),
        {"programs": group.program_id, "enrol_from": "2027-05-01", "enrol_until": "2027-04-01"},
    )
    assert "Приём заявок не может закончиться раньше, чем начнётся." in response.text
    url = reverse(PREVIEW) + f"?programs={group.program_id}"
    data = {f"copy_{group.pk}": "on", f"from_{group.pk}": "2027-05-01", f"until_{group.pk}": "2027-04-01"}
    response = methodist_client.post(url, {**data, "confirmed": "1"})
    assert "Приём заявок не может закончиться раньше, чем начнётся." in response.text
    response = methodist_client.post(url, {**data, f"from_{group.pk}": "первое мая", "confirmed": "1"})
    assert "Введите правильную дату." in response.text
    response = methodist_client.post(url, {f"from_{group.pk}": "2027-05-01", "confirmed": "1"})
    assert "Выберите хотя бы одну группу" in response.text
    assert not Group.objects.filter(copied_from__isnull=False).exists()


def test_no_program_chosen_is_said_in_russian(methodist_client, group):
    response = methodist_client.get(reverse(PREVIEW))
    assert "Выберите хотя бы одну программу." in response.text


def test_moving_on_asks_first_then_moves(methodist_client, group, copy):
    staying, leaving = enrol(group, 2)
    url = reverse(CHILDREN, args=[copy.pk])
    response = methodist_client.get(url)
    assert staying.learner.full_name in response.text
    data = {f"e_{staying.pk}": "move", f"e_{leaving.pk}": "leave"}
    response = methodist_client.post(url, data)
    assert 'id="confirm-form"' in response.text and staying.learner.full_name in response.text
    assert not Order.objects.exists()

    response = methodist_client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert Enrolment.objects.filter(group=copy, continues=staying).exists()
    response = methodist_client.get(url)
    assert 'data-done="moved"' in response.text and 'data-done="left"' in response.text
    for kind in (Order.Kind.TRANSFER, Order.Kind.LEAVING):
        assert reverse("programs:staff_order", args=[Order.objects.get(kind=kind).pk]) in response.text
    assert 'id="nobody-left"' in response.text


def test_too_few_places_is_said_on_the_page(methodist_client, group, copy):
    children = enrol(group, 2)
    Group.objects.filter(pk=copy.pk).update(places=1)
    data = {f"e_{e.pk}": "move" for e in children} | {"confirmed": "1"}
    response = methodist_client.post(reverse(CHILDREN, args=[copy.pk]), data)
    assert response.status_code == 200 and "свободных мест: 1" in response.text
    assert not Enrolment.objects.filter(group=copy).exists()


def test_a_missing_choice_is_said_in_russian(methodist_client, group, copy):
    [child] = enrol(group)
    response = methodist_client.post(reverse(CHILDREN, args=[copy.pk]), {"confirmed": "1"})
    assert "Обязательное поле." in response.text
    assert not Enrolment.objects.filter(group=copy).exists()


def test_the_pages_read_a_fixed_number_of_queries(
    methodist, methodist_client, year, group, django_assert_max_num_queries
):
    def urls(copy):
        return [
            reverse(START),
            reverse(PREVIEW) + f"?programs={group.program_id}",
            reverse(CHILDREN, args=[copy.pk]),
        ]

    enrol(group, 2)
    copy_all(methodist, year, [group])
    copy = Group.objects.get(copied_from=group)
    counts = {}
    for url in urls(copy):
        with django_assert_max_num_queries(25) as captured:
            assert methodist_client.get(url).status_code == 200
        counts[url] = len(captured)
    for _ in range(3):
        more = GroupFactory(club=group.club, program=group.program, academic_year=year, places=5)
        ScheduleSlotFactory(group=more)
        enrol(more, 2)
        copy_all(methodist, year, [more])
    enrol(group, 1)
    for url in urls(copy):
        with django_assert_max_num_queries(counts[url]):
            assert methodist_client.get(url).status_code == 200


def test_the_start_page_without_a_current_year(methodist_client):
    response = methodist_client.get(reverse(START))
    assert 'id="no-current-year"' in response.text


def test_programs_choice_lists_only_this_years(methodist, year, group):
    ProgramFactory(organisation=group.club.organisation, title="Без групп")
    titles = list(next_year.programs_to_copy(methodist, year).values_list("title", flat=True))
    assert titles == [group.program.title]


def hidden_fields(html: str) -> dict[str, str]:
    """The confirmation page's carried values, as its form posts them back."""
    form = html[html.index('id="confirm-form"') :]
    form = form[: form.index("</form>")]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    return {name: value for name, value in fields if name != "csrfmiddlewaretoken"}


def test_the_confirmation_carries_the_preview_and_an_unticked_group_stays(methodist_client, year, group):
    second = GroupFactory(club=group.club, program=group.program, academic_year=year, name="Группа Б")
    url = reverse(PREVIEW) + f"?programs={group.program_id}"
    data = {f"copy_{group.pk}": "on", f"from_{group.pk}": "2027-04-01", f"from_{second.pk}": "2027-05-01"}
    response = methodist_client.post(url, data)
    carried = hidden_fields(response.text)
    assert carried[f"from_{group.pk}"] == "2027-04-01"
    response = methodist_client.post(url, {**carried, "confirmed": "1"})
    assert response.status_code == 200
    assert Group.objects.get(copied_from=group).enrol_from == datetime.date(2027, 4, 1)
    assert not Group.objects.filter(copied_from=second).exists()


def test_the_confirmation_carries_the_choices_of_the_children(methodist_client, group, copy):
    staying, leaving, later = enrol(group, 3)
    url = reverse(CHILDREN, args=[copy.pk])
    data = {f"e_{staying.pk}": "move", f"e_{leaving.pk}": "leave", f"e_{later.pk}": "later"}
    carried = hidden_fields(methodist_client.post(url, data).text)
    assert carried == data
    methodist_client.post(url, {**carried, "confirmed": "1"})
    assert Enrolment.objects.filter(group=copy, continues=staying).exists()
    assert Enrolment.objects.get(pk=leaving.pk).status == "left"
    assert Enrolment.objects.get(pk=later.pk).status == "active"
    response = methodist_client.get(reverse(START))
    assert 'data-undecided="1"' in response.text


def test_the_preview_reminds_of_a_program_not_approved_for_the_next_year(methodist, year, group):
    next_ = AcademicYearFactory(label=next_label(year))
    [plan] = next_year.plan_copies(next_year.groups_to_copy(methodist, year, [group.program_id]), next_)
    assert not plan.approved
    Approval.objects.create(
        program=group.program,
        academic_year=next_,
        order_number="1",
        order_date=datetime.date(2027, 5, 1),
        council_protocol_number="1",
        council_date=datetime.date(2027, 4, 28),
    )
    [plan] = next_year.plan_copies(next_year.groups_to_copy(methodist, year, [group.program_id]), next_)
    assert plan.approved


def test_an_archived_program_is_not_offered(methodist, year, group):
    Program.objects.filter(pk=group.program_id).update(status=Program.Status.ARCHIVED)
    assert not next_year.programs_to_copy(methodist, year).exists()


def test_the_preview_warns_of_a_teacher_who_has_left(methodist_client, group):
    url = reverse(PREVIEW) + f"?programs={group.program_id}"
    assert "data-teacher-gone" not in methodist_client.get(url).text
    type(group.teacher).objects.filter(pk=group.teacher_id).update(is_active=False)
    response = methodist_client.get(url)
    assert 'data-teacher-gone="1"' in response.text and "больше не работает" in response.text


# --- undoing a move ------------------------------------------------------------------------

UNDO = "programs:staff_next_year_move_undo"


def sign(order):
    Order.objects.filter(pk=order.pk).update(
        status="signed", number="12-у", signed_on=datetime.date(2027, 5, 20)
    )


def test_a_move_is_undone_while_its_order_is_a_draft(methodist, group, copy):
    [child] = enrol(group)
    result = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE})
    [moved] = result.moved
    assert next_year.move_undo(by=methodist, enrolment=moved) == child
    assert not Enrolment.objects.filter(pk=moved.pk).exists()
    copy.refresh_from_db()
    assert copy.enrolled_count == 0
    assert Enrolment.objects.get(pk=child.pk).status == "active"
    # decided about again: it can move on anew
    again = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE})
    assert len(again.moved) == 1


def test_a_move_of_a_signed_order_stays(methodist, group, copy):
    [child] = enrol(group)
    [moved] = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE}).moved
    sign(moved.order)
    with pytest.raises(ValidationError, match="подписан"):
        next_year.move_undo(by=methodist, enrolment=moved)
    assert Enrolment.objects.filter(pk=moved.pk).exists()


def test_undoing_asks_first_on_its_page(methodist, methodist_client, group, copy):
    [child] = enrol(group)
    [moved] = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE}).moved
    children = methodist_client.get(reverse(CHILDREN, args=[copy.pk])).text
    url = reverse(UNDO, args=[moved.pk])
    assert f'href="{url}"' in children
    response = methodist_client.get(url)
    assert 'id="confirm-form"' in response.text and child.learner.full_name in response.text
    methodist_client.post(url, {})
    assert Enrolment.objects.filter(pk=moved.pk).exists()
    response = methodist_client.post(url, {"confirmed": "1"})
    assert response.status_code == 302 and not Enrolment.objects.filter(pk=moved.pk).exists()


def test_a_signed_move_has_no_undo(methodist, methodist_client, group, copy):
    [child] = enrol(group)
    [moved] = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE}).moved
    sign(moved.order)
    url = reverse(UNDO, args=[moved.pk])
    assert f'href="{url}"' not in methodist_client.get(reverse(CHILDREN, args=[copy.pk])).text
    response = methodist_client.post(url, {"confirmed": "1"})
    assert 'id="not-undoable"' in response.text and Enrolment.objects.filter(pk=moved.pk).exists()


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("director", 403), ("methodist", 200)],
    indirect=["role_client"],
)
def test_undoing_is_the_methodists(role_client, expected):
    year = CurrentYearFactory()
    group = GroupFactory(academic_year=year)
    copy = GroupFactory(
        club=group.club,
        program=group.program,
        venue=group.venue,
        room=group.room,
        academic_year=AcademicYearFactory(label=next_label(year)),
        copied_from=group,
    )
    [child] = enrol(group)
    order = Order.objects.create(organisation=group.club.organisation, academic_year=year, kind="transfer")
    moved = Enrolment.objects.create(group=copy, learner=child.learner, continues=child, order=order)
    assert role_client.get(reverse(UNDO, args=[moved.pk])).status_code == expected
    assert role_client.post(reverse(UNDO, args=[moved.pk]), {}).status_code == expected


def test_another_organisations_move_is_not_found(methodist_client, year):
    foreign = GroupFactory(club__organisation=OrganisationFactory(), academic_year=year)
    [child] = enrol(foreign)
    moved = Enrolment.objects.create(group=foreign, learner=LearnerFactory(), continues=child)
    assert methodist_client.get(reverse(UNDO, args=[moved.pk])).status_code == 404
    assert methodist_client.post(reverse(UNDO, args=[moved.pk]), {"confirmed": "1"}).status_code == 404
    assert Enrolment.objects.filter(pk=moved.pk).exists()
