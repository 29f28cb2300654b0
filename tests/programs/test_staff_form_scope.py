"""The staff forms of groups, clubs and programs offer the clubs, programs, venues, rooms,
teachers and organisations of the user's own organisations (centre.scope), as the staff
filters do (test_staff_scope.py). A value of another organisation, sent by hand, is the usual
"select a valid choice" error and nothing is saved. Access is narrowed too (issue 13): another
organisation's group, club or program is not found; an edited record of one's own keeps the
values it has of other organisations (a network program's authors, a teacher who moved)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centre.models import Organisation
from programs.models import Club, Group, Program
from tests.factories import OrganisationFactory, PersonFactory, RoomFactory, VenueFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory, ProgramFactory
from tests.programs.helpers import group_data, lesson, program_data

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "Выберите корректный вариант"


def _organisation_rows(organisation, key):
    venue = VenueFactory(name=f"Корпус {key}", organisation=organisation)
    room = RoomFactory(name=f"Каб. {key}", venue=venue)
    teacher = PersonFactory(surname=f"Педагог{key}", organisation=organisation)
    group = GroupFactory(
        name=f"Группа {key}",
        club__name=f"Кружок {key}",
        club__organisation=organisation,
        program__title=f"Программа {key}",
        teacher=teacher,
        venue=venue,
        room=room,
    )
    return {
        "organisation": organisation,
        "group": group,
        "club": group.club,
        "program": group.program,
        "venue": venue,
        "room": room,
        "teacher": teacher,
    }


@pytest.fixture
def world(methodist):
    """The methodist's centre A with its technopark and a partner school under it, and another
    centre B; each of A, the technopark and B with a club, a venue and room, a teacher and a
    program taught in a group. Besides: a draft the methodist entered, a program written by a
    teacher of A, and a program nobody of A is tied to."""
    year = CurrentYearFactory()
    centre = methodist.person.organisation
    technopark = OrganisationFactory(kind=Organisation.Kind.SUBDIVISION, parent=centre, name="Технопарк А")
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL, parent=centre, name="Школа-партнёр А")
    other = OrganisationFactory(name="Центр Б")
    rows = {
        "a": _organisation_rows(centre, "a"),
        "sub": _organisation_rows(technopark, "sub"),
        "b": _organisation_rows(other, "b"),
    }
    written = ProgramFactory(title="Программа автора А")
    written.authors.add(rows["a"]["teacher"])
    rows.update(
        year=year,
        centre=centre,
        technopark=technopark,
        school=school,
        other=other,
        draft=ProgramFactory(title="Черновик методиста", draft=True, created_by=methodist),
        written=written,
        foreign=ProgramFactory(title="Программа Б без групп", organisation=other),
        archived=ProgramFactory(title="Архивная программа А", status=Program.Status.ARCHIVED),
    )
    GroupFactory(
        club=rows["a"]["club"],
        program=rows["archived"],
        academic_year__label="2001/2002",
        academic_year__is_current=False,
        teacher=rows["a"]["teacher"],
        venue=rows["a"]["venue"],
        room=rows["a"]["room"],
    )
    return rows


def choices(form, field):
    return {obj.pk for obj in form.fields[field].queryset}


def own(world, field, keys=("a", "sub")):
    return {world[key][field].pk for key in keys}


def new_group(world, key="a", **overrides):
    rows = world[key]
    data = group_data(
        club=rows["club"],
        program=rows["program"],
        year=world["year"],
        teacher=rows["teacher"],
        venue=rows["venue"],
        room=rows["room"],
        name="Новая группа",
        slots=[lesson(2, "10:00", "11:00", rows["room"])],
    )
    data.update(overrides)
    return data


# --- the group form ------------------------------------------------------------------------


def test_the_new_group_form_offers_only_the_users_organisations(methodist_client, methodist, world):
    response = methodist_client.get(reverse("programs:staff_group_create"))
    form = response.context["form"]
    assert choices(form, "club") == own(world, "club")
    assert choices(form, "venue") == own(world, "venue")
    assert choices(form, "room") == own(world, "room")
    assert choices(form, "teacher") == own(world, "teacher") | {methodist.person.pk}
    assert choices(form, "program") == own(world, "program") | {world["draft"].pk, world["written"].pk}
    assert choices(response.context["formset"].forms[0], "room") == own(world, "room")
    html = response.content.decode()
    for name in ("Кружок sub", "Корпус sub — Каб. sub", "Программа sub", "Педагогsub"):
        assert name in html, name
    for name in ("Кружок b", "Корпус b", "Программа b", "Педагогb", "Программа Б без групп", "Архивная"):
        assert name not in html, name


@pytest.mark.parametrize("field", ["club", "program", "venue", "room", "teacher"])
def test_a_crafted_choice_of_another_organisation_is_refused_and_nothing_saved(
    methodist_client, world, field
):
    data = new_group(world, **{field: world["b"][field].pk})
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert INVALID_CHOICE in " ".join(response.context["form"].errors[field])
    assert INVALID_CHOICE in response.content.decode()
    assert not Group.objects.filter(name="Новая группа").exists()


def test_a_lesson_in_a_room_of_another_organisation_is_refused(methodist_client, world):
    data = new_group(world, **{"slots-0-room": world["b"]["room"].pk})
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert response.status_code == 200
    assert INVALID_CHOICE in " ".join(response.context["formset"].errors[0]["room"])
    assert not Group.objects.filter(name="Новая группа").exists()


def test_a_group_of_the_subdivision_is_created(methodist_client, world):
    response = methodist_client.post(reverse("programs:staff_group_create"), new_group(world, "sub"))
    assert response.status_code == 302
    group = Group.objects.get(name="Новая группа")
    assert (group.club, group.venue, group.teacher) == (
        world["sub"]["club"],
        world["sub"]["venue"],
        world["sub"]["teacher"],
    )
    assert group.slots.get().room == world["sub"]["room"]


def test_a_group_of_another_organisation_is_not_found_and_a_post_changes_nothing(methodist_client, world):
    group = world["b"]["group"]
    url = reverse("programs:staff_group_edit", args=[group.pk])
    assert methodist_client.get(url).status_code == 404
    data = group_data(
        club=group.club,
        program=group.program,
        year=group.academic_year,
        teacher=group.teacher,
        venue=group.venue,
        room=group.room,
        name="Захваченная группа",
        places="20",
    )
    assert methodist_client.post(url, data).status_code == 404
    group.refresh_from_db()
    assert (group.name, group.places) == ("Группа b", 12)


def test_an_own_group_keeps_its_values_of_other_organisations_when_edited(methodist_client, world):
    """A group of the methodist's centre taught by a teacher who moved to centre B, by a
    network program of B: its current teacher and program stay valid; other choices of B
    are not offered."""
    group = world["a"]["group"]
    Group.objects.filter(pk=group.pk).update(teacher=world["b"]["teacher"], program=world["b"]["program"])
    group.refresh_from_db()
    url = reverse("programs:staff_group_edit", args=[group.pk])
    response = methodist_client.get(url)
    form = response.context["form"]
    assert choices(form, "club") == own(world, "club")
    assert choices(form, "teacher") & {world["b"]["teacher"].pk} == {group.teacher_id}
    assert choices(form, "program") & {world["b"]["program"].pk, world["foreign"].pk} == {group.program_id}
    assert "Программа Б без групп" not in response.content.decode()
    data = group_data(
        club=group.club,
        program=group.program,
        year=group.academic_year,
        teacher=group.teacher,
        venue=group.venue,
        room=group.room,
        name=group.name,
        places="20",
    )
    assert methodist_client.post(url, data).status_code == 302
    group.refresh_from_db()
    assert (group.places, group.teacher, group.program) == (20, world["b"]["teacher"], world["b"]["program"])


def test_an_edited_group_cannot_be_moved_to_another_organisations_club(methodist_client, world):
    group = world["a"]["group"]
    data = group_data(
        club=world["b"]["club"],
        program=group.program,
        year=group.academic_year,
        teacher=group.teacher,
        venue=group.venue,
        room=group.room,
        name=group.name,
    )
    response = methodist_client.post(reverse("programs:staff_group_edit", args=[group.pk]), data)
    assert response.status_code == 200
    assert "club" in response.context["form"].errors
    group.refresh_from_db()
    assert group.club == world["a"]["club"]


def test_the_administrator_without_a_person_is_offered_everything(client, admin_user, world):
    client.force_login(admin_user)
    form = client.get(reverse("programs:staff_group_create")).context["form"]
    assert choices(form, "club") == own(world, "club", ("a", "sub", "b"))
    assert choices(form, "venue") == own(world, "venue", ("a", "sub", "b"))
    assert world["foreign"].pk in choices(form, "program")
    assert world["archived"].pk not in choices(form, "program")
    response = client.post(reverse("programs:staff_group_create"), new_group(world, "b"))
    assert response.status_code == 302


def test_a_teacher_still_picks_only_rooms_of_their_groups_venue(teacher_client, teacher, world):
    RoomFactory(name="Каб. sub-2", venue=world["a"]["venue"])  # of another venue of the centre
    group = GroupFactory(
        teacher=teacher.person,
        club=world["sub"]["club"],
        venue=world["sub"]["venue"],
        room=world["sub"]["room"],
    )
    form = teacher_client.get(reverse("programs:staff_group_edit", args=[group.pk])).context["form"]
    assert choices(form, "room") == {world["sub"]["room"].pk}


# --- the club form -------------------------------------------------------------------------


def test_the_club_form_offers_the_users_organisations(methodist_client, world):
    form = methodist_client.get(reverse("programs:staff_club_create")).context["form"]
    assert choices(form, "organisation") == {world["centre"].pk, world["technopark"].pk, world["school"].pk}


def test_a_club_of_another_organisation_cannot_be_created(methodist_client, world):
    data = {"name": "Шахматы", "slug": "", "kind": "club", "organisation": world["other"].pk}
    response = methodist_client.post(reverse("programs:staff_club_create"), data)
    assert response.status_code == 200
    assert INVALID_CHOICE in " ".join(response.context["form"].errors["organisation"])
    assert not Club.objects.filter(name="Шахматы").exists()
    data["organisation"] = world["technopark"].pk
    assert methodist_client.post(reverse("programs:staff_club_create"), data).status_code == 302
    assert Club.objects.get(name="Шахматы").organisation == world["technopark"]


def test_a_club_of_another_organisation_is_not_found_and_a_post_changes_nothing(methodist_client, world):
    club = world["b"]["club"]
    url = reverse("programs:staff_club_edit", args=[club.pk])
    assert methodist_client.get(url).status_code == 404
    data = {
        "name": "Кружок Б (новое имя)",
        "slug": club.slug,
        "kind": "club",
        "organisation": world["other"].pk,
    }
    assert methodist_client.post(url, data).status_code == 404
    club.refresh_from_db()
    assert club.name == "Кружок b"


def test_an_own_club_keeps_its_organisation_when_edited(methodist_client, world):
    club = world["sub"]["club"]
    url = reverse("programs:staff_club_edit", args=[club.pk])
    form = methodist_client.get(url).context["form"]
    assert choices(form, "organisation") == {world["centre"].pk, world["technopark"].pk, world["school"].pk}
    data = {
        "name": "Кружок sub (новое имя)",
        "slug": club.slug,
        "kind": "club",
        "organisation": world["technopark"].pk,
    }
    assert methodist_client.post(url, data).status_code == 302
    club.refresh_from_db()
    assert (club.name, club.organisation) == ("Кружок sub (новое имя)", world["technopark"])


# --- the program form ----------------------------------------------------------------------


def test_the_program_form_offers_own_teachers_and_organisations(methodist_client, methodist, world):
    form = methodist_client.get(reverse("programs:staff_program_create")).context["form"]
    assert choices(form, "authors") == own(world, "teacher") | {methodist.person.pk}
    assert choices(form, "partners") == {world["centre"].pk, world["technopark"].pk, world["school"].pk}


def test_a_crafted_author_or_partner_of_another_organisation_is_refused(methodist_client, world):
    for field, value in (("authors", world["b"]["teacher"].pk), ("partners", world["other"].pk)):
        response = methodist_client.post(
            reverse("programs:staff_program_create"), program_data(**{field: [value], "is_network": "on"})
        )
        assert response.status_code == 200
        assert INVALID_CHOICE in " ".join(response.context["form"].errors[field]), field
        assert not Program.objects.filter(title="Робототехника для начинающих").exists()


def test_a_program_keeps_its_authors_and_partners_of_other_organisations(methodist_client, world):
    """A network program written with another centre: editing it must not drop them."""
    program = ProgramFactory(draft=True, is_network=True)
    program.authors.add(world["b"]["teacher"], world["a"]["teacher"])
    program.partners.add(world["other"])
    url = reverse("programs:staff_program_edit", args=[program.pk])
    form = methodist_client.get(url).context["form"]
    assert choices(form, "authors") >= {world["b"]["teacher"].pk, world["a"]["teacher"].pk}
    assert world["other"].pk in choices(form, "partners")
    assert choices(form, "partners") & {world["b"]["organisation"].pk} == {world["other"].pk}
    data = program_data(
        title="Сетевая программа",
        slug=program.slug,
        is_network="on",
        authors=[world["b"]["teacher"].pk, world["sub"]["teacher"].pk],
        partners=[world["other"].pk, world["school"].pk],
    )
    assert methodist_client.post(url, data).status_code == 302
    program.refresh_from_db()
    assert set(program.authors.all()) == {world["b"]["teacher"], world["sub"]["teacher"]}
    assert set(program.partners.all()) == {world["other"], world["school"]}


# --- the number of queries -----------------------------------------------------------------


def _form_pages(world):
    return [
        reverse("programs:staff_group_create"),
        reverse("programs:staff_group_edit", args=[world["a"]["group"].pk]),
        reverse("programs:staff_club_create"),
        reverse("programs:staff_club_edit", args=[world["a"]["club"].pk]),
        reverse("programs:staff_program_create"),
        reverse("programs:staff_program_edit", args=[world["draft"].pk]),
    ]


def test_form_pages_queries_and_options_do_not_grow_with_other_organisations(methodist_client, world):
    before = {}
    for url in _form_pages(world):
        with CaptureQueriesContext(connection) as queries:
            response = methodist_client.get(url)
        assert response.status_code == 200, url
        before[url] = (len(queries.captured_queries), response.content.decode().count("<option"))
    for number in range(8):  # other centres, each with all a form could offer
        _organisation_rows(OrganisationFactory(name=f"Центр {number}"), f"x{number}")
    for url in _form_pages(world):
        with CaptureQueriesContext(connection) as queries:
            response = methodist_client.get(url)
        after = (len(queries.captured_queries), response.content.decode().count("<option"))
        assert after == before[url], url
