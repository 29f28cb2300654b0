"""Personal data: every view of it is recorded and a director reads the record; the staff
learner card; withdrawing a publication consent; the change history on staff pages. Erasing a
child at a guardian's request: test_erasure.py."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from centre.models import Consent, Guardianship, PersonalDataAccess
from mentoring.models import Pair
from programs.models import Application, Enrolment, Group, PackageToken, Program, TeacherFeed
from projects.models import Project
from tests.factories import GuardianFactory, LearnerFactory
from tests.programs.factories import (
    ApplicationFactory,
    ClubFactory,
    CurrentYearFactory,
    GroupFactory,
    ScheduleSlotFactory,
)
from tests.security.helpers import Access, body_text, forbidden_strings, login, records

pytestmark = pytest.mark.django_db


# --- recording ------------------------------------------------------------------------------


def test_application_page_is_recorded_with_who_what_and_when(demo):
    application = Application.objects.order_by("pk").first()
    before = timezone.now()
    response = login(demo["methodist"]).get(reverse("programs:staff_application", args=[application.pk]))
    assert response.status_code == 200
    record = records(object_type="programs.application", object_id=str(application.pk)).get()
    assert record.user == demo["methodist"]
    assert record.action == Access.VIEW
    assert record.at >= before
    assert application.child_surname not in record.description
    assert record.path == reverse("programs:staff_application", args=[application.pk])


def test_group_children_list_and_its_export_are_recorded(demo, artyom):
    enrolment = Enrolment.objects.get(learner=artyom, status=Enrolment.Status.ACTIVE)
    client = login(demo["director"])
    assert client.get(reverse("programs:staff_group", args=[enrolment.group_id])).status_code == 200
    assert client.get(reverse("programs:staff_group_export", args=[enrolment.group_id])).status_code == 200
    logged = records(object_type="programs.group", object_id=str(enrolment.group_id), user=demo["director"])
    assert sorted(logged.values_list("action", flat=True)) == [Access.EXPORT, Access.VIEW]


def test_a_group_without_children_is_not_recorded(demo):
    group = Group.objects.filter(enrolments__isnull=True).first()
    assert login(demo["methodist"]).get(reverse("programs:staff_group", args=[group.pk])).status_code == 200
    assert not records(object_type="programs.group", object_id=str(group.pk)).exists()


def test_gifted_bank_and_its_export_are_recorded(demo):
    client = login(demo["methodist"])
    assert client.get(reverse("projects:gifted_bank")).status_code == 200
    assert client.get(reverse("projects:gifted_bank_xlsx")).status_code == 200
    logged = records(object_type="centre.learner", description__contains="одарённых", user=demo["methodist"])
    assert sorted(logged.values_list("action", flat=True)) == [Access.EXPORT, Access.VIEW]


def test_a_pair_with_a_learner_is_recorded_and_a_pair_of_adults_is_not(demo):
    client = login(demo["director"])
    with_child = Pair.objects.filter(participants__learner__isnull=False).first()
    adults = Pair.objects.exclude(participants__learner__isnull=False).first()
    assert client.get(reverse("mentoring:pair_detail", args=[with_child.pk])).status_code == 200
    assert records(object_type="mentoring.pair", object_id=str(with_child.pk)).count() == 1
    assert adults is not None
    assert client.get(reverse("mentoring:pair_detail", args=[adults.pk])).status_code == 200
    assert not records(object_type="mentoring.pair", object_id=str(adults.pk)).exists()


def test_learner_card_opening_is_recorded(demo, artyom):
    assert login(demo["methodist"]).get(reverse("staff_learner", args=[artyom.pk])).status_code == 200
    assert records(object_type="centre.learner", object_id=str(artyom.pk), action=Access.VIEW).count() == 1


# --- the director's page of the record ------------------------------------------------------


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 403), ("director", 200)],
    indirect=["role_client"],
)
def test_only_the_director_reads_the_record(role_client, status):
    response = role_client.get(reverse("staff_audit"))
    assert response.status_code == status
    if status == 302:
        assert reverse("login") in response["Location"]


def test_the_header_links_the_record_for_the_director_only(director, methodist):
    assert reverse("staff_audit") in login(director).get(reverse("home")).content.decode()
    assert reverse("staff_audit") not in login(methodist).get(reverse("home")).content.decode()


def _access(user, action=Access.VIEW, at=None, **extra):
    return PersonalDataAccess.objects.create(
        user=user,
        action=action,
        object_type=extra.pop("object_type", "programs.application"),
        object_id=extra.pop("object_id", "1"),
        at=at or timezone.now(),
        description=extra.pop("description", "Application page"),
    )


def test_the_record_lists_who_what_when_and_filters(director, methodist, teacher):
    old = timezone.now() - datetime.timedelta(days=10)
    mine = _access(methodist, description="first")
    export = _access(teacher, Access.EXPORT, object_type="programs.group", description="xlsx")
    earlier = _access(methodist, at=old, description="older")
    client = login(director)

    html = client.get(reverse("staff_audit")).content.decode()
    for record in (mine, export, earlier):
        assert f'id="access-{record.pk}"' in html

    def shown(**params):
        html = client.get(reverse("staff_audit"), params).content.decode()
        return {r.pk for r in (mine, export, earlier) if f'id="access-{r.pk}"' in html}

    assert shown(user=methodist.pk) == {mine.pk, earlier.pk}
    assert shown(action=Access.EXPORT) == {export.pk}
    assert shown(date_from=(timezone.localdate() - datetime.timedelta(days=1)).isoformat()) == {
        mine.pk,
        export.pk,
    }
    assert shown(date_to=(timezone.localdate() - datetime.timedelta(days=5)).isoformat()) == {earlier.pk}


def test_a_bad_filter_shows_an_error_not_a_crash(director):
    _access(director)
    response = login(director).get(reverse("staff_audit"), {"date_from": "вчера", "action": "steal"})
    assert response.status_code == 200
    assert 'id="no-records"' in response.content.decode()
    assert response.context["filter"].errors


def test_the_record_is_paginated_and_its_query_count_does_not_grow(
    director, methodist, django_assert_max_num_queries
):
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(user=methodist, object_type="centre.learner", object_id=str(n)) for n in range(120)
    )
    client = login(director)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("staff_audit"))
    page = first.context["page"]
    assert page.paginator.num_pages == 3 and len(page.object_list) == 50
    last = client.get(reverse("staff_audit"), {"page": 3})
    assert len(last.context["page"].object_list) == 20
    assert 'href="/staff/learners/' in first.content.decode()


# --- the learner card -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role_client, status",
    [
        ("anonymous", 302),
        ("parent", 403),
        ("teacher", 403),
        ("coordinator", 403),
        ("methodist", 200),
        ("director", 200),
    ],
    indirect=["role_client"],
)
def test_learner_card_is_for_methodists_and_directors(role_client, status, child):
    response = role_client.get(reverse("staff_learner", args=[child.pk]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Карпов Семён" in html and "05.04.2013" in html and "Гимназия № 3" in html
        assert "+7 (913) 777-77-77" in html
        assert html.count('id="withdraw-') == 2


def test_unknown_learner_is_not_found(methodist_client):
    assert methodist_client.get(reverse("staff_learner", args=[987654])).status_code == 404


def test_learner_card_query_count_does_not_grow_with_records(
    methodist_client, child, django_assert_max_num_queries
):
    url = reverse("staff_learner", args=[child.pk])
    methodist_client.get(url)
    with django_assert_max_num_queries(16) as few:
        methodist_client.get(url)
    for n in range(5):
        guardian = GuardianFactory(surname=f"Карпов{n}")
        Guardianship.objects.create(guardian=guardian, learner=child)
        consent = Consent.objects.create(guardian=guardian, learner=child, kind=Consent.Kind.PROCESSING)
        consent.withdrawn_at = timezone.now()
        consent.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        methodist_client.get(url)


def test_withdrawing_a_consent_from_the_card(methodist_client, child):
    consent = child.consents.get(kind=Consent.Kind.PROCESSING)
    url = reverse("staff_consent_withdraw", args=[child.pk, consent.pk])
    assert methodist_client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    # twice: a message, nothing changes
    when = consent.withdrawn_at
    assert methodist_client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at == when
    html = methodist_client.get(reverse("staff_learner", args=[child.pk])).content.decode()
    assert f'id="withdraw-{consent.pk}"' not in html
    assert 'data-testid="history-entry"' in html  # the withdrawal is in the consents' history


def test_a_consent_of_another_child_is_not_found(methodist_client, child):
    other = LearnerFactory()
    consent = child.consents.first()
    url = reverse("staff_consent_withdraw", args=[other.pk, consent.pk])
    assert methodist_client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


@pytest.mark.parametrize("role_client", ["teacher", "parent"], indirect=True)
def test_others_cannot_withdraw_or_erase(role_client, child):
    consent = child.consents.first()
    assert role_client.post(reverse("staff_consent_withdraw", args=[child.pk, consent.pk])).status_code == 403
    response = role_client.post(
        reverse("staff_learner_erase", args=[child.pk]), {"reason": "x", "confirm": "on"}
    )
    assert response.status_code == 403
    child.refresh_from_db()
    consent.refresh_from_db()
    assert child.surname == "Карпов" and consent.withdrawn_at is None


# --- withdrawing the publication consent: every public page at once -----------------------


def test_withdrawing_publication_consent_hides_the_child_from_every_public_page(demo, artyom):
    project = Project.objects.public().get(memberships__learner=artyom)
    public_name = artyom.public_name
    client = Client()
    urls = [reverse("projects:showcase"), reverse("projects:project", args=[project.pk])]
    before = [client.get(url) for url in urls]
    assert all(response.status_code == 200 for response in before)
    assert public_name in before[1].content.decode()
    assert project.title in before[0].content.decode()

    consent = artyom.consents.valid().publication().get()
    response = login(demo["methodist"]).post(reverse("staff_consent_withdraw", args=[artyom.pk, consent.pk]))
    assert response.status_code == 302

    assert client.get(urls[1]).status_code == 404
    showcase = client.get(urls[0]).content.decode()
    assert project.title not in showcase
    assert public_name not in showcase
    assert not Project.objects.public().filter(memberships__learner=artyom).exists()


# --- change history on staff pages ----------------------------------------------------------


def test_program_page_shows_who_changed_what(methodist, director):
    from tests.programs.factories import ProgramFactory

    program = ProgramFactory(status=Program.Status.DRAFT)
    client = login(methodist)
    assert client.post(reverse("programs:staff_program_submit", args=[program.pk])).status_code == 302
    html = login(director).get(reverse("programs:staff_program", args=[program.pk])).content.decode()
    assert 'data-testid="history"' in html
    assert html.count('data-testid="history-entry"') == 2  # created, then sent for review
    assert methodist.get_username() in html or methodist.get_full_name() in html
    assert "→" in html


def test_application_page_shows_the_decision_in_the_history(methodist_client, methodist):
    from tests.programs.factories import ApplicationFactory

    application = ApplicationFactory()
    url = reverse("programs:staff_application_reject", args=[application.pk])
    reason = {"reason": "Нет мест в этой возрастной группе", "confirmed": "1"}
    assert methodist_client.post(url, reason).status_code == 302
    record = application.history.order_by("-history_date").first()
    assert record.history_user == methodist
    html = methodist_client.get(reverse("programs:staff_application", args=[application.pk])).content.decode()
    assert "Нет мест в этой возрастной группе" in html
    assert html.count('data-testid="history-entry"') == 2


def test_group_page_shows_its_history(methodist_client):
    from tests.programs.factories import GroupFactory

    group = GroupFactory(places=10)
    group.places = 12
    group.save()
    html = methodist_client.get(reverse("programs:staff_group", args=[group.pk])).content.decode()
    assert html.count('data-testid="history-entry"') == 2
    assert "10 → 12" in html


def test_the_demo_leaves_a_history_of_its_records(demo):
    assert Program.history.exists() and Group.history.exists() and Consent.history.exists()


# --- the exchange's public files ----------------------------------------------------------


def _public_exchange_files(group, feed, secret) -> dict[str, str]:
    """Every file of the exchange that leaves the portal with the group in it: its calendar,
    its teacher's feed, the club page (with its JSON-LD), the package a navigator pulls and
    the open data sets."""
    client = Client()
    club = group.club
    requests = {
        "group calendar": reverse("programs:group_calendar", args=[club.slug, group.pk]),
        "teacher's feed": reverse("programs:teacher_calendar", args=[feed.token]),
        "club page": reverse("programs:club", args=[club.slug]),
        **{
            name: reverse(name)
            for name in ("programs:opendata", "programs:opendata_csv", "programs:opendata_json")
        },
    }
    found = {}
    for label, url in requests.items():
        response = client.get(url)
        assert response.status_code == 200, (label, response.status_code)
        found[label] = body_text(response)
    response = client.get(reverse("programs:package_api"), headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    found["package"] = body_text(response)
    return found


def test_the_exchanges_files_carry_no_childs_or_guardians_data(child):
    """A child enrolled in a catalogue group (with his mother's application): the group's
    calendar, the teacher's feed, the club page's JSON-LD, the package and the open data name
    the group, and never the child, his birth date or his mother's name and phone."""
    CurrentYearFactory()
    club = ClubFactory(organisation=child.organisation, name="Робоквантум открытый")
    group = GroupFactory(club=club, program__organisation=child.organisation, name="Группа открытая")
    ScheduleSlotFactory(group=group)
    Enrolment.objects.create(group=group, learner=child)
    guardian = child.guardians.get()
    ApplicationFactory(
        group=group,
        child_surname=child.surname,
        child_name=child.name,
        child_birth_date=child.birth_date,
        guardian_surname=guardian.surname,
        guardian_phone=guardian.phone,
    )
    feed = TeacherFeed.objects.create(person=group.teacher, token=TeacherFeed.new_token())
    _token, secret = PackageToken.issue(organisation=child.organisation, name="Навигатор")
    forbidden = forbidden_strings(child) | {child.surname, guardian.surname, child.birth_date.isoformat()}
    forbidden |= {guardian.phone[-9:], "".join(ch for ch in guardian.phone if ch.isdigit())}
    wrong = []
    for label, text in _public_exchange_files(group, feed, secret).items():
        readable = text.replace("\r\n ", "")  # an iCalendar's folded lines
        if "application/ld+json" in readable:  # the JSON-LD's Cyrillic may be escaped
            for block in re.findall(
                r'<script type="application/ld\+json"[^>]*>(.*?)</script>', readable, re.S
            ):
                readable += json.dumps(json.loads(block), ensure_ascii=False)
        if label != "programs:opendata":  # the control: each file shows the group (the passport: no rows)
            assert group.name in readable, f"{label} does not show the group"
        wrong += [f"{label}: {shown}" for shown in forbidden if shown and shown in readable]
    assert not wrong, wrong
