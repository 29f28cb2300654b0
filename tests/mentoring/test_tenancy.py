"""Mentoring between organisations (issue 13): the staff of one organisation see and change
only its programs, pairs, plans, meetings and feedback; another organisation's are a 404
whatever the URL, GET or POST, and its dashboard and export hold none of another's children,
staff or programs. The forms offer only the user's organisations' people. A coordinator,
who may not read children's personal data, sees children in the public name form."""

import io

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from openpyxl import load_workbook

from centre.choosers import SEARCH
from centre.models import Learner, Organisation, Person
from centre.roles import Role
from mentoring import services
from mentoring.models import (
    ExternalPerson,
    Feedback,
    Form,
    Meeting,
    MentoringProgram,
    Pair,
    Participant,
    PlanItem,
)
from tests.factories import OrganisationFactory, PersonFactory, home_organisation
from tests.mentoring.factories import (
    ExternalPersonFactory,
    MentoringProgramFactory,
    days_ago,
    learner_with_consent,
    make_pair,
)

pytestmark = pytest.mark.django_db

OUTSIDER = "Чужакова"  # the other organisation's children
OUTSIDER_STAFF = "Инопланетова"
OUTSIDER_PROGRAM = "Наставничество Зазеркалья"
INSIDER = "Своясина"
OWN_PROGRAM = "Своё наставничество"

# every staff URL with an object, and whether it changes anything
OBJECT_URLS = {
    "program_update": True,
    "pair_detail": False,
    "pair_update": True,
    "pair_status": True,
    "meeting_create": True,
    "plan_item_create": True,
    "plan_item_toggle": True,
    "feedback_create": True,
}
STAFF_ROLES = [Role.METHODIST, Role.DIRECTOR, Role.COORDINATOR, Role.TEACHER, Role.AUTHORITY]
MANAGERS = (Role.METHODIST, Role.DIRECTOR, Role.COORDINATOR)


def records_of(organisation, *, program_title, children, staff, teacher=None):
    """A program, a staff pair with a plan step and a meeting, and a pair of an engineer
    with two children; every name carries ``children`` or ``staff``."""
    program = MentoringProgramFactory(
        organisation=organisation,
        title=program_title,
        coordinator=PersonFactory(organisation=organisation, surname=f"{staff}-Куратор"),
    )
    mentor = teacher or PersonFactory(organisation=organisation, surname=f"{staff}-Наставник")
    mentee = PersonFactory(organisation=organisation, surname=f"{staff}-Молодой")
    pair = make_pair(
        program=program, form=Form.TEACHER_TEACHER, mentor=mentor, mentees=[mentee], start=days_ago(20)
    )
    item = services.plan_item_add(pair=pair, title="Посетить занятие", due_date=days_ago(2))
    services.meeting_log(
        pair=pair, by=None, date=days_ago(3), format="online", topic="Знакомство", duration_minutes=45
    )
    engineer = ExternalPersonFactory(host=organisation, surname=f"{staff}-Инженер")
    learners = [
        learner_with_consent(organisation=organisation, surname=f"{children}{suffix}", name="Вера")
        for suffix in ("", "-Вторая")
    ]
    child_pair = make_pair(program=program, form=Form.EMPLOYER_PUPIL, mentor=engineer, mentees=learners)
    return {
        "organisation": organisation,
        "program": program,
        "pair": pair,
        "item": item,
        "mentee": mentee,
        "engineer": engineer,
        "learners": learners,
        "child_pair": child_pair,
    }


@pytest.fixture
def outsider(db):
    return records_of(
        OrganisationFactory(name="Центр «Зазеркалье»"),
        program_title=OUTSIDER_PROGRAM,
        children=OUTSIDER,
        staff=OUTSIDER_STAFF,
    )


@pytest.fixture
def own(db):
    return records_of(home_organisation(), program_title=OWN_PROGRAM, children=INSIDER, staff="Своякова")


def url_of(name, records):
    if name == "program_update":
        return reverse("mentoring:program_update", args=[records["program"].pk])
    if name == "plan_item_toggle":
        return reverse("mentoring:plan_item_toggle", args=[records["pair"].pk, records["item"].pk])
    return reverse(f"mentoring:{name}", args=[records["pair"].pk])


def a_post_for(name, records):
    """A POST the form accepts (see test_the_same_post_changes_the_organisations_own_records)."""
    pair, program = records["pair"], records["program"]
    return {
        "program_update": {
            "organisation": program.organisation_id,
            "title": "Взломано",
            "start": program.start.isoformat(),
            "end": program.end.isoformat(),
            "coordinator": program.coordinator_id,
            "goals": "Взломано",
            "mentoring_forms": program.mentoring_forms,
            "status": program.status,
        },
        "pair_update": {"goals": "Взломано", "planned_end": pair.planned_end.isoformat()},
        "pair_status": {"status": Pair.Status.COMPLETED, "on": days_ago(0).isoformat(), "reason": ""},
        "meeting_create": {
            "date": days_ago(1).isoformat(),
            "format": "online",
            "topic": "Взломано",
            "duration_minutes": "45",
        },
        "plan_item_create": {"title": "Взломано", "due_date": days_ago(-10).isoformat()},
        "plan_item_toggle": {},
        "feedback_create": {
            "participant": pair.participants.get(role=Participant.Role.MENTOR).pk,
            "kind": "interim",
            "satisfaction": "3",
        },
    }[name]


def snapshot(records) -> dict:
    """What a POST could change or add to, as stored."""
    program, pair = records["program"], records["pair"]
    return {
        "program": model_to_dict(MentoringProgram.objects.get(pk=program.pk)),
        "pair": model_to_dict(Pair.objects.get(pk=pair.pk)),
        "item": model_to_dict(PlanItem.objects.get(pk=records["item"].pk)),
        "meetings": list(Meeting.objects.filter(pair=pair).values()),
        "items": list(PlanItem.objects.filter(pair=pair).values()),
        "feedback": list(Feedback.objects.filter(participant__pair=pair).values()),
        "pairs": Pair.objects.count(),
    }


def login_as(request, client, role):
    if role == Role.AUTHORITY:
        user = request.getfixturevalue("authority")
    else:
        user = request.getfixturevalue("make_user")(role)
    client.force_login(user)
    return client


def expected_status(role, name):
    """What a role of the home organisation gets for the other organisation's object: a 404
    wherever the role may use the page at all, else the page's 403 whatever the object."""
    if role in MANAGERS:
        return 404
    if role == Role.TEACHER:  # a pair page answers a participant; the program page is managers'
        return 403 if name == "program_update" else 404
    return 403  # the authority has no business in mentoring


@pytest.mark.parametrize("name", OBJECT_URLS)
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_another_organisations_object_is_404_for_every_staff_role(request, client, role, name, outsider):
    client = login_as(request, client, role)
    before = snapshot(outsider)
    url = url_of(name, outsider)
    responses = [] if name == "plan_item_toggle" else [client.get(url)]  # a POST-only URL
    if OBJECT_URLS[name]:
        responses.append(client.post(url, a_post_for(name, outsider)))
    for response in responses:
        assert response.status_code == expected_status(role, name)
        html = response.content.decode()
        assert OUTSIDER not in html and OUTSIDER_STAFF not in html and OUTSIDER_PROGRAM not in html
    assert snapshot(outsider) == before


@pytest.mark.parametrize("name", [name for name, writes in OBJECT_URLS.items() if writes])
def test_the_same_post_changes_the_organisations_own_records(coordinator_client, name, own):
    """The control for the test above: the POST it sends is one the form accepts."""
    before = snapshot(own)
    response = coordinator_client.post(url_of(name, own), a_post_for(name, own))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert snapshot(own) != before


def test_a_teacher_of_the_organisation_in_another_organisations_pair_does_not_reach_it(
    teacher_client, teacher, outsider
):
    """Even a staff member of the home organisation placed in the other organisation's pair
    (data from before tenancy) does not open it: the pair is looked up within the scope."""
    pair = make_pair(program=outsider["program"], mentor=teacher.person, mentees=[PersonFactory()])
    assert teacher_client.get(reverse("mentoring:pair_detail", args=[pair.pk])).status_code == 404
    assert OUTSIDER_PROGRAM not in teacher_client.get(reverse("mentoring:my_pairs")).content.decode()


# --- dashboards, lists and the export hold only the organisation's -----------------------


@pytest.mark.parametrize("role", MANAGERS)
def test_the_dashboard_holds_only_the_organisations_pairs_people_and_programs(
    request, client, role, own, outsider
):
    client = login_as(request, client, role)
    response = client.get(reverse("mentoring:dashboard"))
    html = response.content.decode()
    assert OWN_PROGRAM in html and "Своякова-Наставник" in html
    assert OUTSIDER not in html and OUTSIDER_STAFF not in html and OUTSIDER_PROGRAM not in html
    assert response.context["pair_total"] == 2
    staff, learners = response.context["coverage"]
    # the home organisation's staff: the user, the coordinator, the mentor, the mentee
    assert (staff.covered, staff.total) == (
        2,
        Person.objects.filter(organisation=home_organisation()).count(),
    )
    assert learners.total == Learner.objects.filter(organisation=home_organisation()).count()
    # another organisation's program in the query string is not a way in
    response = client.get(reverse("mentoring:dashboard"), {"program": outsider["program"].pk})
    assert OUTSIDER not in response.content.decode() and OUTSIDER_PROGRAM not in response.content.decode()


@pytest.mark.parametrize("query", [{}, "outsider"])
def test_the_export_holds_none_of_another_organisations_children(coordinator_client, own, outsider, query):
    params = {"program": outsider["program"].pk} if query == "outsider" else {}
    response = coordinator_client.get(reverse("mentoring:export"), params)
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    assert OUTSIDER not in text and OUTSIDER_STAFF not in text and OUTSIDER_PROGRAM not in text
    assert OWN_PROGRAM in text


def test_the_public_page_lists_every_organisations_programs_without_names(client, own, outsider):
    html = client.get(reverse("mentoring:index")).content.decode()
    assert OWN_PROGRAM in html and OUTSIDER_PROGRAM in html
    assert OUTSIDER not in html and INSIDER not in html and OUTSIDER_STAFF not in html


# --- the forms offer only the user's organisations' records ------------------------------


def pair_post(records, **people):
    return {
        "program": records["program"].pk,
        "form": Form.EMPLOYER_PUPIL,
        "start": days_ago(1).isoformat(),
        "planned_end": days_ago(-200).isoformat(),
        "status": Pair.Status.ACTIVE,
        "goals": "Проект",
        **people,
    }


@pytest.mark.parametrize(
    "field, chosen",
    [
        ("program", lambda o: o["program"].pk),
        ("mentor_external", lambda o: o["engineer"].pk),
        ("mentee_learners", lambda o: [o["learners"][0].pk]),
    ],
)
def test_a_crafted_choice_of_another_organisations_record_is_a_pair_form_error(
    coordinator_client, own, outsider, field, chosen
):
    fresh = learner_with_consent(surname=f"{INSIDER}-Новая")
    data = pair_post(own, mentor_external=own["engineer"].pk, mentee_learners=[fresh.pk])
    pairs = Pair.objects.count()
    response = coordinator_client.post(reverse("mentoring:pair_create"), {**data, field: chosen(outsider)})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Pair.objects.count() == pairs
    # the control: the same form with the organisation's own records is saved
    response = coordinator_client.post(reverse("mentoring:pair_create"), data)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "field, query",
    [
        ("mentee_learners", OUTSIDER[:5]),
        ("mentor_person", OUTSIDER_STAFF[:6]),
        ("mentor_external", OUTSIDER_STAFF[:6]),
    ],
)
def test_a_search_in_the_pair_form_finds_nobody_of_another_organisation(
    coordinator_client, own, outsider, field, query
):
    url = reverse("mentoring:pair_create")
    html = coordinator_client.get(url).content.decode()
    assert OUTSIDER not in html and OUTSIDER_STAFF not in html and OUTSIDER_PROGRAM not in html
    response = coordinator_client.post(url, {**pair_post(own), f"{field}_q": query, SEARCH: field})
    assert response.status_code == 200
    html = response.content.decode()
    assert OUTSIDER not in html and OUTSIDER_STAFF not in html


@pytest.mark.parametrize("field", ["organisation", "coordinator"])
def test_a_program_of_another_organisation_cannot_be_made(coordinator_client, own, outsider, field):
    data = {**a_post_for("program_update", own), "title": "Новая программа"}
    crafted = {"organisation": outsider["organisation"].pk, "coordinator": outsider["program"].coordinator_id}
    response = coordinator_client.post(reverse("mentoring:program_create"), {**data, field: crafted[field]})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MentoringProgram.objects.filter(title="Новая программа").exists()
    form = coordinator_client.get(reverse("mentoring:program_create")).context["form"]
    assert list(form.fields["organisation"].queryset) == [home_organisation()]
    assert form["organisation"].value() == home_organisation().pk


def test_an_external_participant_is_kept_by_the_users_organisation(coordinator_client, outsider):
    partner = OrganisationFactory(name="Завод «Прогресс»", kind=Organisation.Kind.INDUSTRIAL_PARTNER)
    data = {
        "surname": "Шестаков",
        "name": "Роман",
        "kind": "employer",
        "organisation": partner.pk,
        "position": "Инженер",
    }
    url = reverse("mentoring:external_create")
    response = coordinator_client.post(url, {**data, "host": outsider["organisation"].pk})
    assert "host" in response.context["form"].errors
    assert not ExternalPerson.objects.filter(surname="Шестаков").exists()
    # the partner is found by a search, not listed with every organisation of the country
    response = coordinator_client.post(url, {**data, "organisation_q": "прогресс", SEARCH: "organisation"})
    assert f'value="{partner.pk}"' in response.content.decode()
    response = coordinator_client.post(url, {**data, "host": home_organisation().pk})
    assert response.status_code == 302
    assert ExternalPerson.objects.get(surname="Шестаков").host == home_organisation()


# --- a child's name as a role may see it --------------------------------------------------


@pytest.mark.parametrize(
    "role, full", [(Role.COORDINATOR, False), (Role.METHODIST, True), (Role.DIRECTOR, True)]
)
def test_children_are_named_in_full_only_to_roles_that_may_read_personal_data(
    request, client, role, full, own
):
    client = login_as(request, client, role)
    child = own["learners"][0]
    pages = [
        reverse("mentoring:pair_detail", args=[own["child_pair"].pk]),
        reverse("mentoring:feedback_create", args=[own["child_pair"].pk]),
        reverse("mentoring:dashboard"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert (child.full_name in html) is full, url
        assert (child.surname in html) is full, url
        if not full:
            assert child.public_name in html, url


def test_a_learner_mentors_load_names_them_in_the_public_form_to_a_coordinator(coordinator, own):
    from mentoring.selectors import mentor_loads

    mentor, mentee = learner_with_consent(surname=f"{INSIDER}-Старшая"), learner_with_consent()
    make_pair(program=own["program"], form=Form.PUPIL_PUPIL, mentor=mentor, mentees=[mentee])
    names = [load.name for load in mentor_loads(coordinator)]
    assert mentor.public_name in names
    assert mentor.full_name not in names


# --- the pages hold at any size of the other organisations -------------------------------


def _crowd(records, count):
    organisation = records["organisation"]
    Person.objects.bulk_create(
        Person(surname=f"{OUTSIDER_STAFF}{i:03d}", name="Ия", position="Педагог", organisation=organisation)
        for i in range(count)
    )
    for i in range(count // 10):
        learner = learner_with_consent(organisation=organisation, surname=f"{OUTSIDER}{i:03d}")
        make_pair(
            program=records["program"],
            form=Form.EMPLOYER_PUPIL,
            mentor=records["engineer"],
            mentees=[learner],
        )
        records["engineer"] = ExternalPersonFactory(host=organisation)  # a mentor's limit is 3


@pytest.mark.parametrize("crowd", [2, 60])
@pytest.mark.parametrize(
    "page, limit",
    # the session, the user, the roles, the organisations; then the page's own
    [("pair_create", 11), ("program_create", 7), ("external_create", 7), ("dashboard", 18)],
)
def test_query_counts_do_not_grow_with_other_organisations(
    coordinator_client, own, outsider, crowd, page, limit, django_assert_max_num_queries
):
    _crowd(outsider, crowd)
    with django_assert_max_num_queries(limit):
        response = coordinator_client.get(reverse(f"mentoring:{page}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert OUTSIDER not in html and OUTSIDER_STAFF not in html
