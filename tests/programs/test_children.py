"""«Мои дети»: a parent adds a child once (name, birth date, optional certificate), edits and
removes them, and chooses them on the application form; only their own, only parents."""

import datetime

import pytest
from django.urls import reverse

from centre.erasure import learner_erase
from centre.models import Child, Relation
from programs.models import Application
from programs.services import application_accept
from programs.services.parents import MAX_CHILDREN, child_save
from tests.factories import GuardianFactory
from tests.programs.factories import catalogue_group
from tests.programs.helpers import birth_date_for, form_data

pytestmark = pytest.mark.django_db

CHILDREN = reverse("programs:children")
ADD = reverse("programs:child_add")


def child_data(**overrides):
    data = {
        "surname": "Петров",
        "name": "Миша",
        "patronymic": "Андреевич",
        "birth_date": "2015-03-08",
        "certificate_number": "5400123456",
        "relation": Relation.MOTHER,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_child(guardian, **overrides):
    values = {"surname": "Петров", "name": "Миша", "birth_date": datetime.date(2015, 3, 8), **overrides}
    return Child.objects.create(guardian=guardian, **values)


def edit_url(child):
    return reverse("programs:child_edit", kwargs={"pk": child.pk})


def remove_url(child):
    return reverse("programs:child_remove", kwargs={"pk": child.pk})


# --- add, edit, remove ----------------------------------------------------------------------


def test_a_parent_adds_a_child_and_sees_them_in_the_list_and_the_cabinet(parent_client, parent):
    response = parent_client.post(ADD, child_data())
    assert response.status_code == 302
    assert response["Location"] == CHILDREN
    child = Child.objects.get()
    assert child.guardian == parent.guardian
    assert (child.surname, child.name, child.birth_date) == ("Петров", "Миша", datetime.date(2015, 3, 8))
    assert child.certificate_number == "5400123456"
    assert child.relation == Relation.MOTHER
    assert "Петров Миша Андреевич" in parent_client.get(CHILDREN).content.decode()
    cabinet = parent_client.get(reverse("programs:cabinet")).content.decode()
    assert 'data-testid="own-child"' in cabinet and edit_url(child) in cabinet


def test_the_same_child_twice_is_refused_with_a_russian_message(parent_client, parent):
    make_child(parent.guardian)
    response = parent_client.post(ADD, child_data(surname="ПЕТРОВ", name=" миша"))
    assert response.status_code == 200
    assert "Этот ребёнок уже есть в вашем списке." in response.content.decode()
    assert Child.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"surname": ""}, "surname", "Обязательное поле."),
        ({"birth_date": "2999-01-01"}, "birth_date", "Дата рождения не может быть в будущем."),
        ({"birth_date": "1980-01-01"}, "birth_date", "Дата рождения слишком"),
        ({"birth_date": "08.03"}, "birth_date", None),
        ({"certificate_number": "54-00"}, "certificate_number", "Номер сертификата"),
        ({"certificate_number": "1" * 21}, "certificate_number", None),
        ({"relation": "aunt"}, "relation", None),
        ({"name": "М" * 101}, "name", None),
    ],
)
def test_bad_input_keeps_what_was_typed_and_saves_nothing(parent_client, overrides, field, message):
    response = parent_client.post(ADD, child_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    if message:
        assert any(error.startswith(message) for error in form.errors[field]), form.errors[field]
    assert all(any("а" <= ch <= "я" for ch in error.lower()) for error in form.errors[field])  # Russian
    assert 'value="Андреевич"' in response.content.decode()
    assert not Child.objects.exists()


def test_a_parent_edits_their_child(parent_client, parent):
    child = make_child(parent.guardian)
    response = parent_client.post(edit_url(child), child_data(name="Михаил", certificate_number=""))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.name == "Михаил" and child.certificate_number == ""


def test_a_bad_edit_changes_nothing(parent_client, parent):
    child = make_child(parent.guardian)
    response = parent_client.post(edit_url(child), child_data(name="Михаил", birth_date="2999-01-01"))
    assert response.status_code == 200
    child.refresh_from_db()
    assert child.name == "Миша"


def test_removing_asks_first_then_removes_and_keeps_the_applications(parent_client, parent):
    child = make_child(parent.guardian)
    group = catalogue_group()
    parent_client.post(
        reverse("programs:apply", kwargs={"slug": group.club.slug, "group_id": group.pk}),
        form_data(group, child=child.pk, child_birth_date=birth_date_for(group).isoformat()),
    )
    application = Application.objects.get()
    assert application.child == child
    page = parent_client.get(remove_url(child))
    assert page.status_code == 200
    assert 'id="confirm-form"' in page.content.decode()
    assert Child.objects.filter(pk=child.pk).exists()  # the page changes nothing
    response = parent_client.post(remove_url(child), {"confirmed": "1"})
    assert response.status_code == 302
    assert not Child.objects.filter(pk=child.pk).exists()
    application.refresh_from_db()
    assert application.child is None and application.child_surname == "Соколов"


def test_the_list_is_bounded(parent, db):
    for index in range(MAX_CHILDREN):
        make_child(parent.guardian, name=f"Ребёнок{index}")
    with pytest.raises(Exception, match="до 20"):
        child_save(
            user=parent,
            data={"surname": "Лишний", "name": "Ребёнок", "birth_date": datetime.date(2015, 1, 1)},
        )
    assert Child.objects.count() == MAX_CHILDREN


def test_children_list_query_count_does_not_grow(parent_client, parent, django_assert_max_num_queries):
    for index in range(15):
        make_child(parent.guardian, name=f"Ребёнок{index}")
    with django_assert_max_num_queries(8):
        response = parent_client.get(CHILDREN)
    assert response.content.decode().count('data-testid="own-child"') == 15


# --- whose children, who may -------------------------------------------------------------------


def test_another_parents_child_is_not_found(parent_client):
    other = make_child(GuardianFactory())
    assert parent_client.get(edit_url(other)).status_code == 404
    assert parent_client.post(edit_url(other), child_data(name="Чужой")).status_code == 404
    assert parent_client.post(remove_url(other), {"confirmed": "1"}).status_code == 404
    other.refresh_from_db()
    assert other.name == "Миша"
    assert "Миша" not in parent_client.get(CHILDREN).content.decode()


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("parent", 200), ("teacher", 403), ("methodist", 403), ("director", 403)],
    indirect=["role_client"],
)
@pytest.mark.parametrize("url", [CHILDREN, ADD])
def test_children_pages_for_every_role(role_client, status, url):
    assert role_client.get(url).status_code == status


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("methodist", 403), ("teacher", 403)],
    indirect=["role_client"],
)
def test_staff_cannot_touch_a_parents_child(role_client, status, parent):
    child = make_child(parent.guardian)
    assert role_client.post(edit_url(child), child_data(name="Чужой")).status_code == status
    assert role_client.post(remove_url(child), {"confirmed": "1"}).status_code == status
    assert role_client.post(ADD, child_data(name="Новый")).status_code == status
    assert Child.objects.get().name == "Миша"


def test_an_administrator_has_no_list(client, admin_user):
    client.force_login(admin_user)
    assert client.get(CHILDREN).status_code == 403


# --- chosen on the application form --------------------------------------------------------------


def apply_url(group):
    return reverse("programs:apply", kwargs={"slug": group.club.slug, "group_id": group.pk})


def test_choosing_a_child_fills_the_form_and_the_fields_stay_editable(parent_client, parent):
    group = catalogue_group()
    child = make_child(parent.guardian, birth_date=birth_date_for(group), relation=Relation.FATHER)
    page = parent_client.get(apply_url(group)).content.decode()
    assert 'data-testid="choose-child"' in page and f"?child={child.pk}" in page
    assert 'value="Петров"' not in page  # nothing filled before choosing
    filled = parent_client.get(apply_url(group) + f"?child={child.pk}").content.decode()
    assert 'name="child_surname"' in filled and 'value="Петров"' in filled
    assert f'value="{birth_date_for(group).isoformat()}"' in filled
    assert f'name="child" value="{child.pk}"' in filled
    assert '<option value="father" selected>' in filled
    # the parent corrects the patronymic typed on the form: the application keeps what was sent
    response = parent_client.post(
        apply_url(group),
        form_data(
            group,
            child=child.pk,
            child_surname="Петров",
            child_name="Миша",
            child_patronymic="Ильич",
            guardian_relation=Relation.FATHER,
        ),
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.child == child
    assert application.child_patronymic == "Ильич"
    assert application.guardian_relation == Relation.FATHER
    assert application.user == parent


def test_another_parents_child_cannot_be_named_on_the_form(parent_client, parent):
    group = catalogue_group()
    make_child(parent.guardian, name="Свой")
    other = make_child(GuardianFactory())
    filled = parent_client.get(apply_url(group) + f"?child={other.pk}").content.decode()
    assert f'value="{other.pk}"' not in filled or f'name="child" value="{other.pk}"' not in filled
    response = parent_client.post(apply_url(group), form_data(group, child=other.pk))
    assert response.status_code == 200
    assert "Выберите ребёнка из своего списка." in response.content.decode()
    assert not Application.objects.exists()


def test_an_anonymous_visitor_gets_no_chooser_and_the_child_field_is_ignored(client):
    group = catalogue_group()
    other = make_child(GuardianFactory())
    assert 'data-testid="choose-child"' not in client.get(apply_url(group)).content.decode()
    assert client.post(apply_url(group), form_data(group, child=other.pk)).status_code == 302
    assert Application.objects.get().child is None


# --- erased with the child ---------------------------------------------------------------------


def test_erasing_a_child_removes_it_from_its_parents_own_list_only(parent, methodist):
    group = catalogue_group()
    birth = birth_date_for(group)
    own = make_child(parent.guardian, surname="Карпов", name="Глеб", birth_date=birth)
    sibling = make_child(parent.guardian, surname="Карпова", name="Вера", birth_date=birth)
    namesake = make_child(GuardianFactory(), surname="Карпов", name="Глеб", birth_date=birth)
    application = Application.objects.create(
        group=group,
        user=parent,
        child=own,
        child_surname="Карпов",
        child_name="Глеб",
        child_birth_date=birth,
        guardian_surname="Родителева",
        guardian_name="Мария",
        guardian_phone=parent.guardian.phone,
        consent_processing=True,
        consent_text="согласие",
    )
    application_accept(application=application, by=methodist)
    learner = Application.objects.get(pk=application.pk).learner
    request = type("Request", (), {"user": methodist, "path": "/"})()
    erasure = learner_erase(learner=learner, request=request, reason="заявление")
    assert not Child.objects.filter(pk=own.pk).exists()
    assert Child.objects.filter(pk__in=[sibling.pk, namesake.pk]).count() == 2
    assert erasure.children == 1
