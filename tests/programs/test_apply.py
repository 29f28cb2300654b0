"""The application form, the confirmation and the private status page with withdrawal."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from centre.models import Guardianship
from programs.models import Application, Group
from programs.services import CONSENT_TEXT, application_accept, application_submit
from tests.factories import AcademicYearFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, ProgramFactory, catalogue_group
from tests.programs.helpers import application_data, birth_date_for, days, form_data

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent", "teacher", "methodist", "director"]


@pytest.fixture
def group():
    return catalogue_group(
        club=ClubFactory(name="Робоквантум", slug="robots"),
        program=ProgramFactory(title="Робототехника"),
        age_min=8,
        age_max=14,
        places=10,
    )


def apply_url(group):
    return reverse("programs:apply", kwargs={"slug": group.club.slug, "group_id": group.pk})


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_application_form_opens_for_every_role(role_client, group):
    response = role_client.get(apply_url(group))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="consent_processing"' in html
    assert str(CONSENT_TEXT) in html
    assert "Робоквантум" in html


def test_submitting_saves_the_application_and_redirects_to_the_confirmation(client, group):
    response = client.post(apply_url(group), form_data(group))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "programs:application_submitted", kwargs={"token": application.token}
    )
    assert application.status == Application.Status.NEW
    assert application.group == group
    assert application.child_surname == "Соколов"
    assert application.consent_processing is True
    assert application.consent_text == CONSENT_TEXT
    assert application.user is None
    page = client.get(response["Location"])
    html = page.content.decode()
    # the receipt names the child by the first name only: its link alone opens it
    assert '<strong id="application-child">Миша</strong>' in html
    assert f"http://testserver{application.get_status_url()}" in html
    # the number is on the status page the private link opens, and on this page reopened
    # later (the confirmation right after the form is the same for a duplicate: no number)
    assert application.number.startswith("З-")
    assert application.number in client.get(application.get_status_url()).content.decode()
    client.cookies.clear()
    assert application.number in client.get(response["Location"]).content.decode()


def test_the_consent_checkbox_is_required_and_typed_values_stay(client, group):
    response = client.post(apply_url(group), form_data(group, consent_processing=None))
    assert response.status_code == 200
    assert Application.objects.count() == 0
    form = response.context["form"]
    assert list(form.errors) == ["consent_processing"]
    html = response.content.decode()
    for value in ("Соколов", "Андреевич", "Ирина", "+7 (913) 777-12-34", "irina@example.org", "Lego"):
        assert value in html, value
    assert birth_date_for(group).isoformat() in html


def test_empty_form_gives_russian_errors_and_saves_nothing(client, group):
    response = client.post(apply_url(group), {})
    assert response.status_code == 200
    assert Application.objects.count() == 0
    errors = response.context["form"].errors
    for field in ("child_surname", "child_name", "child_birth_date", "guardian_surname", "guardian_phone"):
        assert errors[field] == ["Обязательное поле."], field
    assert "consent_processing" in errors


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"guardian_phone": "позвоните мне"}, "guardian_phone"),
        ({"guardian_email": "not-an-email"}, "guardian_email"),
        ({"child_birth_date": "31.02.2015"}, "child_birth_date"),
        ({"child_surname": "Я" * 101}, "child_surname"),
        ({"comment": "слово " * 300}, "comment"),
    ],
)
def test_bad_values_are_refused_field_by_field(client, group, overrides, field):
    response = client.post(apply_url(group), form_data(group, **overrides))
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert field in response.context["form"].errors


def test_a_child_of_the_wrong_age_is_refused_by_the_models_rule(client, group):
    too_young = birth_date_for(group, age=5).isoformat()
    response = client.post(apply_url(group), form_data(group, child_birth_date=too_young))
    assert Application.objects.count() == 0
    errors = response.context["form"].errors["child_birth_date"]
    assert any("8" in error and "14" in error for error in errors)


def test_a_birth_date_in_the_future_is_refused(client, group):
    response = client.post(apply_url(group), form_data(group, child_birth_date=days(5).isoformat()))
    assert Application.objects.count() == 0
    assert "child_birth_date" in response.context["form"].errors


def test_a_second_live_application_for_the_same_child_gets_the_answer_of_a_new_one_and_stores_nothing(
    client, group
):
    """No oracle (issue 13): the form must not tell anyone knowing a child's name and birth
    date that this child has already applied to this group. A duplicate is answered as a new
    application — the same redirect, the same confirmation page — and stores nothing; its
    page and private link show nothing of the existing application."""
    first = client.post(apply_url(group), form_data(group))
    existing = Application.objects.get()
    again = form_data(
        group,
        child_surname="СОКОЛОВ",
        child_patronymic="",
        guardian_surname="Чужая",
        guardian_phone="+7 (913) 000-00-00",
        comment="",
    )
    other = Client()
    response = other.post(apply_url(group), again)
    assert Application.objects.count() == 1
    assert Application.history.count() == 1
    existing.refresh_from_db()
    assert (existing.child_surname, existing.guardian_phone) == ("Соколов", "+7 (913) 777-12-34")
    # the same shape of answer as the first one's: a redirect to a confirmation of a new token
    assert (response.status_code, first.status_code) == (302, 302)
    pattern = re.compile(r"^/applications/[0-9a-f-]{36}/submitted/$")
    assert pattern.match(response["Location"]) and pattern.match(first["Location"])
    assert str(existing.token) not in response["Location"]
    assert set(response.cookies) == set(first.cookies)
    page = other.get(response["Location"])
    assert page.status_code == 200
    assert page.templates[0].name == "programs/public/submitted.html"
    html = page.content.decode()
    assert '<strong id="application-child">Миша</strong>' in html  # only what this visitor typed
    for secret in (existing.number, str(existing.token), "Андреевич", "Ирина", "777-12-34", "Lego"):
        assert secret not in html, secret
    assert "уже подана" not in html
    # a new application's confirmation in a fresh browser has the same parts
    fresh = Client()
    fresh_page = fresh.get(fresh.post(apply_url(group), form_data(group, child_name="Гоша"))["Location"])
    assert _parts(fresh_page) == _parts(page)


def _parts(page) -> list[str]:
    """The ids of a page's elements: its structure, whatever the values."""
    return re.findall(r'id="([^"]+)"', page.content.decode())


def test_after_withdrawal_the_child_may_apply_again(client, group):
    client.post(apply_url(group), form_data(group))
    Application.objects.update(status=Application.Status.WITHDRAWN)
    response = client.post(apply_url(group), form_data(group))
    assert response.status_code == 302
    assert Application.objects.count() == 2


def test_a_full_group_says_so_and_the_application_goes_to_the_waiting_list(client, group):
    Group.objects.filter(pk=group.pk).update(places=2, enrolled_count=2)
    page = client.get(apply_url(group))
    assert 'id="enrolment-problem"' in page.content.decode()
    assert page.context["problem"]
    response = client.post(apply_url(group), form_data(group))
    assert response.status_code == 302
    assert Application.objects.get().status == Application.Status.WAITING


def test_a_closed_window_is_explained_with_the_date_and_goes_to_the_waiting_list(client, group):
    Group.objects.filter(pk=group.pk).update(enrol_from=days(-60), enrol_until=days(-3))
    html = client.get(apply_url(group)).content.decode()
    assert date_format(days(-3)) in html
    client.post(apply_url(group), form_data(group))
    assert Application.objects.get().status == Application.Status.WAITING


def test_a_window_not_yet_open_names_the_opening_date(client, group):
    Group.objects.filter(pk=group.pk).update(enrol_from=days(10), enrol_until=days(40))
    html = client.get(apply_url(group)).content.decode()
    assert date_format(days(10)) in html
    client.post(apply_url(group), form_data(group))
    assert Application.objects.get().status == Application.Status.WAITING


def test_a_group_outside_the_catalogue_or_of_another_club_is_404(client, group):
    draft = catalogue_group(program=ProgramFactory(draft=True))
    assert client.get(apply_url(draft)).status_code == 404
    assert client.post(apply_url(draft), form_data(draft)).status_code == 404
    other = catalogue_group()
    wrong = reverse("programs:apply", kwargs={"slug": group.club.slug, "group_id": other.pk})
    assert client.get(wrong).status_code == 404
    assert client.post(wrong, form_data(other)).status_code == 404
    past = catalogue_group(academic_year=AcademicYearFactory(label="2001/2002"))
    assert client.get(apply_url(past)).status_code == 404
    assert client.post(apply_url(past), form_data(past)).status_code == 404
    assert Application.objects.count() == 0


def test_a_logged_in_parent_gets_their_details_prefilled_and_the_application_linked(
    parent_client, parent, group
):
    guardian = parent.guardian
    html = parent_client.get(apply_url(group)).content.decode()
    assert f'value="{guardian.surname}"' in html
    assert f'value="{guardian.phone}"' in html
    parent_client.post(apply_url(group), form_data(group))
    assert Application.objects.get().user == parent


def test_a_staff_member_applying_is_not_linked_as_a_parent(methodist_client, group):
    methodist_client.post(apply_url(group), form_data(group))
    assert Application.objects.get().user is None


def test_the_form_page_query_count_is_small(parent_client, group, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        parent_client.get(apply_url(group))


def test_the_form_pages_club_venue_and_lessons_come_from_the_cache_and_places_are_live(
    client, group, django_assert_num_queries
):
    client.get(apply_url(group))
    with django_assert_num_queries(1):
        page = client.get(apply_url(group))
    html = page.content.decode()
    assert group.name in html and group.venue.name in html and "15:00" in html
    assert 'id="enrolment-problem"' not in html
    Group.objects.filter(pk=group.pk).update(places=2, enrolled_count=2)
    with django_assert_num_queries(1):
        html = client.get(apply_url(group)).content.decode()
    assert 'id="enrolment-problem"' in html
    assert "Свободных мест: 0 из 2" in html


def test_a_submission_is_checked_against_the_live_group_not_the_cached_page(client, group):
    assert 'id="enrolment-problem"' not in client.get(apply_url(group)).content.decode()
    Group.objects.filter(pk=group.pk).update(places=2, enrolled_count=2)
    assert client.post(apply_url(group), form_data(group)).status_code == 302
    assert Application.objects.get().status == Application.Status.WAITING

    group.program.status = group.program.Status.DRAFT
    group.program.save()
    assert client.post(apply_url(group), form_data(group, child_name="Петя")).status_code == 404
    assert Application.objects.count() == 1


def test_a_submission_makes_few_queries(client, group, django_assert_max_num_queries):
    client.get(apply_url(group))
    with django_assert_max_num_queries(6):
        assert client.post(apply_url(group), form_data(group)).status_code == 302


# --- confirmation and status ---------------------------------------------------------------


def status_url(application):
    return reverse("programs:application_status", kwargs={"token": application.token})


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_status_page_opens_by_token_for_everyone_with_the_link(role_client, group):
    application = ApplicationFactory(group=group)
    response = role_client.get(status_url(application))
    assert response.status_code == 200
    assert application.number in response.content.decode()


def test_status_page_shows_status_group_and_child_name_but_no_other_personal_data(client, group):
    application = ApplicationFactory(
        group=group, child_surname="Белов", child_name="Иван", guardian_phone="+7 (913) 111-22-33"
    )
    html = client.get(status_url(application)).content.decode()
    assert 'data-status="new"' in html
    assert "Иван" in html and "Белов" not in html  # the first name only: a link can be forwarded
    assert "Робоквантум" in html and group.name in html
    assert "+7 (913) 111-22-33" not in html
    assert application.guardian_email not in html
    for form in (application.child_birth_date.isoformat(), application.child_birth_date.strftime("%d.%m.%Y")):
        assert form not in html
    assert date_format(application.child_birth_date) not in html
    assert 'name="robots" content="noindex' in html


def test_status_page_of_a_rejected_application_gives_the_reason(client, group):
    application = ApplicationFactory(
        group=group, status=Application.Status.REJECTED, reject_reason="Группа для другого уровня."
    )
    html = client.get(status_url(application)).content.decode()
    assert 'data-status="rejected"' in html
    assert "Группа для другого уровня." in html
    assert 'id="withdraw-form"' not in html


def test_an_unknown_token_is_404(client):
    url = reverse("programs:application_status", kwargs={"token": uuid.uuid4()})
    assert client.get(url).status_code == 404
    assert client.get("/applications/123/").status_code == 404


def test_status_page_query_count(client, group, django_assert_max_num_queries):
    application = ApplicationFactory(group=group)
    with django_assert_max_num_queries(6):
        client.get(status_url(application))


def withdraw_url(application):
    return reverse("programs:application_withdraw", kwargs={"token": application.token})


def test_the_parent_withdraws_by_the_private_link(client, group):
    application = ApplicationFactory(group=group)
    response = client.post(withdraw_url(application), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == status_url(application)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    html = client.get(status_url(application)).content.decode()
    assert 'data-status="withdrawn"' in html
    assert 'id="withdraw-form"' not in html


def test_withdrawal_needs_the_confirmation_tick_and_a_post(client, group):
    application = ApplicationFactory(group=group)
    response = client.post(withdraw_url(application), {})
    assert response.status_code == 200
    assert "confirm" in response.context["withdraw_form"].errors
    assert client.get(withdraw_url(application)).status_code == 405
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_withdrawing_twice_is_explained_and_changes_nothing(client, group):
    application = ApplicationFactory(group=group, status=Application.Status.WITHDRAWN)
    response = client.post(withdraw_url(application), {"confirm": "on"})
    assert response.status_code == 200
    assert response.context["withdraw_form"].non_field_errors()
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_withdrawing_an_enrolled_child_frees_the_place(client, group, methodist):
    application = ApplicationFactory(group=group)
    application_accept(application=application, by=methodist)
    group.refresh_from_db()
    assert group.enrolled_count == 1
    assert 'data-status="accepted"' in client.get(status_url(application)).content.decode()
    client.post(withdraw_url(application), {"confirm": "on"})
    group.refresh_from_db()
    assert group.enrolled_count == 0


def test_the_database_refuses_a_duplicate_with_its_constraints_own_message(group):
    """The service leaves the constraints to PostgreSQL (no checking queries first) and turns
    the violation into the constraint's message; the first application stays alone."""
    data = application_data(child_birth_date=birth_date_for(group))
    application_submit(group=group, data=data)
    with pytest.raises(ValidationError) as refused:
        application_submit(group=group, data={**data, "child_surname": data["child_surname"].upper()})
    constraint = next(
        c for c in Application._meta.constraints if c.name == "programs_application_one_live_per_child"
    )
    assert refused.value.messages == [str(constraint.violation_error_message)]
    assert Application.objects.filter(group=group).count() == 1


# --- who the applicant is to the child (issue 15) -------------------------------------------


def test_the_application_records_who_the_applicant_is_to_the_child(client, group):
    response = client.post(apply_url(group), form_data(group, guardian_relation="father"))
    assert response.status_code == 302
    assert Application.objects.get().guardian_relation == "father"


def test_a_relation_outside_the_list_is_refused_and_nothing_saved(client, group):
    response = client.post(apply_url(group), form_data(group, guardian_relation="neighbour"))
    assert response.status_code == 200
    assert "guardian_relation" in response.context["form"].errors
    assert 'value="Соколова"' in response.content.decode()
    assert not Application.objects.exists()


def test_a_parent_gets_their_relation_filled_in(parent_client, parent, group):
    parent.guardian.relation = "mother"
    parent.guardian.save()
    html = parent_client.get(apply_url(group)).content.decode()
    assert '<option value="mother" selected>' in html


def test_accepting_keeps_the_relation_on_the_link(client, group, methodist):
    client.post(apply_url(group), form_data(group, guardian_relation="mother"))
    application_accept(application=Application.objects.get(), by=methodist)
    assert Guardianship.objects.get().relation == "mother"  # not «опекун» any more
