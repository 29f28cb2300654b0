"""The application queue: roles, filters, overdue marking, and the decisions through services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from centre.dates import working_days_before
from programs import services
from programs.models import Application, Enrolment, Group
from tests.factories import AcademicYearFactory, OrganisationFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, CurrentYearFactory, GroupFactory

pytestmark = pytest.mark.django_db

# the accept page's button: the start date and funding default to today and the group's
CONFIRMED = {
    "confirmed": "1",
    "order": "draft",
    "funding": "free",
    "enrolled_on": timezone.localdate().isoformat(),
}


def on_page(response):
    return [application.pk for application in response.context["page"].object_list]


def messages_of(response, level=None):
    return [str(m) for m in response.context["messages"] if level is None or m.level_tag == level]


# --- who may open what ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 200)],
    indirect=["role_client"],
)
def test_the_queue_and_an_application_are_for_methodists_and_directors(role_client, expected):
    application = ApplicationFactory()
    for url in (
        reverse("programs:staff_applications"),
        reverse("programs:staff_application", args=[application.pk]),
    ):
        assert role_client.get(url).status_code == expected, url


@pytest.mark.parametrize(
    "role_client, expected, decided",
    [
        ("anonymous", 302, False),
        ("parent", 403, False),
        ("teacher", 403, False),
        ("methodist", 302, True),
        ("director", 302, True),
    ],
    indirect=["role_client"],
)
@pytest.mark.parametrize(
    "action, data, status",
    [
        ("staff_application_accept", CONFIRMED, Application.Status.ACCEPTED),
        ("staff_application_waitlist", {}, Application.Status.WAITING),
        (
            "staff_application_reject",
            {"reason": "Нет мест для этого возраста", "confirmed": "1"},
            Application.Status.REJECTED,
        ),
    ],
)
def test_decisions_by_role(role_client, expected, decided, action, data, status):
    application = ApplicationFactory()
    response = role_client.post(reverse(f"programs:{action}", args=[application.pk]), data)
    assert response.status_code == expected
    application.refresh_from_db()
    assert application.status == (status if decided else Application.Status.NEW)


def test_decisions_only_accept_post(methodist_client):
    application = ApplicationFactory()
    assert (
        methodist_client.get(
            reverse("programs:staff_application_waitlist", args=[application.pk])
        ).status_code
        == 405
    )
    # the accept's GET is its confirmation page: it asks, it changes nothing
    assert (
        methodist_client.get(reverse("programs:staff_application_accept", args=[application.pk])).status_code
        == 200
    )
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


# --- filters and overdue marking -----------------------------------------------------------


def test_filters_by_status_club_group_and_year(methodist_client, methodist):
    CurrentYearFactory()
    home = methodist.person.organisation  # the selects offer the methodist's own clubs and groups
    robots = GroupFactory(name="Роботы", club__organisation=home)
    dance = GroupFactory(name="Танцы", club__organisation=home)
    last_year = GroupFactory(academic_year=AcademicYearFactory(label="2001/2002"))
    new = ApplicationFactory(group=robots)
    waiting = ApplicationFactory(group=robots, status=Application.Status.WAITING)
    other = ApplicationFactory(group=dance)
    old = ApplicationFactory(group=last_year)
    url = reverse("programs:staff_applications")
    assert sorted(on_page(methodist_client.get(url))) == sorted([new.pk, waiting.pk, other.pk])
    assert on_page(methodist_client.get(url, {"status": "waiting"})) == [waiting.pk]
    assert sorted(on_page(methodist_client.get(url, {"club": robots.club_id}))) == sorted(
        [new.pk, waiting.pk]
    )
    assert on_page(methodist_client.get(url, {"group": dance.pk})) == [other.pk]
    assert on_page(methodist_client.get(url, {"year": last_year.academic_year_id})) == [old.pk]
    bad = methodist_client.get(url, {"status": "lost", "club": "x"})
    assert bad.status_code == 200
    assert on_page(bad) == []
    assert bad.context["filter"].form.errors


def test_overdue_applications_are_marked_and_filtered(methodist_client):
    now = timezone.now()
    overdue = ApplicationFactory(created_at=now - datetime.timedelta(days=8), child_surname="Просроченный")
    fresh = ApplicationFactory(created_at=now - datetime.timedelta(hours=2))
    decided = ApplicationFactory(
        created_at=now - datetime.timedelta(days=8), status=Application.Status.WAITING
    )
    url = reverse("programs:staff_applications")
    response = methodist_client.get(url)
    marked = {a.pk for a in response.context["page"].object_list if a.is_overdue}
    assert marked == {overdue.pk}
    html = response.content.decode()
    assert f'id="application-{overdue.pk}" class="table-warning overdue"' in html
    assert f'id="application-{fresh.pk}">' in html
    assert on_page(methodist_client.get(url, {"overdue": "on"})) == [overdue.pk]
    assert set(on_page(methodist_client.get(url))) == {overdue.pk, fresh.pk, decided.pk}
    detail = methodist_client.get(reverse("programs:staff_application", args=[overdue.pk])).content.decode()
    assert 'id="overdue"' in detail


def test_overdue_counts_working_days_like_the_queryset(methodist_client):
    """Just inside and just outside the three working days."""
    threshold = working_days_before(None, 3)
    late = ApplicationFactory(created_at=threshold - datetime.timedelta(minutes=5))
    in_time = ApplicationFactory(created_at=threshold + datetime.timedelta(minutes=5))
    response = methodist_client.get(reverse("programs:staff_applications"))
    marked = {a.pk for a in response.context["page"].object_list if a.is_overdue}
    assert marked == set(Application.objects.overdue().values_list("pk", flat=True)) == {late.pk}
    assert in_time.pk not in marked


def test_queue_queries_do_not_grow_with_rows(methodist_client, django_assert_max_num_queries):
    url = reverse("programs:staff_applications")
    ApplicationFactory.create_batch(2)
    with django_assert_max_num_queries(12) as few:
        methodist_client.get(url)
    group = GroupFactory()
    ApplicationFactory.create_batch(20, group=group)
    ApplicationFactory.create_batch(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        methodist_client.get(url)


def test_the_queue_is_paginated(methodist_client):
    group = GroupFactory()
    ApplicationFactory.create_batch(30, group=group)
    url = reverse("programs:staff_applications")
    assert len(on_page(methodist_client.get(url))) == 25
    assert len(on_page(methodist_client.get(url, {"page": 2}))) == 5


def test_application_detail_queries_are_fixed(director_client, django_assert_max_num_queries):
    application = ApplicationFactory(comment="Ребёнок уже занимался робототехникой.")
    with django_assert_max_num_queries(10):
        response = director_client.get(reverse("programs:staff_application", args=[application.pk]))
    html = response.content.decode()
    assert application.child_surname in html
    assert "Ребёнок уже занимался робототехникой." in html
    assert 'id="accept"' in html and 'id="reject-form"' in html


def test_a_decided_application_offers_no_decision(methodist_client):
    application = ApplicationFactory(status=Application.Status.REJECTED, reject_reason="Возраст")
    html = methodist_client.get(reverse("programs:staff_application", args=[application.pk])).content.decode()
    assert 'id="decision"' not in html
    assert 'id="reject-reason"' in html


# --- decisions -----------------------------------------------------------------------------


def test_accepting_enrols_the_child(methodist_client, methodist):
    application = ApplicationFactory(child_surname="Белов", child_name="Иван")
    response = methodist_client.post(
        reverse("programs:staff_application_accept", args=[application.pk]), CONFIRMED, follow=True
    )
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decided_by == methodist
    enrolment = Enrolment.objects.get(application=application)
    assert (enrolment.learner.surname, enrolment.group) == ("Белов", application.group)
    assert Group.objects.get(pk=application.group_id).enrolled_count == 1
    assert messages_of(response, "success")


def test_accepting_from_the_queue_returns_to_the_same_filtered_queue(methodist_client):
    application = ApplicationFactory()
    back = reverse("programs:staff_applications") + "?status=new"
    response = methodist_client.post(
        reverse("programs:staff_application_accept", args=[application.pk]), {"next": back, **CONFIRMED}
    )
    assert response["Location"] == back
    offsite = methodist_client.post(
        reverse("programs:staff_application_waitlist", args=[ApplicationFactory().pk]),
        {"next": "https://evil.example/"},
    )
    assert offsite["Location"].startswith("/staff/applications/")


def test_accepting_into_a_full_group_is_refused_with_a_message(methodist_client):
    group = GroupFactory(places=1, name="Маленькая")
    first, second = ApplicationFactory(group=group), ApplicationFactory(group=group)
    methodist_client.post(reverse("programs:staff_application_accept", args=[first.pk]), CONFIRMED)
    response = methodist_client.post(
        reverse("programs:staff_application_accept", args=[second.pk]), CONFIRMED, follow=True
    )
    assert response.status_code == 200
    errors = messages_of(response, "error")
    assert len(errors) == 1 and "Маленькая" in errors[0]
    second.refresh_from_db()
    assert second.status == Application.Status.NEW
    assert Enrolment.objects.filter(group=group).count() == 1
    assert Group.objects.get(pk=group.pk).enrolled_count == 1


def test_accepting_twice_changes_nothing(methodist_client):
    application = ApplicationFactory()
    url = reverse("programs:staff_application_accept", args=[application.pk])
    methodist_client.post(url, CONFIRMED)
    response = methodist_client.post(url, CONFIRMED, follow=True)
    assert messages_of(response, "error")
    assert Enrolment.objects.count() == 1
    assert Group.objects.get(pk=application.group_id).enrolled_count == 1


def test_waitlisting(director_client, director):
    application = ApplicationFactory()
    director_client.post(reverse("programs:staff_application_waitlist", args=[application.pk]))
    application.refresh_from_db()
    assert (application.status, application.decided_by) == (Application.Status.WAITING, director)
    response = director_client.post(
        reverse("programs:staff_application_waitlist", args=[application.pk]), follow=True
    )
    assert messages_of(response, "error")
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING


def test_rejecting_asks_for_confirmation_first_and_changes_nothing_until_then(methodist_client):
    application = ApplicationFactory()
    url = reverse("programs:staff_application_reject", args=[application.pk])
    page = methodist_client.get(url)
    assert page.status_code == 200 and 'id="confirm-form"' in page.content.decode()
    # the application page's form posts the reason: the confirmation shows it for a last look
    response = methodist_client.post(url, {"reason": "Группа другого возраста"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="confirm-consequence"' in html and "Группа другого возраста" in html
    assert 'name="confirmed"' in html
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_rejecting_records_the_reason(methodist_client):
    application = ApplicationFactory()
    response = methodist_client.post(
        reverse("programs:staff_application_reject", args=[application.pk]),
        {"reason": "  Группа другого возраста  ", "confirmed": "1"},
    )
    assert response["Location"] == reverse("programs:staff_application", args=[application.pk])
    application.refresh_from_db()
    assert (application.status, application.reject_reason) == (
        Application.Status.REJECTED,
        "Группа другого возраста",
    )


@pytest.mark.parametrize("reason", ["", "    "])
def test_rejecting_without_a_reason_changes_nothing(methodist_client, reason):
    application = ApplicationFactory()
    response = methodist_client.post(
        reverse("programs:staff_application_reject", args=[application.pk]),
        {"reason": reason, "confirmed": "1"},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == Application.Status.NEW
    assert application.reject_reason == ""


def test_a_missing_reason_is_explained_in_russian(methodist_client):
    """The domain's sentence reaches the user, not the generic "required"."""
    application = ApplicationFactory()
    response = methodist_client.post(
        reverse("programs:staff_application_reject", args=[application.pk]), {"confirmed": "1"}
    )
    assert "Укажите причину отказа." in response.content.decode()


def test_rejecting_an_enrolled_childs_application_is_refused_with_a_message(methodist_client):
    application = ApplicationFactory()
    methodist_client.post(reverse("programs:staff_application_accept", args=[application.pk]), CONFIRMED)
    response = methodist_client.post(
        reverse("programs:staff_application_reject", args=[application.pk]),
        {"reason": "Передумали", "confirmed": "1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("programs:staff_application", args=[application.pk])
    assert messages_of(response, "error")
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.reject_reason == ""


def test_an_unknown_application_is_not_found(methodist_client):
    assert methodist_client.get(reverse("programs:staff_application", args=[999999])).status_code == 404
    assert (
        methodist_client.post(reverse("programs:staff_application_accept", args=[999999])).status_code == 404
    )


def test_a_club_filter_lists_clubs(methodist_client, methodist):
    club = ClubFactory(name="Авиамоделирование", organisation=methodist.person.organisation)
    html = methodist_client.get(reverse("programs:staff_applications")).content.decode()
    assert f'<option value="{club.pk}">Авиамоделирование</option>' in html


# --- the waiting list: a group's line, moving in it, held places ---------------------------


def waiting_in(group, count):
    start = timezone.now() - datetime.timedelta(hours=count)
    return [
        ApplicationFactory(
            group=group, status=Application.Status.WAITING, queued_at=start + datetime.timedelta(minutes=i)
        )
        for i in range(count)
    ]


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 200)],
    indirect=["role_client"],
)
def test_a_groups_waiting_list_is_for_methodists_and_directors(role_client, expected):
    group = GroupFactory(places=1)
    first, second = waiting_in(group, 2)
    response = role_client.get(reverse("programs:staff_waiting_list", args=[group.pk]))
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert html.index(f'id="line-{first.pk}"') < html.index(f'id="line-{second.pk}"')
        assert f'id="line-{second.pk}" data-place="2"' in html


def test_another_organisations_waiting_list_and_its_moves_are_not_found(methodist_client):
    other = OrganisationFactory()
    group = GroupFactory(club__organisation=other, program__organisation=other, venue__organisation=other)
    first, second = waiting_in(group, 2)
    assert methodist_client.get(reverse("programs:staff_waiting_list", args=[group.pk])).status_code == 404
    response = methodist_client.post(
        reverse("programs:staff_application_move", args=[second.pk]), {"position": "1", "reason": "Чужая"}
    )
    assert response.status_code == 404
    second.refresh_from_db()
    assert second.place_in_line() == 2


def test_the_waiting_list_is_paged_and_its_queries_do_not_grow_with_rows(
    methodist_client, django_assert_max_num_queries
):
    group = GroupFactory(places=1)
    waiting_in(group, 30)
    url = reverse("programs:staff_waiting_list", args=[group.pk])
    with django_assert_max_num_queries(12):
        response = methodist_client.get(url)
    assert len(response.context["page"].object_list) == 25
    second_page = methodist_client.get(url, {"page": 2}).content.decode()
    assert 'data-place="26"' in second_page and 'data-place="30"' in second_page


@pytest.mark.parametrize(
    "role_client, expected, moved",
    [("anonymous", 302, False), ("parent", 403, False), ("teacher", 403, False), ("methodist", 302, True)],
    indirect=["role_client"],
)
def test_staff_move_an_application_in_the_line_with_a_reason(role_client, expected, moved):
    group = GroupFactory(places=1)
    first, second, third = waiting_in(group, 3)
    response = role_client.post(
        reverse("programs:staff_application_move", args=[third.pk]),
        {"position": "1", "reason": "Льгота: ребёнок-инвалид"},
    )
    assert response.status_code == expected
    third.refresh_from_db()
    assert third.place_in_line() == (1 if moved else 3)
    if moved:
        page = role_client.get(reverse("programs:staff_application", args=[third.pk]))
        assert "Льгота: ребёнок-инвалид" in [entry.reason for entry in page.context["history"]]
        assert 'id="place-in-line"' in page.content.decode()


@pytest.mark.parametrize(
    "data, field, said",
    [
        ({"position": "1", "reason": "  "}, "reason", "Укажите, почему заявка перемещается в очереди."),
        ({"position": "0", "reason": "Ошибка"}, "position", None),
        ({"position": "", "reason": "Ошибка"}, "position", None),
        ({"position": "1", "reason": "x" * 101}, "reason", None),
    ],
)
def test_a_move_without_a_reason_or_place_is_explained_and_changes_nothing(
    methodist_client, data, field, said
):
    group = GroupFactory(places=1)
    _first, second = waiting_in(group, 2)
    response = methodist_client.post(reverse("programs:staff_application_move", args=[second.pk]), data)
    assert response.status_code == 200
    form = response.context["move_form"]
    assert field in form.errors
    if said:
        assert said in response.content.decode()
    assert form["reason"].value() == data["reason"]  # what was typed is kept
    second.refresh_from_db()
    assert second.place_in_line() == 2
    assert not second.history.exclude(history_change_reason=None).exists()


def test_an_offered_application_is_enrolled_by_staff_into_its_held_place(methodist_client):
    group = GroupFactory(places=1)
    [first] = waiting_in(group, 1)
    newcomer = ApplicationFactory(group=group)
    services.offer_freed_places(group)
    refused = methodist_client.post(
        reverse("programs:staff_application_accept", args=[newcomer.pk]), CONFIRMED, follow=True
    )
    assert messages_of(refused, "error")
    detail = methodist_client.get(reverse("programs:staff_application", args=[first.pk])).content.decode()
    assert 'id="offer"' in detail and 'id="accept"' in detail and 'id="reject-form"' not in detail
    methodist_client.post(reverse("programs:staff_application_accept", args=[first.pk]), CONFIRMED)
    first.refresh_from_db()
    newcomer.refresh_from_db()
    assert (first.status, newcomer.status) == (Application.Status.ACCEPTED, Application.Status.NEW)
    group.refresh_from_db()
    assert (group.enrolled_count, group.offered_count) == (1, 0)
