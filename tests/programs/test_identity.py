"""A child's identity is not proof of guardianship (issue 13, the hijack).

Accepting reuses the organisation's record of a child by itself only when it is already
linked to the same parent; when the organisation knows a child of that surname, name and
birth date linked to someone else, the application page says so and staff choose: link after
checking documents (recorded: basis, who and when) or a new record. Another organisation's
record is never found, shown or linked, and the parent cabinet shows only what comes from the
parent's own record."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from centre.models import Guardian, Guardianship, Learner
from centre.roles import Role
from programs.forms.applications import AcceptForm
from programs.models import Application, Enrolment, Group
from programs.services import AcceptChoice, application_accept
from tests.factories import OrganisationFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, ProgramFactory, catalogue_group

pytestmark = pytest.mark.django_db

# the accept page's button: the start date and funding default to today and the group's
CONFIRMED = {
    "confirmed": "1",
    "order": "draft",
    "funding": "free",
    "enrolled_on": timezone.localdate().isoformat(),
}

BORN = datetime.date(2015, 3, 8)
KNOWN = "Ковалёва Дарья Сергеевна"


def _enrol(group, learner):
    Enrolment.objects.create(group=group, learner=learner)
    Group.objects.filter(pk=group.pk).update(enrolled_count=group.enrolled_count + 1)


@pytest.fixture
def known(methodist):
    """Дарья Ковалёва as the home organisation knows her (her mother's record, the chess club)
    and as centre B knows her (its own record, the dance club): the real child."""
    home = methodist.person.organisation
    chess = catalogue_group(club=ClubFactory(name="Шахматы", slug="chess"), name="Шахматы-1", age_min=7)
    robots = catalogue_group(
        club=ClubFactory(name="Робототехника", slug="robots"), name="Роботы-1", age_min=7
    )
    daria = Learner.objects.create(
        organisation=home, surname="Ковалёва", name="Дарья", patronymic="Сергеевна", birth_date=BORN
    )
    mother = Guardian.objects.create(
        organisation=home, surname="Ковалёва", name="Марина", phone="+7 (913) 444-55-66"
    )
    Guardianship.objects.create(guardian=mother, learner=daria)
    _enrol(chess, daria)
    other = OrganisationFactory(name="Центр Б")
    dance = catalogue_group(
        club=ClubFactory(name="Танцы Б", slug="dance", organisation=other),
        program=ProgramFactory(organisation=other),
        name="Танцы-1",
        age_min=7,
    )
    daria_b = Learner.objects.create(
        organisation=other, surname="Ковалёва", name="Дарья", patronymic="Сергеевна", birth_date=BORN
    )
    _enrol(dance, daria_b)
    return {"daria": daria, "daria_b": daria_b, "mother": mother, "chess": chess, "robots": robots}


def apply_as(client, group, **overrides):
    data = {
        "child_surname": "Ковалёва",
        "child_name": "Дарья",
        "child_birth_date": BORN.isoformat(),
        "guardian_surname": "Злоумышленникова",
        "guardian_name": "Ирина",
        "guardian_phone": "+7 (999) 000-11-22",
        "consent_processing": "on",
    }
    data.update(overrides)
    url = reverse("programs:apply", kwargs={"slug": group.club.slug, "group_id": group.pk})
    response = client.post(url, data)
    assert response.status_code == 302
    return Application.objects.order_by("-pk").first()


def test_the_hijack_a_parent_knowing_a_childs_name_and_birth_date_gets_nothing_of_her(
    client, make_user, methodist, known
):
    """A stranger registers, applies with the real child's name and birth date; the staff
    page shows the known child; accepted as a new record, the stranger's cabinet shows no
    patronymic they never typed and none of the child's clubs (here or in centre B)."""
    stranger = make_user(Role.PARENT, username="stranger")
    client.force_login(stranger)
    application = apply_as(client, known["robots"])
    assert application.user == stranger
    staff = client.__class__()
    staff.force_login(methodist)
    page = staff.get(reverse("programs:staff_application", args=[application.pk])).content.decode()
    assert 'id="known-child"' in page
    assert 'id="accept-form"' in page
    assert 'type="radio"' in page
    assert KNOWN in page and "2015" in page and "Шахматы: Шахматы-1" in page
    assert "Танцы" not in page  # another organisation's record is never shown
    assert f'value="{known["daria"].pk}"' in page and 'value="new"' in page
    assert f'value="{known["daria_b"].pk}"' not in page
    # without a choice, nothing happens and staff are told why
    response = staff.post(reverse("programs:staff_application_accept", args=[application.pk]), follow=True)
    assert "уже известен" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.NEW
    # staff found no documents: a new record
    response = staff.post(
        reverse("programs:staff_application_accept", args=[application.pk]), {"record": "new", **CONFIRMED}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.learner != known["daria"]
    assert not Guardianship.objects.filter(learner=known["daria"], guardian__user=stranger).exists()
    cabinet = client.get(reverse("programs:cabinet")).content.decode()
    assert "Ковалёва Дарья" in cabinet
    assert "Сергеевна" not in cabinet
    assert "Робототехника" in cabinet
    for club in ("Шахматы", "Танцы"):
        assert club not in cabinet, club


def test_without_a_choice_the_accept_is_refused_in_russian_and_stores_nothing(methodist, known):
    application = ApplicationFactory(
        group=known["robots"], child_surname="КОВАЛЁВА ", child_name="дарья", child_birth_date=BORN
    )
    learners, guardians = Learner.objects.count(), Guardian.objects.count()
    with pytest.raises(ValidationError) as refused:
        application_accept(application=application, by=methodist)
    assert "Ребёнок с такими же фамилией, именем и датой рождения уже известен" in refused.value.messages[0]
    assert (Learner.objects.count(), Guardian.objects.count()) == (learners, guardians)
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_staff_link_after_checking_documents_and_the_link_is_recorded(client, methodist, known):
    application = ApplicationFactory(
        group=known["robots"],
        child_surname="Ковалёва",
        child_name="Дарья",
        child_birth_date=BORN,
        guardian_surname="Ковалёв",
        guardian_name="Сергей",
        guardian_phone="+7 (913) 777-00-00",
    )
    client.force_login(methodist)
    before = timezone.now()
    response = client.post(
        reverse("programs:staff_application_accept", args=[application.pk]),
        {"record": known["daria"].pk, **CONFIRMED},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.learner == known["daria"]
    father = Guardian.objects.get(surname="Ковалёв")
    link = Guardianship.objects.get(guardian=father, learner=known["daria"])
    assert link.basis == Guardianship.Basis.DOCUMENTS
    assert link.linked_by == methodist
    assert link.linked_at >= before
    recorded = link.history.get()
    assert (recorded.basis, recorded.linked_by_id, recorded.history_user_id) == (
        Guardianship.Basis.DOCUMENTS,
        methodist.pk,
        methodist.pk,
    )
    assert Learner.objects.filter(organisation=known["daria"].organisation, surname="Ковалёва").count() == 1
    # the mother's own link stays what it was
    assert Guardianship.objects.get(guardian=known["mother"]).basis == Guardianship.Basis.APPLICATION


def test_a_new_record_is_a_second_child_of_the_same_identity(methodist, known):
    application = ApplicationFactory(
        group=known["robots"], child_surname="Ковалёва", child_name="Дарья", child_birth_date=BORN
    )
    application_accept(application=application, by=methodist, choice=AcceptChoice.NEW)
    records = Learner.objects.filter(organisation=known["daria"].organisation).with_identity(
        surname="Ковалёва", name="Дарья", birth_date=BORN
    )
    assert records.count() == 2
    application.refresh_from_db()
    assert application.learner in records and application.learner != known["daria"]
    link = Guardianship.objects.get(learner=application.learner)
    assert link.basis == Guardianship.Basis.APPLICATION
    assert link.linked_by == methodist


def test_a_record_of_another_organisation_or_another_identity_is_never_linked(methodist, known):
    namesake = Learner.objects.create(
        organisation=known["daria"].organisation,
        surname="Ковалёва",
        name="Дарья",
        birth_date=BORN.replace(day=9),
    )
    application = ApplicationFactory(
        group=known["robots"], child_surname="Ковалёва", child_name="Дарья", child_birth_date=BORN
    )
    for record in (known["daria_b"], namesake):
        with pytest.raises(ValidationError):
            application_accept(
                application=application, by=methodist, choice=AcceptChoice.LINK, link_to=record.pk
            )
    assert not Guardianship.objects.filter(learner__in=[known["daria_b"], namesake]).exists()
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_a_crafted_record_on_the_form_is_refused(client, methodist, known):
    application = ApplicationFactory(
        group=known["robots"], child_surname="Ковалёва", child_name="Дарья", child_birth_date=BORN
    )
    client.force_login(methodist)
    response = client.post(
        reverse("programs:staff_application_accept", args=[application.pk]),
        {"record": known["daria_b"].pk, **CONFIRMED},
        follow=True,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == Application.Status.NEW
    assert not Guardianship.objects.filter(learner=known["daria_b"]).exists()


def test_one_parents_child_applying_to_several_groups_is_one_record_without_asking(
    client, make_user, methodist, known
):
    """The reuse is silent when the record is linked to the same parent: their own account's
    record, or the organisation's record of them by phone and surname."""
    mother_user = make_user(Role.PARENT, username="mama")
    other = catalogue_group(name="Шахматы-2", club=known["chess"].club, age_min=7)
    for group in (known["robots"], other):
        application = ApplicationFactory(
            group=group,
            child_surname="Ковалёва",
            child_name="Дарья",
            child_birth_date=BORN,
            guardian_surname="ковалёва",
            guardian_phone="+7 (913) 444-55-66",
        )
        application_accept(application=application, by=methodist)
        application.refresh_from_db()
        assert application.learner == known["daria"]
    assert Guardian.objects.filter(phone="+7 (913) 444-55-66").count() == 1
    # a parent's account: first accept links a new record, the next reuses it
    third = catalogue_group(name="Роботы-2", club=known["robots"].club, age_min=7)
    records = []
    for group in (third, known["chess"]):
        application = ApplicationFactory(
            group=group, user=mother_user, child_surname="Петрова", child_name="Ольга", child_birth_date=BORN
        )
        application_accept(application=application, by=methodist)
        application.refresh_from_db()
        records.append(application.learner)
    assert records[0] == records[1]
    assert mother_user.guardian.learners.get() == records[0]


def test_the_parent_is_found_whatever_way_the_phone_is_typed(methodist, known):
    """«8 913 444 55 66» is the same parent as «+7 (913) 444-55-66»: their child's record is
    reused without asking and no second parent record is made (the identity lock reads the
    phone as digits too)."""
    application = ApplicationFactory(
        group=known["robots"],
        child_surname="Ковалёва",
        child_name="Дарья",
        child_birth_date=BORN,
        guardian_surname="Ковалёва",
        guardian_phone="8 913 444 55 66",
    )
    application_accept(application=application, by=methodist)
    application.refresh_from_db()
    assert application.learner == known["daria"]
    assert Guardian.objects.filter(surname="Ковалёва").count() == 1


def test_the_page_lists_nothing_to_choose_when_the_child_is_new_or_already_the_parents(
    client, methodist, known
):
    client.force_login(methodist)
    new_child = ApplicationFactory(group=known["robots"])
    page = client.get(reverse("programs:staff_application", args=[new_child.pk])).content.decode()
    assert 'id="known-child"' not in page and 'type="radio"' not in page and 'id="accept"' in page
    mothers = ApplicationFactory(
        group=known["robots"],
        child_surname="Ковалёва",
        child_name="Дарья",
        child_birth_date=BORN,
        guardian_surname="Ковалёва",
        guardian_phone="+7 (913) 444-55-66",
    )
    page = client.get(reverse("programs:staff_application", args=[mothers.pk])).content.decode()
    assert 'id="known-child"' not in page


def test_the_application_page_with_known_children_keeps_its_queries(
    director_client, known, django_assert_max_num_queries
):
    application = ApplicationFactory(
        group=known["robots"], child_surname="Ковалёва", child_name="Дарья", child_birth_date=BORN
    )
    for number in range(3):
        Learner.objects.create(
            organisation=known["daria"].organisation, surname="Ковалёва", name="Дарья", birth_date=BORN
        )
        _enrol(catalogue_group(name=f"Группа {number}", club=known["chess"].club, age_min=7), known["daria"])
    with django_assert_max_num_queries(13):
        response = director_client.get(reverse("programs:staff_application", args=[application.pk]))
    assert response.content.decode().count('type="radio"') == 5  # four records and a new one


def test_the_choice_shows_who_the_known_children_are_only_to_roles_that_read_personal_data(known):
    known["daria"].active_enrolments = list(Enrolment.objects.filter(learner=known["daria"]))
    shown = dict(AcceptForm(records=[known["daria"]], personal_data=True).fields["record"].choices)
    hidden = dict(AcceptForm(records=[known["daria"]], personal_data=False).fields["record"].choices)
    assert KNOWN in shown[str(known["daria"].pk)] and "2015" in shown[str(known["daria"].pk)]
    assert "Шахматы" in shown[str(known["daria"].pk)]
    label = hidden[str(known["daria"].pk)]
    assert "Ковалёва" not in label and "2015" not in label and "Шахматы" not in label
    assert set(shown) == set(hidden) == {str(known["daria"].pk), "new"}


def test_the_cabinet_shows_only_the_parents_own_records_and_their_own_enrolments(
    client, make_user, methodist, known
):
    """The mother's account linked (after documents) to the home organisation's record sees
    that record's chess club; never centre B's record of the same child nor its dance club."""
    mother_user = make_user(Role.PARENT, username="mama")
    application = ApplicationFactory(
        group=known["robots"],
        user=mother_user,
        child_surname="Ковалёва",
        child_name="Дарья",
        child_birth_date=BORN,
    )
    application_accept(
        application=application, by=methodist, choice=AcceptChoice.LINK, link_to=known["daria"].pk
    )
    client.force_login(mother_user)
    cabinet = client.get(reverse("programs:cabinet")).content.decode()
    assert cabinet.count('data-testid="child"') == 1
    assert KNOWN in cabinet and "Шахматы" in cabinet and "Робототехника" in cabinet
    assert "Танцы" not in cabinet


def test_the_cabinet_leaves_out_an_enrolment_a_record_holds_in_another_organisation(
    parent_client, parent, known
):
    """A record migrated from the one national record of old may hold an enrolment in another
    organisation's group: the parent linked to it sees only its own organisation's groups."""
    Guardianship.objects.create(guardian=parent.guardian, learner=known["daria"])
    dance = Enrolment.objects.get(learner=known["daria_b"]).group
    Enrolment.objects.create(group=dance, learner=known["daria"])  # legacy: elsewhere
    cabinet = parent_client.get(reverse("programs:cabinet")).content.decode()
    assert "Шахматы" in cabinet
    assert "Танцы" not in cabinet
