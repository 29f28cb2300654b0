"""The next-year wizard's pages for every role and organisation."""

import datetime
import re

import pytest
from django.urls import reverse

from centre.models import AcademicYear
from programs.models import Approval, Enrolment, Group, Order, Program
from programs.services import next_year
from tests.factories import AcademicYearFactory, OrganisationFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory, ProgramFactory, ScheduleSlotFactory
from tests.programs.next_year.helpers import T, copy_all, enrol, next_label

pytestmark = pytest.mark.django_db

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
