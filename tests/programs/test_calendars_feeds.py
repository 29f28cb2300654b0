"""The calendar feeds' pages: a catalogue group's public feed (headers, 404 outside the
catalogue, the club page's link), the teacher's feed by its secret address (only their groups
of this and later years; an unknown, replaced or revoked secret is a 404), the teacher's page
that makes, renews and revokes it (GET asks, POST with confirmed=1 acts), query counts."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from icalendar import Calendar

from centre.models import AcademicYear
from centre.roles import Role
from programs.models import Program, TeacherFeed
from programs.services.calendar_feeds import feed_issue
from tests.factories import AcademicYearFactory, PersonFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory, ScheduleSlotFactory, catalogue_group

pytestmark = pytest.mark.django_db

PAGE = "programs:staff_calendar_feed"
NEW = "programs:staff_calendar_feed_new"
REVOKE = "programs:staff_calendar_feed_revoke"


@pytest.fixture
def year():
    return CurrentYearFactory()


def group_url(group, slug=None):
    return reverse("programs:group_calendar", args=[slug or group.club.slug, group.pk])


def feed_url(feed_or_token):
    token = getattr(feed_or_token, "token", feed_or_token)
    return reverse("programs:teacher_calendar", args=[token])


def uids(content: bytes) -> set[str]:
    return {str(event["UID"]).split("@")[0] for event in Calendar.from_ical(content).walk("VEVENT")}


def slot_uuids(*groups) -> set[str]:
    return {str(slot.uuid) for group in groups for slot in group.slots.all()}


# --- the public group feed -------------------------------------------------------------------


def test_the_group_feed_is_a_calendar_file(client, year):
    group = catalogue_group()
    response = client.get(group_url(group))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{group.club.slug}-{group.pk}.ics"'
    assert response["Cache-Control"] == "public, max-age=3600"
    assert uids(response.content) == slot_uuids(group)


@pytest.mark.parametrize(
    "case", ["draft program", "archived program", "last year", "next year", "another club", "no such group"]
)
def test_only_a_catalogue_group_has_a_public_feed(client, year, case):
    group = catalogue_group()
    slug = None
    if case == "draft program":
        Program.objects.filter(pk=group.program_id).update(status=Program.Status.DRAFT)
    elif case == "archived program":
        Program.objects.filter(pk=group.program_id).update(status=Program.Status.ARCHIVED)
    elif case in ("last year", "next year"):
        shift = -1 if case == "last year" else 1
        other = AcademicYearFactory(label=f"{year.start.year + shift}/{year.start.year + shift + 1}")
        group = catalogue_group(academic_year=other)
    elif case == "another club":
        slug = catalogue_group().club.slug
    else:
        group.pk = group.pk + 1000
    assert client.get(group_url(group, slug)).status_code == 404


def test_an_unchanged_feed_is_a_304_to_an_app_that_has_it(client, year):
    group = catalogue_group()
    first = client.get(group_url(group))
    again = client.get(group_url(group), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    ScheduleSlotFactory(group=group, weekday=5, starts=datetime.time(9), ends=datetime.time(10))
    changed = client.get(group_url(group), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_the_feed_answers_get_only(client, year):
    group = catalogue_group()
    assert client.post(group_url(group)).status_code == 405


def test_the_club_page_links_each_group_with_lessons_to_its_feed(client, year):
    group = catalogue_group()
    empty = GroupFactory(club=group.club, program=group.program, venue=group.venue)
    content = client.get(reverse("programs:club", args=[group.club.slug])).content.decode()
    assert f'href="{group_url(group)}" type="text/calendar"' in content
    assert "Добавить в календарь" in content
    assert group_url(empty) not in content  # no lessons yet: nothing to add


def test_the_group_feed_reads_a_fixed_number_of_queries(client, year, django_assert_max_num_queries):
    small = catalogue_group(weekdays=(1,))
    large = catalogue_group(weekdays=(1, 2, 3, 4, 5, 6))
    client.get(group_url(small))  # the current year's id is cached
    for group in (small, large):
        with django_assert_max_num_queries(3):
            assert client.get(group_url(group)).status_code == 200


# --- the teacher's feed ----------------------------------------------------------------------


@pytest.fixture
def teacher_groups(teacher, year):
    """The teacher's group of this year (a published program), of next year and of a draft
    program; last year's; another teacher's group of this year."""
    person = teacher.person
    mine = catalogue_group(teacher=person, weekdays=(1, 3))
    nxt = AcademicYearFactory(label=f"{year.start.year + 1}/{year.start.year + 2}")
    later = catalogue_group(teacher=person, academic_year=nxt, weekdays=(2,))
    draft = catalogue_group(teacher=person, weekdays=(5,), program__status=Program.Status.DRAFT)
    last = AcademicYearFactory(label=f"{year.start.year - 1}/{year.start.year}")
    old = catalogue_group(teacher=person, academic_year=last, weekdays=(4,))
    others = catalogue_group(teacher=PersonFactory(), weekdays=(1,))
    return {"mine": [mine, later, draft], "old": old, "others": others}


def test_the_teachers_feed_has_their_groups_of_this_and_later_years(client, teacher, teacher_groups):
    feed = feed_issue(person=teacher.person)
    response = client.get(feed_url(feed))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=900"
    assert uids(response.content) == slot_uuids(*teacher_groups["mine"])
    assert not uids(response.content) & slot_uuids(teacher_groups["old"], teacher_groups["others"])
    assert teacher.person.short_name in Calendar.from_ical(response.content)["X-WR-CALNAME"]


@pytest.mark.parametrize(
    "case", ["unknown", "too long", "renewed", "revoked", "left the centre", "login off"]
)
def test_a_secret_that_no_longer_works_is_a_404(client, teacher, teacher_groups, case):
    feed = feed_issue(person=teacher.person)
    token = feed.token
    if case == "unknown":
        token = TeacherFeed.new_token()
    elif case == "too long":
        token = token * 3
    elif case == "renewed":
        assert client.get(feed_url(feed_issue(person=teacher.person))).status_code == 200
    elif case == "revoked":
        TeacherFeed.objects.filter(pk=feed.pk).delete()
    elif case == "left the centre":
        type(teacher.person).objects.filter(pk=teacher.person.pk).update(is_active=False)
    else:
        type(teacher).objects.filter(pk=teacher.pk).update(is_active=False)
    assert client.get(feed_url(token)).status_code == 404


def test_a_teacher_without_a_current_year_keeps_the_years_not_yet_ended(client, teacher, teacher_groups):
    AcademicYear.objects.update(is_current=False)
    cache.clear()  # the current year's id is cached; update() does not clear it as save() does
    feed = feed_issue(person=teacher.person)
    content = client.get(feed_url(feed)).content
    assert uids(content) == slot_uuids(*teacher_groups["mine"])


def test_the_teachers_years_are_the_portal_s_current_and_later(client, teacher, teacher_groups, monkeypatch):
    """The feed's years come from AcademicYear.objects.current_and_later(), the one place."""
    from centre.models.years import AcademicYearQuerySet

    old = teacher_groups["old"]
    monkeypatch.setattr(
        AcademicYearQuerySet,
        "current_and_later",
        lambda self: AcademicYear.objects.filter(pk=old.academic_year_id).values("pk"),
    )
    feed = feed_issue(person=teacher.person)
    assert uids(client.get(feed_url(feed)).content) == slot_uuids(old)


def test_the_teachers_feed_reads_a_fixed_number_of_queries(
    client, teacher, teacher_groups, django_assert_max_num_queries
):
    feed = feed_issue(person=teacher.person)
    client.get(feed_url(feed))
    with django_assert_max_num_queries(5) as few:
        client.get(feed_url(feed))
    for _n in range(4):
        catalogue_group(teacher=teacher.person, weekdays=(6,), starts=datetime.time(8 + 2 * _n))
    expected = len(slot_uuids(*teacher_groups["mine"])) + 4
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(feed_url(feed))
    assert len(uids(response.content)) == expected


# --- the teacher's page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [
        ("anonymous", 302),
        ("parent", 403),
        ("teacher", 200),
        ("methodist", 200),
        ("director", 200),
        ("coordinator", 200),
        ("authority", 200),
    ],
    indirect=["role_client"],
)
def test_the_page_by_role(role_client, expected, year):
    assert role_client.get(reverse(PAGE)).status_code == expected


def test_a_teacher_makes_the_address_and_sees_it(teacher_client, teacher, teacher_groups):
    content = teacher_client.get(reverse(PAGE)).content.decode()
    assert 'id="feed-make"' in content and "3 группы" in content
    response = teacher_client.post(reverse(NEW), {"confirmed": "1"}, follow=True)
    feed = TeacherFeed.objects.get()
    assert feed.person == teacher.person
    content = response.content.decode()
    assert f'value="http://testserver{feed_url(feed)}"' in content
    assert 'id="feed-revoke"' in content


def test_a_new_address_asks_first_and_the_old_one_stops(client, teacher_client, teacher, teacher_groups):
    old = feed_issue(person=teacher.person)
    response = teacher_client.get(reverse(NEW))
    assert response.status_code == 200 and 'id="confirm-form"' in response.content.decode()
    assert teacher_client.post(reverse(NEW)).status_code == 200  # no confirmed=1: asks again
    assert TeacherFeed.objects.get().token == old.token
    response = teacher_client.post(reverse(NEW), {"confirmed": "1"})
    assert response.status_code == 302
    new = TeacherFeed.objects.get()
    assert new.token != old.token
    client.logout()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_revoking_asks_first_then_the_address_is_a_404(client, teacher_client, teacher, teacher_groups):
    feed = feed_issue(person=teacher.person)
    other = feed_issue(person=teacher_groups["others"].teacher)
    response = teacher_client.get(reverse(REVOKE))
    assert response.status_code == 200 and 'id="confirm-form"' in response.content.decode()
    assert TeacherFeed.objects.count() == 2
    response = teacher_client.post(reverse(REVOKE), {"confirmed": "1"}, follow=True)
    assert "больше не работает" in response.content.decode()
    assert list(TeacherFeed.objects.all()) == [other]  # another teacher's stays
    client.logout()
    assert client.get(feed_url(feed)).status_code == 404
    # revoking again: nothing to revoke, said so
    teacher_client.force_login(teacher)
    response = teacher_client.post(reverse(REVOKE), {"confirmed": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(PAGE)


def test_no_groups_no_address(make_user, client, year):
    user = make_user(Role.METHODIST)
    client.force_login(user)
    content = client.get(reverse(PAGE)).content.decode()
    assert 'id="calendar-no-groups"' in content and 'id="feed-make"' not in content
    response = client.post(reverse(NEW), {"confirmed": "1"}, follow=True)
    assert "нечего" in response.content.decode()
    assert not TeacherFeed.objects.exists()


def test_a_login_without_a_staff_record(admin_user, client, year):
    client.force_login(admin_user)
    content = client.get(reverse(PAGE)).content.decode()
    assert 'id="calendar-no-person"' in content
    assert client.post(reverse(NEW), {"confirmed": "1"}).status_code == 302
    assert not TeacherFeed.objects.exists()


def test_the_page_reads_a_fixed_number_of_queries(
    teacher_client, teacher, teacher_groups, django_assert_max_num_queries
):
    feed_issue(person=teacher.person)
    teacher_client.get(reverse(PAGE))
    with django_assert_max_num_queries(12) as few:
        teacher_client.get(reverse(PAGE))
    for n in range(4):
        catalogue_group(teacher=teacher.person, weekdays=(6,), starts=datetime.time(8 + 2 * n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert teacher_client.get(reverse(PAGE)).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_new_addresses_at_once_leave_one_that_works(teacher):
    """Two clicks (two tabs) at once: both succeed one after the other under the row lock;
    one address is left, the last made, and it is the row's."""
    barrier = threading.Barrier(4)
    made, errors = [], []

    def work():
        try:
            barrier.wait(timeout=30)
            made.append(feed_issue(person=teacher.person).token)
        except Exception as exc:  # noqa: BLE001 - any error is the failure to report
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(made) == 4
    assert list(TeacherFeed.objects.values_list("token", flat=True)) in ([token] for token in made)
