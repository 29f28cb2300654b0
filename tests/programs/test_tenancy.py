"""Organisations kept apart on the staff pages of programs (issue 13, docs/security.md
"Tenancy"): another organisation's program, club, photo, group or application answers 404 to
every staff role that may use the page, for reads and writes alike, and a POST changes
nothing; lists and exports of one organisation never name another's children. The education
authority reads its territory's programs, clubs and groups without forms, children or the
application queue."""

import datetime

import pytest
from django.urls import reverse

from centre.models import Guardian, Guardianship, Learner, Organisation
from centre.roles import Role, assign_roles
from programs.models import Application, ClubPhoto, Enrolment, Group, LeaveRequest, Program
from tests.factories import OrganisationFactory, PersonFactory, RoomFactory, VenueFactory
from tests.programs.factories import (
    ApplicationFactory,
    ClubFactory,
    CurrentYearFactory,
    GroupFactory,
    ProgramFactory,
    ScheduleSlotFactory,
)
from tests.programs.helpers import approval_data, group_data, program_data

pytestmark = pytest.mark.django_db

# A child of each organisation, by name: searched for in the other's pages and exports.
CHILD_A, CHILD_B = "Домашнева", "Секретова"


def _organisation(organisation, key, child):
    """A program under review, a club with a photo, a current group with a weekly lesson and
    an enrolled child (with a parent's phone), and a new application of another child."""
    program = ProgramFactory(
        organisation=organisation, title=f"Программа {key}", status=Program.Status.REVIEW
    )
    club = ClubFactory(organisation=organisation, name=f"Кружок {key}")
    photo = ClubPhoto.objects.create(club=club, image=f"clubs/{key}.jpg", caption=f"Фото {key}")
    venue = VenueFactory(organisation=organisation, name=f"Корпус {key}")
    group = GroupFactory(
        club=club,
        program=program,
        name=f"Группа {key}",
        teacher=PersonFactory(surname=f"Педагог{key}", organisation=organisation),
        venue=venue,
        room=RoomFactory(venue=venue, name=f"Каб. {key}"),
    )
    ScheduleSlotFactory(group=group)
    learner = Learner.objects.create(
        organisation=organisation, surname=child, name="Вера", birth_date=datetime.date(2015, 2, 3)
    )
    guardian = Guardian.objects.create(
        organisation=organisation, surname=child, name="Ольга", phone=f"+7 913 000-00-0{len(key)}"
    )
    Guardianship.objects.create(guardian=guardian, learner=learner)
    enrolment = Enrolment.objects.create(group=group, learner=learner)
    Group.objects.filter(pk=group.pk).update(enrolled_count=1)
    application = ApplicationFactory(group=group, child_surname=f"{child}Заявка")
    # the waiting list and a parent's request that the enrolled child leave
    waiting = ApplicationFactory(
        group=group, child_surname=f"{child}Очередь", status=Application.Status.WAITING
    )
    leave = LeaveRequest.objects.create(enrolment=enrolment, reason="Переезд")
    return {
        "organisation": organisation,
        "program": program,
        "club": club,
        "photo": photo,
        "group": group,
        "venue": venue,
        "learner": learner,
        "application": application,
        "waiting": waiting,
        "leave": leave,
    }


@pytest.fixture
def world(methodist, director, teacher):
    CurrentYearFactory()
    home = methodist.person.organisation
    other = OrganisationFactory(name="Центр Б")
    return {"a": _organisation(home, "a", CHILD_A), "b": _organisation(other, "b", CHILD_B)}


def _snapshot(world):
    b = world["b"]
    for key in ("program", "club", "group", "application"):
        b[key].refresh_from_db()
    return (
        (b["program"].title, b["program"].status, b["program"].renewal),
        (b["club"].name, ClubPhoto.objects.filter(club=b["club"]).count()),
        (b["group"].name, b["group"].places, b["group"].enrolled_count),
        (b["application"].status, b["application"].reject_reason),
        tuple(Application.objects.filter(group=b["group"]).order_by("pk").values_list("status", "queued_at")),
        tuple(
            LeaveRequest.objects.filter(enrolment__group=b["group"]).values_list("status", "staff_comment")
        ),
        tuple(Enrolment.objects.filter(group=b["group"]).values_list("status", "left_on")),
        Learner.objects.filter(organisation=b["organisation"]).count(),
        Enrolment.objects.filter(group=b["group"]).count(),
    )


def _reads(world):
    b = world["b"]
    return {
        "programs:staff_program": ([b["program"].pk], ("methodist", "director")),
        "programs:staff_program_edit": ([b["program"].pk], ("methodist",)),
        "programs:staff_club_edit": ([b["club"].pk], ("methodist", "director")),
        "programs:staff_group": ([b["group"].pk], ("methodist", "director", "teacher")),
        "programs:staff_group_edit": ([b["group"].pk], ("methodist", "teacher")),
        "programs:staff_group_export": ([b["group"].pk], ("methodist", "director", "teacher")),
        "programs:staff_application": ([b["application"].pk], ("methodist", "director")),
        "programs:staff_waiting_list": ([b["group"].pk], ("methodist", "director")),
        "programs:staff_leave_request": ([b["leave"].pk], ("methodist", "director")),
        "programs:staff_application_reject": ([b["application"].pk], ("methodist", "director")),
    }


def _writes(world):
    b = world["b"]
    year = CurrentYearFactory()
    group = b["group"]
    return {
        "programs:staff_program_edit": (
            [b["program"].pk],
            ("methodist",),
            program_data(title="Захваченная программа", slug=b["program"].slug),
        ),
        "programs:staff_program_submit": ([b["program"].pk], ("methodist",), {}),
        "programs:staff_program_approve": ([b["program"].pk], ("director",), approval_data(year)),
        "programs:staff_program_return": (
            [b["program"].pk],
            ("director",),
            {"return-review_comment": "Переделать"},
        ),
        "programs:staff_club_edit": (
            [b["club"].pk],
            ("methodist",),
            {"name": "Захваченный кружок", "slug": b["club"].slug, "kind": "club"},
        ),
        "programs:staff_club_photo_upload": ([b["club"].pk], ("methodist",), {"caption": "x"}),
        "programs:staff_club_photo_delete": ([b["club"].pk, b["photo"].pk], ("methodist",), {}),
        "programs:staff_group_edit": (
            [group.pk],
            ("methodist", "teacher"),
            group_data(
                club=group.club,
                program=group.program,
                year=group.academic_year,
                teacher=group.teacher,
                venue=group.venue,
                room=group.room,
                name="Захваченная группа",
                places="30",
            ),
        ),
        "programs:staff_application_accept": ([b["application"].pk], ("methodist", "director"), {}),
        "programs:staff_application_waitlist": ([b["application"].pk], ("methodist", "director"), {}),
        "programs:staff_application_reject": (
            [b["application"].pk],
            ("methodist", "director"),
            {"reason": "Нет мест", "confirmed": "1"},
        ),
        "programs:staff_application_move": (
            [b["waiting"].pk],
            ("methodist", "director"),
            {"position": "1", "reason": "Решение комиссии"},
        ),
        "programs:staff_leave_decide": (
            [b["leave"].pk],
            ("methodist", "director"),
            {"decision": "approve", "comment": "Приказ"},
        ),
    }


def _client_of(client, users, role):
    client.force_login(users[role])
    return client


@pytest.fixture
def users(methodist, director, teacher):
    return {"methodist": methodist, "director": director, "teacher": teacher}


def test_another_organisations_objects_are_not_found_for_every_staff_role(client, users, world):
    for name, (args, roles) in _reads(world).items():
        for role in roles:
            response = _client_of(client, users, role).get(reverse(name, args=args))
            assert response.status_code == 404, (name, role)
            assert CHILD_B not in response.content.decode()


def test_posts_to_another_organisations_objects_are_not_found_and_change_nothing(client, users, world):
    before = _snapshot(world)
    for name, (args, roles, data) in _writes(world).items():
        for role in roles:
            response = _client_of(client, users, role).post(reverse(name, args=args), data)
            assert response.status_code == 404, (name, role)
    assert _snapshot(world) == before
    assert not Program.objects.filter(title="Захваченная программа").exists()
    assert world["b"]["application"].decided_by is None


def test_the_same_pages_work_for_the_own_organisations_objects(client, users, world):
    """The 404s above are the scope's, not broken pages: the home organisation's objects open."""
    a = world["a"]
    for name, (_args, roles) in _reads(world).items():
        own_args = {
            "programs:staff_program": [a["program"].pk],
            "programs:staff_club_edit": [a["club"].pk],
            "programs:staff_group": [a["group"].pk],
            "programs:staff_group_export": [a["group"].pk],
            "programs:staff_application": [a["application"].pk],
            "programs:staff_waiting_list": [a["group"].pk],
            "programs:staff_leave_request": [a["leave"].pk],
            "programs:staff_application_reject": [a["application"].pk],
        }.get(name)
        if own_args is None:
            continue
        for role in set(roles) - {"teacher"}:
            response = _client_of(client, users, role).get(reverse(name, args=own_args))
            assert response.status_code == 200, (name, role)


def test_lists_of_one_organisation_name_none_of_anothers_children(client, users, world):
    a, b = world["a"], world["b"]
    pages = {
        "methodist": [
            reverse("programs:staff_programs"),
            reverse("programs:staff_clubs"),
            reverse("programs:staff_groups"),
            reverse("programs:staff_applications"),
            reverse("programs:staff_group", args=[a["group"].pk]),
            reverse("programs:staff_application", args=[a["application"].pk]),
            reverse("programs:staff_timetable") + f"?teacher={a['group'].teacher_id}",
            reverse("programs:staff_waiting_list", args=[a["group"].pk]),
            reverse("programs:staff_leave_requests") + "?show=all",
            reverse("programs:staff_leave_request", args=[a["leave"].pk]),
        ],
        "director": [
            reverse("programs:staff_review"),
            reverse("programs:staff_applications"),
            reverse("programs:staff_leave_requests"),
        ],
    }
    for role, urls in pages.items():
        for url in urls:
            response = _client_of(client, users, role).get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert CHILD_B not in html, url
            for name in ("Программа b", "Кружок b", "Группа b", "Педагогb", "Корпус b"):
                assert name not in html, (url, name)
    # and what the home organisation's own pages list is there
    html = _client_of(client, users, "methodist").get(reverse("programs:staff_applications")).content.decode()
    assert f"{CHILD_A}Заявка" in html
    html = client.get(reverse("programs:staff_group", args=[a["group"].pk])).content.decode()
    assert CHILD_A in html
    assert b["learner"].surname not in html
    html = client.get(reverse("programs:staff_waiting_list", args=[a["group"].pk])).content.decode()
    assert f"{CHILD_A}Очередь" in html and f"{CHILD_B}Очередь" not in html


def test_the_export_of_a_group_holds_only_its_organisations_children(client, users, world):
    from io import BytesIO

    from openpyxl import load_workbook

    response = _client_of(client, users, "methodist").get(
        reverse("programs:staff_group_export", args=[world["a"]["group"].pk])
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert CHILD_A in cells
    assert not any(CHILD_B in cell for cell in cells)


def test_a_crafted_filter_of_another_organisation_lists_nothing_of_it(client, users, world):
    b = world["b"]
    methodist = _client_of(client, users, "methodist")
    for url, params in (
        (reverse("programs:staff_applications"), {"club": b["club"].pk}),
        (reverse("programs:staff_applications"), {"group": b["group"].pk}),
        (reverse("programs:staff_groups"), {"club": b["club"].pk}),
        (reverse("programs:staff_timetable"), {"venue": b["venue"].pk}),
        (reverse("programs:staff_timetable"), {"teacher": b["group"].teacher_id}),
    ):
        response = methodist.get(url, params)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert CHILD_B not in html and "Группа b" not in html, (url, params)


def test_the_new_group_form_offers_no_program_of_another_organisation(client, users, world):
    response = _client_of(client, users, "methodist").get(reverse("programs:staff_group_create"))
    programs = set(response.context["form"].fields["program"].queryset)
    assert world["a"]["program"] in programs
    assert world["b"]["program"] not in programs


# --- the program's organisation --------------------------------------------------------------


def test_a_new_program_belongs_to_the_methodists_organisation(methodist_client, methodist, world):
    form = methodist_client.get(reverse("programs:staff_program_create")).context["form"]
    assert "organisation" not in form.fields  # one organisation: nothing to choose
    crafted = program_data(title="Новая программа", organisation=world["b"]["organisation"].pk)
    assert methodist_client.post(reverse("programs:staff_program_create"), crafted).status_code == 302
    assert Program.objects.get(title="Новая программа").organisation == methodist.person.organisation


def test_with_a_subdivision_the_methodist_chooses_and_another_organisation_is_refused(
    methodist_client, methodist, world
):
    home = methodist.person.organisation
    technopark = OrganisationFactory(kind=Organisation.Kind.SUBDIVISION, parent=home, name="Технопарк")
    response = methodist_client.get(reverse("programs:staff_program_create"))
    field = response.context["form"].fields["organisation"]
    assert set(field.queryset) == {home, technopark}
    assert response.context["form"].initial["organisation"] == home.pk
    assert "Центр Б" not in response.content.decode()
    crafted = program_data(title="Новая программа", organisation=world["b"]["organisation"].pk)
    response = methodist_client.post(reverse("programs:staff_program_create"), crafted)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Program.objects.filter(title="Новая программа").exists()
    chosen = program_data(title="Новая программа", organisation=technopark.pk)
    assert methodist_client.post(reverse("programs:staff_program_create"), chosen).status_code == 302
    assert Program.objects.get(title="Новая программа").organisation == technopark
    unchosen = program_data(title="Программа без выбора")
    assert methodist_client.post(reverse("programs:staff_program_create"), unchosen).status_code == 302
    assert Program.objects.get(title="Программа без выбора").organisation == home


def test_an_organisations_director_reviews_only_its_programs(director_client, world):
    response = director_client.get(reverse("programs:staff_review"))
    titles = {program.title for program in response.context["page"].object_list}
    assert titles == {"Программа a"}


# --- the education authority -------------------------------------------------------------------


@pytest.fixture
def far(world):
    """A third organisation outside the authority's territory."""
    return _organisation(OrganisationFactory(name="Центр В"), "c", "Далёкова")


def test_the_authority_reads_its_territorys_programs_clubs_and_groups(authority_client, world, far):
    a = world["a"]
    pages = {
        reverse("programs:staff_programs"): ["Программа a"],
        reverse("programs:staff_program", args=[a["program"].pk]): ["Программа a"],
        reverse("programs:staff_clubs"): ["Кружок a"],
        reverse("programs:staff_club_edit", args=[a["club"].pk]): ["Кружок a", "Группа a"],
        reverse("programs:staff_groups"): ["Кружок a: Группа a"],
        reverse("programs:staff_group", args=[a["group"].pk]): ["Группа a", "Программа a"],
    }
    for url, names in pages.items():
        response = authority_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for name in names:
            assert name in html, (url, name)
        # read-only: no forms, no children, no personal data, nothing of outside the territory
        for absent in (
            CHILD_A,
            "+7 913",
            'id="program-edit"',
            'id="program-submit"',
            'id="approve-form"',
            'id="return-form"',
            'id="club-form"',
            'id="photo-form"',
            'id="group-edit"',
            'id="group-export"',
            'id="program-create"',
            'id="club-create"',
            'id="group-create"',
            "Программа c",
            "Кружок c",
            "Группа c",
        ):
            assert absent not in html, (url, absent)


def test_the_authority_gets_nothing_outside_its_territory(authority_client, world, far):
    for name, pk in (
        ("programs:staff_program", far["program"].pk),
        ("programs:staff_club_edit", far["club"].pk),
        ("programs:staff_group", far["group"].pk),
    ):
        assert authority_client.get(reverse(name, args=[pk])).status_code == 404, name


def test_the_authority_changes_nothing_and_has_no_queue_or_export(authority_client, world):
    a = world["a"]
    for name, args in (
        ("programs:staff_applications", []),
        ("programs:staff_application", [a["application"].pk]),
        ("programs:staff_group_export", [a["group"].pk]),
        ("programs:staff_program_edit", [a["program"].pk]),
        ("programs:staff_group_edit", [a["group"].pk]),
        ("programs:staff_program_create", []),
        ("programs:staff_review", []),
        ("programs:staff_waiting_list", [a["group"].pk]),
        ("programs:staff_leave_requests", []),
        ("programs:staff_leave_request", [a["leave"].pk]),
    ):
        assert authority_client.get(reverse(name, args=args)).status_code == 403, name
    before = (a["program"].status, a["club"].name, a["group"].places, a["application"].status)
    for name, args, data in (
        ("programs:staff_program_submit", [a["program"].pk], {}),
        ("programs:staff_program_approve", [a["program"].pk], approval_data(CurrentYearFactory())),
        ("programs:staff_program_return", [a["program"].pk], {"return-review_comment": "Нет"}),
        (
            "programs:staff_club_edit",
            [a["club"].pk],
            {"name": "Чужое", "slug": a["club"].slug, "kind": "club"},
        ),
        ("programs:staff_club_photo_delete", [a["club"].pk, a["photo"].pk], {}),
        ("programs:staff_group_edit", [a["group"].pk], {"room": ""}),
        ("programs:staff_application_accept", [a["application"].pk], {}),
        ("programs:staff_application_reject", [a["application"].pk], {"reason": "Нет", "confirmed": "1"}),
        ("programs:staff_leave_decide", [a["leave"].pk], {"decision": "approve", "comment": "Нет"}),
    ):
        assert authority_client.post(reverse(name, args=args), data).status_code == 403, name
    for key in ("program", "club", "group", "application"):
        a[key].refresh_from_db()
    after = (a["program"].status, a["club"].name, a["group"].places, a["application"].status)
    assert after == before
    assert ClubPhoto.objects.filter(pk=a["photo"].pk).exists()
    a["leave"].refresh_from_db()
    assert a["leave"].status == LeaveRequest.Status.PENDING


def test_a_methodist_who_is_also_the_authority_changes_nothing_in_the_territory(client, make_user, world):
    """Two roles: a methodist of the education authority's office who is a member of the
    authority too reads the home organisation (its territory) and changes nothing of it:
    edits, exports and decisions there are 404."""
    office = OrganisationFactory(name="Управление", kind=Organisation.Kind.AUTHORITY)
    Organisation.objects.filter(pk=world["a"]["organisation"].pk).update(authority=office)
    user = make_user(Role.METHODIST, username="two_roles")
    assign_roles(user, [Role.AUTHORITY])
    user.person.organisation = office
    user.person.save(update_fields=["organisation"])
    client.force_login(user)
    a = world["a"]
    assert client.get(reverse("programs:staff_program", args=[a["program"].pk])).status_code == 200
    html = client.get(reverse("programs:staff_club_edit", args=[a["club"].pk])).content.decode()
    assert 'id="club-form"' not in html
    group_page = client.get(reverse("programs:staff_group", args=[a["group"].pk])).content.decode()
    assert CHILD_A not in group_page and 'id="group-export"' not in group_page
    for name, args in (
        ("programs:staff_program_edit", [a["program"].pk]),
        ("programs:staff_group_edit", [a["group"].pk]),
        ("programs:staff_group_export", [a["group"].pk]),
        ("programs:staff_application", [a["application"].pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in (
        ("programs:staff_program_submit", [a["program"].pk]),
        ("programs:staff_club_edit", [a["club"].pk]),
        ("programs:staff_club_photo_delete", [a["club"].pk, a["photo"].pk]),
        ("programs:staff_application_accept", [a["application"].pk]),
    ):
        assert client.post(reverse(name, args=args), {"name": "Чужое"}).status_code == 404, name
    a["application"].refresh_from_db()
    assert a["application"].status == Application.Status.NEW
