"""A parent's account owns its data: registration asks the relation, the e-mail is confirmed by
a signed link (queued through centre.notify), and only then the applications sent before with
that e-mail attach to the account."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.urls import reverse

from centre.models import Guardian, OutgoingMessage, Relation
from programs.models import Application
from programs.services.parents import CONFIRM_DAYS, confirmation_token, email_confirm
from tests.programs.factories import ApplicationFactory, catalogue_group

pytestmark = pytest.mark.django_db

REGISTER = reverse("programs:register")
CABINET = reverse("programs:cabinet")
RESEND = reverse("programs:confirm_email_resend")
User = get_user_model()


def registration(**overrides):
    data = {
        "surname": "Петрова",
        "name": "Анна",
        "patronymic": "Игоревна",
        "relation": Relation.MOTHER,
        "phone": "+7 (913) 555-77-88",
        "email": "Anna@Example.org",
        "username": "anna",
        "password1": "Solnce-2026-dom",
        "password2": "Solnce-2026-dom",
    }
    data.update(overrides)
    return data


def confirmation_link(message: OutgoingMessage) -> str:
    match = re.search(r"https?://\S+/cabinet/confirm/(\S+)/", message.text)
    assert match, message.text
    return reverse("programs:confirm_email", kwargs={"token": match.group(1)})


def confirmation_message() -> OutgoingMessage:
    return OutgoingMessage.objects.get(key__startswith="confirm-email:")


# --- registration ---------------------------------------------------------------------------


def test_registration_records_the_relation_and_mails_the_confirmation_link(client):
    response = client.post(REGISTER, registration())
    assert response.status_code == 302
    guardian = Guardian.objects.get(user__username="anna")
    assert guardian.relation == Relation.MOTHER
    assert guardian.email_confirmed_at is None
    message = confirmation_message()
    assert message.to == "Anna@Example.org"
    assert "Подтвердите" in message.subject  # Russian, as every text to a parent
    assert "Анна" in message.text and "/cabinet/confirm/" in message.html
    # the cabinet says the e-mail waits for confirmation and offers a new link
    html = client.get(CABINET).content.decode()
    assert 'id="confirm-email-notice"' in html and RESEND in html


def test_registration_without_the_relation_is_refused_in_russian_and_saves_nothing(client):
    response = client.post(REGISTER, registration(relation=""))
    assert response.status_code == 200
    assert response.context["form"].errors["relation"][0].startswith("Укажите, кем вы приходитесь")
    assert 'value="Петрова"' in response.content.decode()  # what was typed is kept
    assert not User.objects.filter(username="anna").exists()
    assert not OutgoingMessage.objects.exists()


def test_a_relation_outside_the_list_is_refused(client):
    response = client.post(REGISTER, registration(relation="aunt"))
    assert "relation" in response.context["form"].errors
    assert not Guardian.objects.filter(surname="Петрова").exists()


# --- confirming the e-mail --------------------------------------------------------------------


def test_nothing_is_attached_before_the_confirmation_and_everything_after(client):
    group = catalogue_group()
    before = ApplicationFactory(group=group, guardian_email="anna@example.org")
    other = ApplicationFactory(group=group, guardian_email="someone@example.org")
    client.post(REGISTER, registration())
    before.refresh_from_db()
    assert before.user is None  # registering with an e-mail proves nothing yet
    assert before.number not in client.get(CABINET).content.decode()

    response = Client().get(confirmation_link(confirmation_message()))  # any browser: the mail
    assert response.status_code == 200
    assert 'id="confirm-done"' in response.content.decode()
    assert 'id="confirm-attached"' in response.content.decode()
    before.refresh_from_db()
    other.refresh_from_db()
    user = User.objects.get(username="anna")
    assert before.user == user  # the e-mail in any case
    assert other.user is None
    assert Guardian.objects.get(user=user).email_confirmed_at is not None
    html = client.get(CABINET).content.decode()
    assert before.number in html and other.number not in html
    assert 'id="confirm-email-notice"' not in html


def test_an_application_of_another_account_is_never_taken(client, parent):
    taken = ApplicationFactory(group=catalogue_group(), guardian_email="anna@example.org", user=parent)
    client.post(REGISTER, registration())
    client.get(confirmation_link(confirmation_message()))
    taken.refresh_from_db()
    assert taken.user == parent


def test_a_link_opened_twice_is_harmless(client):
    client.post(REGISTER, registration())
    link = confirmation_link(confirmation_message())
    assert client.get(link).status_code == 200
    guardian = Guardian.objects.get(user__username="anna")
    confirmed = guardian.email_confirmed_at
    assert 'id="confirm-done"' in client.get(link).content.decode()
    guardian.refresh_from_db()
    assert guardian.email_confirmed_at == confirmed


@pytest.mark.parametrize("kind", ["forged", "expired", "old_email"])
def test_a_bad_link_confirms_nothing_and_says_why_in_russian(client, kind, monkeypatch):
    ApplicationFactory(group=catalogue_group(), guardian_email="anna@example.org")
    client.post(REGISTER, registration())
    guardian = Guardian.objects.get(user__username="anna")
    token = confirmation_token(guardian)
    if kind == "forged":
        token = signing.dumps({"u": guardian.user_id, "e": "anna@example.org"}, salt="another-salt")
    elif kind == "expired":
        later = time.time() + (CONFIRM_DAYS * 24 + 1) * 3600
        monkeypatch.setattr(time, "time", lambda: later)
    else:
        guardian.email = "new@example.org"
        guardian.save()
    response = Client().get(reverse("programs:confirm_email", kwargs={"token": token}))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="confirm-error"' in html
    assert "ссылк" in html.lower()
    guardian.refresh_from_db()
    assert guardian.email_confirmed_at is None
    assert not Application.objects.filter(user__isnull=False).exists()


def test_the_service_attaches_and_counts(db, client):
    ApplicationFactory(group=catalogue_group(), guardian_email="ANNA@example.org")
    ApplicationFactory(group=catalogue_group(), guardian_email="anna@example.org")
    client.post(REGISTER, registration())
    guardian, attached = email_confirm(token=confirmation_token(Guardian.objects.get(user__username="anna")))
    assert attached == 2
    assert Application.objects.filter(user=guardian.user).count() == 2


# --- a new link ---------------------------------------------------------------------------------


def test_the_parent_asks_for_a_new_link(client):
    client.post(REGISTER, registration())
    OutgoingMessage.objects.all().delete()
    response = client.post(RESEND)
    assert response.status_code == 302
    assert confirmation_message().to == "Anna@Example.org"


def test_no_new_link_once_confirmed(client):
    client.post(REGISTER, registration())
    client.get(confirmation_link(confirmation_message()))
    OutgoingMessage.objects.all().delete()
    client.post(RESEND)
    assert not OutgoingMessage.objects.exists()


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("teacher", 403), ("methodist", 403), ("director", 403)],
    indirect=["role_client"],
)
def test_only_a_parent_asks_for_a_new_link(role_client, status):
    assert role_client.post(RESEND).status_code == status
    assert not OutgoingMessage.objects.exists()


def test_a_new_link_needs_a_post(parent_client):
    assert parent_client.get(RESEND).status_code == 405


@pytest.mark.parametrize("role_client", ["anonymous", "parent", "methodist"], indirect=True)
def test_the_confirmation_page_opens_for_everyone_with_a_bad_token(role_client):
    response = role_client.get(reverse("programs:confirm_email", kwargs={"token": "nonsense"}))
    assert response.status_code == 200
    assert 'id="confirm-error"' in response.content.decode()


# --- the phone confirmed by an SMS code ----------------------------------------------------------

PHONE = reverse("programs:confirm_phone")


def sms_code() -> str:
    message = OutgoingMessage.objects.get(channel=OutgoingMessage.Channel.SMS, key__startswith="phone-code:")
    return re.search(r"\b(\d{6})\b", message.text).group(1)


def test_a_phone_confirmed_by_the_sms_code_attaches_the_applications_sent_with_it(parent_client, parent):
    parent.guardian.phone = "+7 (913) 555-44-33"
    parent.guardian.save()
    group = catalogue_group()
    typed_otherwise = ApplicationFactory(group=group, guardian_phone="8 913 555 44 33")
    other = ApplicationFactory(group=group, guardian_phone="+7 (913) 555-44-34")
    assert parent_client.get(PHONE).status_code == 200
    assert not OutgoingMessage.objects.exists()  # opening the page sends nothing
    response = parent_client.post(PHONE, {"send": "1"})
    assert 'id="code-sent"' in response.content.decode()
    message = OutgoingMessage.objects.get()
    assert message.to == "79135554433" and "код" in message.text.lower()
    typed_otherwise.refresh_from_db()
    assert typed_otherwise.user is None  # nothing attached before the code
    response = parent_client.post(PHONE, {"code": sms_code()})
    assert response.status_code == 302
    typed_otherwise.refresh_from_db()
    other.refresh_from_db()
    assert typed_otherwise.user == parent
    assert other.user is None


@pytest.mark.parametrize("code", ["000000", "", "12"])
def test_a_wrong_code_attaches_nothing_and_says_so_in_russian(parent_client, parent, code):
    application = ApplicationFactory(group=catalogue_group(), guardian_phone=parent.guardian.phone)
    parent_client.post(PHONE, {"send": "1"})
    if code == "000000" and sms_code() == code:
        code = "000001"
    response = parent_client.post(PHONE, {"code": code})
    assert response.status_code == 200
    error = response.context["form"].errors["code"][0]
    assert error.startswith(("Код неверный", "Введите шесть цифр"))
    application.refresh_from_db()
    assert application.user is None


def test_after_too_many_wrong_codes_even_the_right_one_is_refused(parent_client, parent):
    application = ApplicationFactory(group=catalogue_group(), guardian_phone=parent.guardian.phone)
    parent_client.post(PHONE, {"send": "1"})
    right = sms_code()
    wrong = "111111" if right != "111111" else "222222"
    for _attempt in range(5):
        parent_client.post(PHONE, {"code": wrong})
    response = parent_client.post(PHONE, {"code": right})
    assert "Слишком много" in response.content.decode()
    application.refresh_from_db()
    assert application.user is None


def test_a_code_for_another_phone_does_not_work(parent_client, parent):
    application = ApplicationFactory(group=catalogue_group(), guardian_phone="+7 900 123-45-67")
    parent_client.post(PHONE, {"send": "1"})
    code = sms_code()
    parent.guardian.phone = "+7 900 123-45-67"  # changed after the code was sent
    parent.guardian.save()
    parent_client.post(PHONE, {"code": code})
    application.refresh_from_db()
    assert application.user is None


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("teacher", 403), ("methodist", 403), ("director", 403)],
    indirect=["role_client"],
)
def test_only_a_parent_confirms_a_phone(role_client, status):
    assert role_client.get(PHONE).status_code == status
    assert role_client.post(PHONE, {"send": "1"}).status_code == status
    assert not OutgoingMessage.objects.exists()
