"""Destructive actions ask first, on a page of their own that works without JavaScript
(templates/includes/confirm.html): the action's URL answers GET with the confirmation, which
changes nothing, and POST with the action. Checked for each role and for another
organisation's objects (a 404 on the confirmation as on the action)."""

import re

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from centre.models import Consent, Guardianship, PersonalDataAccess
from centre.roles import Role
from mentoring.models import Pair
from projects.models import ProjectFile, ProjectPhoto
from tests.factories import GuardianFactory, LearnerFactory, OrganisationFactory, PersonFactory
from tests.mentoring.factories import make_pair
from tests.programs.factories import GroupFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

FORM = re.compile(
    r'<form method="post" action="(?P<action>[^"]+)" novalidate id="confirm-form">(?P<body>.*?)</form>', re.S
)


def confirmation(response, url):
    """The confirmation form of a page: it posts to the action's URL with the CSRF token and
    confirmed=1, with a way back; nothing on it needs a script."""
    html = response.content.decode()
    assert response.status_code == 200
    match = FORM.search(html)
    assert match, "no confirmation form"
    assert match["action"] == url
    body = match["body"]
    assert 'name="csrfmiddlewaretoken"' in body
    assert re.search(r'<button type="submit" name="confirmed" value="1"[^>]*id="confirm-button"', body)
    return html, body


def back_link(body):
    return re.search(r'href="([^"]+)" id="confirm-cancel"', body)[1]


# --- consent withdrawal ---------------------------------------------------------------------


def consent_of(organisation=None, kind=Consent.Kind.PUBLICATION):
    extra = {"organisation": organisation} if organisation else {}
    learner = LearnerFactory(**extra)
    guardian = GuardianFactory(**extra, surname="Светлова", name="Ирина")
    Guardianship.objects.create(guardian=guardian, learner=learner, relation=Guardianship.Relation.MOTHER)
    return Consent.objects.create(guardian=guardian, learner=learner, kind=kind)


def withdraw_url(consent):
    return reverse("staff_consent_withdraw", args=[consent.learner_id, consent.pk])


def test_the_confirmation_names_the_consent_and_its_consequence_and_changes_nothing(methodist_client):
    consent = consent_of()
    response = methodist_client.get(withdraw_url(consent))
    html, body = confirmation(response, withdraw_url(consent))
    assert back_link(body) == reverse("staff_learner", args=[consent.learner_id])
    assert response.context["consequence"] and escape(str(response.context["consequence"])) in html
    assert "Светлова Ирина" in html  # who gave it
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    # the page shows a child's and a parent's names: its opening is recorded like the card's
    assert PersonalDataAccess.objects.filter(object_id=str(consent.learner_id)).count() == 1


def test_each_kind_of_consent_says_its_own_consequence(methodist_client):
    publication = methodist_client.get(withdraw_url(consent_of())).context["consequence"]
    processing = methodist_client.get(withdraw_url(consent_of(kind=Consent.Kind.PROCESSING))).context[
        "consequence"
    ]
    assert publication and processing and publication != processing


def test_the_confirmed_post_withdraws(methodist_client):
    consent = consent_of()
    response = methodist_client.post(withdraw_url(consent), {"confirmed": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_learner", args=[consent.learner_id])
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_a_withdrawn_consent_is_not_asked_about_again(methodist_client):
    consent = consent_of()
    methodist_client.post(withdraw_url(consent), {"confirmed": "1"})
    response = methodist_client.get(withdraw_url(consent))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_learner", args=[consent.learner_id])


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [
        ("anonymous", 302),
        (Role.PARENT, 403),
        (Role.TEACHER, 403),
        (Role.COORDINATOR, 403),
        (Role.AUTHORITY, 403),
        (Role.METHODIST, 200),
        (Role.DIRECTOR, 200),
    ],
    indirect=["role_client"],
)
def test_who_may_see_the_confirmation_and_withdraw(role_client, expected):
    consent = consent_of()
    response = role_client.get(withdraw_url(consent))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
    posted = role_client.post(withdraw_url(consent), {"confirmed": "1"})
    consent.refresh_from_db()
    assert (consent.withdrawn_at is not None) == (expected == 200)
    assert posted.status_code == (302 if expected in (200, 302) else expected)


@pytest.mark.parametrize("role", [Role.METHODIST, Role.DIRECTOR])
def test_another_organisations_consent_is_not_found_on_either_step(client, make_user, role):
    consent = consent_of(OrganisationFactory(name="Дом творчества (чужой)"))
    client.force_login(make_user(role))
    assert client.get(withdraw_url(consent)).status_code == 404
    assert client.post(withdraw_url(consent), {"confirmed": "1"}).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert not PersonalDataAccess.objects.exists()


def test_a_consent_under_another_childs_card_is_not_found(methodist_client):
    consent, other = consent_of(), LearnerFactory()
    url = reverse("staff_consent_withdraw", args=[other.pk, consent.pk])
    assert methodist_client.get(url).status_code == 404
    assert methodist_client.post(url).status_code == 404


# --- a project's photos and files -----------------------------------------------------------


@pytest.fixture
def media(teacher):
    """A project of a club the teacher teaches, with a photo and a file."""
    group = GroupFactory(teacher=teacher.person)
    project = ProjectFactory(club=group.club, supervisor=teacher.person)
    photo = ProjectPhoto.objects.create(project=project, image="projects/photos/team.jpg", caption="Команда")
    item = ProjectFile(project=project, title="Презентация защиты")
    item.file.save("talk.pdf", ContentFile(b"%PDF-1.4 slides"), save=True)
    return project, photo, item


def photo_url(photo):
    return reverse("projects:photo_delete", args=[photo.project_id, photo.pk])


def file_url(item):
    return reverse("projects:file_delete", args=[item.project_id, item.pk])


def test_deleting_a_photo_asks_first_then_deletes(teacher_client, media):
    project, photo, _item = media
    response = teacher_client.get(photo_url(photo))
    html, body = confirmation(response, photo_url(photo))
    assert back_link(body) == reverse("projects:project_media", args=[project.pk])
    assert reverse("projects:photo", args=[photo.pk]) in html  # which photo
    assert ProjectPhoto.objects.filter(pk=photo.pk).exists()
    assert teacher_client.post(photo_url(photo), {"confirmed": "1"}).status_code == 302
    assert not ProjectPhoto.objects.filter(pk=photo.pk).exists()


def test_deleting_a_file_asks_first_naming_it_then_deletes(teacher_client, media):
    _project, _photo, item = media
    html, _body = confirmation(teacher_client.get(file_url(item)), file_url(item))
    assert "«Презентация защиты»" in html
    assert ProjectFile.objects.filter(pk=item.pk).exists()
    assert teacher_client.post(file_url(item), {"confirmed": "1"}).status_code == 302
    assert not ProjectFile.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        (Role.PARENT, 403),
        (Role.DIRECTOR, 403),
        (Role.COORDINATOR, 403),
        (Role.AUTHORITY, 403),
        (Role.METHODIST, 200),
        ("other teacher", 404),
    ],
)
def test_who_may_see_the_media_confirmations(client, make_user, media, role, expected):
    _project, photo, item = media
    if role == "other teacher":
        user = make_user(Role.TEACHER, username="teacher_next_door")
    elif role != "anonymous":
        user = make_user(role)
    if role != "anonymous":
        client.force_login(user)
    for url in (photo_url(photo), file_url(item)):
        assert client.get(url).status_code == expected
    assert (
        ProjectPhoto.objects.filter(pk=photo.pk).exists() and ProjectFile.objects.filter(pk=item.pk).exists()
    )


def test_another_organisations_photo_and_file_are_not_found(methodist_client):
    other = OrganisationFactory(name="Центр «Соседний»")
    group = GroupFactory(club__organisation=other, teacher=PersonFactory(organisation=other))
    project = ProjectFactory(club=group.club, supervisor=group.teacher)
    photo = ProjectPhoto.objects.create(project=project, image="projects/photos/their.jpg")
    item = ProjectFile(project=project, title="Их презентация")
    item.file.save("their.pdf", ContentFile(b"%PDF-1.4 theirs"), save=True)
    for url in (photo_url(photo), file_url(item)):
        assert methodist_client.get(url).status_code == 404
        assert methodist_client.post(url, {"confirmed": "1"}).status_code == 404
    assert (
        ProjectPhoto.objects.filter(pk=photo.pk).exists() and ProjectFile.objects.filter(pk=item.pk).exists()
    )


# --- a mentoring pair closed for good -------------------------------------------------------


def test_the_pair_status_page_says_first_that_closing_is_for_good(coordinator_client):
    pair = make_pair(mentor=PersonFactory(), mentees=[PersonFactory()])
    html = coordinator_client.get(reverse("mentoring:pair_status", args=[pair.pk])).content.decode()
    warning = html.index('id="pair-status-warning"')
    assert warning < html.index('name="status"')
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE


# --- the pattern itself ---------------------------------------------------------------------


class Reason(forms.Form):
    reason = forms.CharField(max_length=300)
    day = forms.DateField()


def render_confirm(**context):
    request = RequestFactory().get("/staff/things/7/delete/")
    source = '{% include "includes/confirm.html" %}'
    return Template(source).render(Context({"request": request, "question": "Удалить?", **context}))


def test_the_pattern_posts_to_its_own_page_by_default_with_a_red_button():
    html = render_confirm(confirm_label="Удалить", cancel_url="/staff/things/7/")
    assert 'action="/staff/things/7/delete/"' in html and "btn-danger" in html
    assert 'href="/staff/things/7/" id="confirm-cancel"' in html


def test_the_pattern_reposts_a_valid_forms_values_and_shows_a_reason_form():
    carried = Reason({"reason": "Переезд", "day": "2026-09-01"})
    assert carried.is_valid()
    html = render_confirm(carry=carried, form=forms.Form(), safe=True, confirm_label="Да")
    assert '<input type="hidden" name="reason" value="Переезд"' in html
    assert '<input type="hidden" name="day" value="2026-09-01"' in html
    assert "btn-primary" in html and "btn-danger" not in html
    failed = render_confirm(form=Reason({}), confirm_label="Да")
    assert 'name="reason"' in failed and "data-error-summary" in failed
