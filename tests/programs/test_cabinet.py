"""The parent cabinet: registration, children, applications, withdrawal; who may enter."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from centre.models import Guardian, OutgoingMessage
from centre.roles import Role, roles_of
from programs.models import Application, Enrolment
from programs.services import application_accept, parent_register
from programs.services.waitlist import offer_freed_places
from tests.factories import LearnerFactory, link_guardian
from tests.programs.factories import ApplicationFactory, catalogue_group

pytestmark = pytest.mark.django_db

CABINET = reverse("programs:cabinet")
REGISTER = reverse("programs:register")
User = get_user_model()


def registration(**overrides):
    data = {
        "surname": "Петрова",
        "name": "Анна",
        "patronymic": "Игоревна",
        "relation": "mother",
        "phone": "+7 (913) 555-77-88",
        "email": "anna@example.org",
        "username": "anna",
        "password1": "Solnce-2026-dom",
        "password2": "Solnce-2026-dom",
    }
    data.update(overrides)
    return data


# --- who may enter -------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(CABINET)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=/cabinet/" in response["Location"]


@pytest.mark.parametrize("role_client", ["teacher", "methodist", "director", "coordinator"], indirect=True)
def test_staff_get_403(role_client):
    assert role_client.get(CABINET).status_code == 403


def test_an_administrator_gets_403(client, admin_user):
    client.force_login(admin_user)
    assert client.get(CABINET).status_code == 403


def test_a_user_without_the_parent_role_gets_403(client, make_user):
    client.force_login(make_user(username="nobody"))
    assert client.get(CABINET).status_code == 403


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("parent", 200), ("teacher", 403), ("methodist", 403), ("director", 403)],
    indirect=["role_client"],
)
def test_cabinet_for_every_role(role_client, status):
    assert role_client.get(CABINET).status_code == status


# --- what the parent sees ------------------------------------------------------------------


def test_parent_sees_children_and_own_applications_with_statuses(parent_client, parent, methodist):
    group = catalogue_group()
    mine = ApplicationFactory(group=group, user=parent, child_surname="Волков", child_name="Артём")
    # accepting links the child to the parent's own Guardian record
    application_accept(application=mine, by=methodist)
    child = parent.guardian.learners.get()
    assert child.surname == "Волков"
    waiting = ApplicationFactory(group=group, user=parent, status=Application.Status.WAITING)
    other = ApplicationFactory(group=group, child_surname="Чужой")
    response = parent_client.get(CABINET)
    html = response.content.decode()
    assert "Волков Артём" in html
    assert group.club.name in html
    assert mine.number in html and waiting.number in html
    assert other.number not in html and "Чужой" not in html
    assert 'data-status="accepted"' in html and 'data-status="waiting"' in html
    assert mine.get_status_url() in html
    assert html.count('data-testid="child"') == 1
    assert group.club.get_absolute_url() in html  # the child studies there


def test_a_parent_without_children_or_applications_sees_a_helpful_page(parent_client):
    response = parent_client.get(CABINET)
    assert response.status_code == 200
    assert reverse("programs:catalogue") in response.content.decode()


def test_cabinet_query_count_does_not_grow(parent_client, parent, django_assert_max_num_queries):
    group = catalogue_group()
    for _index in range(15):
        child = LearnerFactory()
        link_guardian(parent.guardian, child)
        ApplicationFactory(group=group, user=parent, child_surname=child.surname)
    # the session and the login, the page and its count, the offers and requests to leave of
    # the page, the parent with the clubs' records and their groups, the parent's own children
    with django_assert_max_num_queries(11):
        response = parent_client.get(CABINET)
    assert response.content.decode().count('data-testid="application"') == 15


# --- withdrawal from the cabinet -----------------------------------------------------------


def withdraw_url(application):
    return reverse("programs:cabinet_withdraw", kwargs={"pk": application.pk})


@pytest.mark.parametrize("status", [Application.Status.NEW, Application.Status.WAITING])
def test_parent_withdraws_a_live_application(parent_client, parent, status):
    application = ApplicationFactory(group=catalogue_group(), user=parent, status=status)
    response = parent_client.post(withdraw_url(application), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == CABINET
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_an_enrolled_child_is_not_withdrawn_from_the_cabinet_but_asked_to_leave(
    parent_client, parent, methodist
):
    application = ApplicationFactory(group=catalogue_group(), user=parent)
    application_accept(application=application, by=methodist)
    response = parent_client.post(withdraw_url(application), {"confirm": "on"})
    assert response.status_code == 200
    assert 'data-testid="withdraw-error"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert Enrolment.objects.get(application=application).status == Enrolment.Status.ACTIVE
    assert reverse("programs:cabinet_leave", kwargs={"pk": application.pk}) in response.content.decode()


def test_applications_are_cards_in_pages(parent_client, parent):
    group = catalogue_group()
    for index in range(30):
        ApplicationFactory(group=group, user=parent, child_name=f"Ребёнок{index}")
    html = parent_client.get(CABINET).content.decode()
    assert html.count('data-testid="application"') == 25  # centre.pagination's page
    assert "<table" not in html  # cards: nothing to scroll sideways on a phone
    assert (
        html.count('data-testid="application"')
        + parent_client.get(CABINET + "?page=2").content.decode().count('data-testid="application"')
        == 30
    )


def test_withdrawal_without_the_tick_changes_nothing(parent_client, parent):
    application = ApplicationFactory(group=catalogue_group(), user=parent)
    response = parent_client.post(withdraw_url(application), {})
    assert response.status_code == 200
    assert 'data-testid="withdraw-error"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_a_parent_cannot_withdraw_someone_elses_application(parent_client):
    application = ApplicationFactory(group=catalogue_group())
    assert parent_client.post(withdraw_url(application), {"confirm": "on"}).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_withdrawing_a_withdrawn_application_is_explained(parent_client, parent):
    application = ApplicationFactory(
        group=catalogue_group(), user=parent, status=Application.Status.WITHDRAWN
    )
    response = parent_client.post(withdraw_url(application), {"confirm": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="withdraw-error"' in html  # no form for it any more, but the reason
    assert "Эта заявка уже в статусе" in html
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("methodist", 403), ("teacher", 403)],
    indirect=["role_client"],
)
def test_withdrawal_in_the_cabinet_is_for_parents_only(role_client, status):
    application = ApplicationFactory(group=catalogue_group())
    assert role_client.post(withdraw_url(application), {"confirm": "on"}).status_code == status
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_withdrawal_needs_a_post(parent_client, parent):
    application = ApplicationFactory(group=catalogue_group(), user=parent)
    assert parent_client.get(withdraw_url(application)).status_code == 405


# --- registration --------------------------------------------------------------------------


@pytest.mark.parametrize("role_client", ["anonymous"], indirect=True)
def test_registration_form_opens(role_client):
    response = role_client.get(REGISTER)
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()


@pytest.mark.parametrize("role_client", ["parent", "teacher", "methodist", "director"], indirect=True)
def test_logged_in_users_are_sent_to_the_cabinet_from_registration(role_client):
    response = role_client.get(REGISTER)
    assert response.status_code == 302
    assert response["Location"] == CABINET


def test_registration_creates_user_guardian_and_role_and_logs_in(client):
    response = client.post(REGISTER, registration())
    assert response.status_code == 302
    assert response["Location"] == CABINET
    user = User.objects.get(username="anna")
    assert user.check_password("Solnce-2026-dom")
    assert (user.first_name, user.last_name, user.email) == ("Анна", "Петрова", "anna@example.org")
    guardian = Guardian.objects.get(user=user)
    assert (guardian.surname, guardian.name, guardian.patronymic) == ("Петрова", "Анна", "Игоревна")
    assert guardian.relation == "mother"
    assert guardian.phone == "+7 (913) 555-77-88"
    assert roles_of(user) == {Role.PARENT}
    assert client.get(CABINET).status_code == 200


def test_a_registered_parent_gets_the_form_prefilled_and_applications_linked(client):
    client.post(REGISTER, registration())
    group = catalogue_group()
    url = reverse("programs:apply", kwargs={"slug": group.club.slug, "group_id": group.pk})
    assert 'value="+7 (913) 555-77-88"' in client.get(url).content.decode()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"password2": "Other-2026-dom"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password2"),
        ({"phone": "нет телефона"}, "phone"),
        ({"email": "anna"}, "email"),
        ({"surname": ""}, "surname"),
        ({"username": "bad name!"}, "username"),
        ({"surname": "П" * 101}, "surname"),
    ],
)
def test_bad_registration_input_gives_an_error_and_creates_nothing(client, overrides, field):
    users, guardians = User.objects.count(), Guardian.objects.count()
    response = client.post(REGISTER, registration(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert (User.objects.count(), Guardian.objects.count()) == (users, guardians)
    assert not response.context["user"].is_authenticated


def test_registration_messages_are_russian(client):
    response = client.post(REGISTER, registration(surname="", password2="Other-2026-dom"))
    errors = response.context["form"].errors
    assert errors["surname"] == ["Обязательное поле."]
    assert "Введенные пароли не совпадают." in errors["password2"]


def test_a_taken_login_is_refused(client, parent):
    users = User.objects.count()
    response = client.post(REGISTER, registration(username="parent"))
    assert "username" in response.context["form"].errors
    assert User.objects.count() == users


def test_the_service_creates_all_three_records_or_none(db):
    with pytest.raises(ValidationError):
        parent_register(
            username="ivan", password="Solnce-2026-dom", surname="Иванов", name="Иван", phone="???", email=""
        )
    assert not OutgoingMessage.objects.exists()  # nothing mailed for what was not made
    assert not User.objects.filter(username="ivan").exists()
    assert not Guardian.objects.filter(surname="Иванов").exists()
    user = parent_register(
        username="ivan",
        password="Solnce-2026-dom",
        surname="Иванов",
        name="Иван",
        phone="+7 900 000-00-00",
        email="ivan@example.org",
    )
    assert user.guardian.surname == "Иванов"
    assert roles_of(user) == {Role.PARENT}
    with pytest.raises(ValidationError):
        parent_register(
            username="IVAN", password="x", surname="Б", name="Б", phone="+7 900 000-00-01", email=""
        )


def test_an_offered_place_shows_its_deadline_and_the_way_to_answer(parent_client, parent):
    group = catalogue_group(places=1)
    application = ApplicationFactory(group=group, user=parent, status=Application.Status.WAITING)
    offers = offer_freed_places(group)
    assert [offer.application_id for offer in offers] == [application.pk]
    html = parent_client.get(CABINET).content.decode()
    assert 'data-testid="offer-deadline"' in html
    assert application.get_status_url() in html


def test_offers_do_not_add_queries_per_card(parent_client, parent, django_assert_max_num_queries):
    for _index in range(6):
        group = catalogue_group(places=1)
        ApplicationFactory(group=group, user=parent, status=Application.Status.WAITING)
        offer_freed_places(group)
    with django_assert_max_num_queries(11):
        html = parent_client.get(CABINET).content.decode()
    assert html.count('data-testid="offer-deadline"') == 6
