"""The people chooser (centre.choosers): a search and a short list instead of a select of
every child of the country."""

import datetime
import re

import pytest
from django import forms
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from centre import choosers
from centre.choosers import LIMIT, SEARCH, PersonChoiceField, PersonMultipleChoiceField, RecordChoiceField
from centre.models import Learner, Person
from centre.roles import Role
from programs.models import Club, Enrolment
from tests.factories import LearnerFactory, OrganisationFactory, PersonFactory
from tests.programs.factories import GroupFactory

pytestmark = pytest.mark.django_db


class ChildForm(forms.Form):
    child = PersonChoiceField(label="Ребёнок", queryset=Learner.objects.none())
    note = forms.CharField(label="Заметка")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = Learner.objects.for_user(user, write=True)
        choosers.show_personal(self, user)


class TeamForm(forms.Form):
    children = PersonMultipleChoiceField(label="Дети", queryset=Learner.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = Learner.objects.for_user(user, write=True)


class ClubForm(forms.Form):
    club = RecordChoiceField(label="Объединение", queryset=Club.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = Club.objects.for_user(user, write=True)


def options(html, name="child"):
    """The (value, label) pairs of the chooser's select."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [
        (value, label.strip())
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
        if value
    ]


def many_children(count, surname="Иванов"):
    return [LearnerFactory(surname=f"{surname}{index:03d}", name="Иван") for index in range(count)]


@pytest.fixture
def outsider_org():
    return OrganisationFactory(name="Центр «Чужой»")


def test_a_large_scope_is_not_listed_until_searched(methodist):
    many_children(LIMIT + 10)
    html = str(ChildForm(user=methodist)["child"])
    assert options(html) == []
    assert "Наберите первые буквы" in html
    assert 'name="child_q"' in html


def test_a_search_lists_at_most_the_limit(methodist):
    many_children(LIMIT + 10)
    LearnerFactory(surname="Петров", name="Пётр")
    form = ChildForm({"child_q": "иван", SEARCH: "child"}, user=methodist)
    html = str(form["child"])
    found = options(html)
    assert len(found) == LIMIT
    assert all(label.startswith("Иванов") for _value, label in found)
    assert "Найдено больше 25" in html


def test_a_small_scope_is_listed_whole(methodist, outsider_org):
    mine = many_children(3)
    LearnerFactory(surname="Чужаков", organisation=outsider_org)
    found = options(str(ChildForm(user=methodist)["child"]))
    assert [value for value, _label in found] == [str(child.pk) for child in mine]


def test_every_word_matches_the_start_of_a_name_in_any_order(methodist):
    wanted = LearnerFactory(surname="Соколова", name="Дарья")
    LearnerFactory(surname="Соколова", name="Анна")
    LearnerFactory(surname="Дарьина", name="Мария")
    form = ChildForm({"child_q": "дар сок"}, user=methodist)
    assert [value for value, _label in options(str(form["child"]))] == [str(wanted.pk)]


def test_the_current_value_stays_listed_and_selected(methodist):
    many_children(LIMIT + 10)
    chosen = LearnerFactory(surname="Яковлев", name="Яков")
    form = ChildForm({"child": str(chosen.pk), "child_q": "иванов000"}, user=methodist)
    html = str(form["child"])
    assert options(html)[0] == (str(chosen.pk), "Яковлев Яков, 2014 г. р.")
    assert f'<option value="{chosen.pk}" selected>' in html
    assert len(options(html)) == 2  # the current one and the single match


def test_the_search_button_submits_without_browser_validation(methodist):
    html = str(ChildForm(user=methodist)["child"])
    button = re.search(r"<button[^>]*>Найти</button>", html).group(0)
    assert f'name="{SEARCH}"' in button and 'value="child"' in button
    assert "formnovalidate" in button


def test_another_organisations_child_is_neither_found_nor_accepted(methodist, outsider_org):
    stranger = LearnerFactory(surname="Чужаков", name="Олег", organisation=outsider_org)
    form = ChildForm({"child_q": "Чужаков"}, user=methodist)
    html = str(form["child"])
    assert options(html) == []
    assert "Ничего не найдено по запросу «Чужаков»" in html

    form = ChildForm({"child": str(stranger.pk), "note": "x"}, user=methodist)
    assert not form.is_valid()
    assert "Выберите корректный вариант" in form.errors["child"][0]
    assert "Чужаков" not in str(form["child"]).replace('value="Чужаков"', "")


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "1.5", ""])
def test_a_malformed_value_is_a_form_error_not_a_crash(methodist, value):
    LearnerFactory()
    form = ChildForm({"child": value, "note": "x"}, user=methodist)
    str(form["child"])
    assert not form.is_valid()
    assert "child" in form.errors


@pytest.mark.parametrize(
    "typed, found",
    [
        ("\x00", True),
        ("Ив\x00ан", True),
        ("%", False),
        ("_", False),
        ("a" * 5000, False),
        ("\u202eИв", True),
    ],
)
def test_any_search_text_is_answered(methodist, typed, found):
    """Control and bidi characters are dropped (a NUL cannot reach the database), LIKE's wildcards are
    plain characters; the child «Иванов Анна» is listed only where the text can mean her."""
    LearnerFactory(surname="Иванов", name="Анна")
    html = str(ChildForm({"child_q": typed, SEARCH: "child"}, user=methodist)["child"])
    assert "\x00" not in html
    assert bool(options(html)) is found


def test_namesakes_are_told_apart_only_for_those_who_may_see_personal_data(make_user, methodist):
    elder = LearnerFactory(surname="Иванов", name="Иван", birth_date=datetime.date(2012, 3, 1))
    younger = LearnerFactory(surname="Иванов", name="Иван", birth_date=datetime.date(2015, 7, 9))
    group = GroupFactory(name="Роботы-1")
    Enrolment.objects.create(group=group, learner=elder)
    teacher = make_user(Role.TEACHER)

    for_methodist = dict(options(str(ChildForm({"child_q": "Иванов"}, user=methodist)["child"])))
    assert for_methodist[str(elder.pk)] == "Иванов Иван, 2012 г. р., Роботы-1"
    assert for_methodist[str(younger.pk)] == "Иванов Иван, 2015 г. р."

    html = str(ChildForm({"child_q": "Иванов"}, user=teacher)["child"])
    assert dict(options(html)) == {str(elder.pk): "Иванов Иван", str(younger.pk): "Иванов Иван"}
    assert "2012" not in html and "Роботы-1" not in html


def test_staff_are_told_apart_by_position(methodist):
    field = PersonChoiceField(queryset=Person.objects.all())
    person = PersonFactory(surname="Котов", name="Кирилл", patronymic="", position="Методист")
    assert field.option_label(person) == "Котов Кирилл, Методист"


def test_the_query_count_does_not_grow_with_the_number_of_children(methodist):
    def queries(count):
        many_children(count, surname=f"Сидоров{count}")
        group = GroupFactory()
        for child in Learner.objects.filter(surname__startswith=f"Сидоров{count}"):
            Enrolment.objects.create(group=group, learner=child)
        current = Learner.objects.filter(surname__startswith=f"Сидоров{count}").first()
        request = RequestFactory().post(
            "/", {"child": str(current.pk), "child_q": "Сидоров", SEARCH: "child"}
        )
        form = ChildForm(request.POST, user=methodist)
        choosers.searching(request, form)
        with CaptureQueriesContext(connection) as captured:
            str(form["child"])
        return len(captured)

    few, many = queries(3), queries(80)
    assert few == many <= 4


def test_searching_shows_the_form_again_without_errors_and_says_so(methodist):
    request = RequestFactory().post("/", {"child_q": "Иван", SEARCH: "child"})
    form = ChildForm(request.POST, user=methodist)
    assert choosers.searching(request, form) is True
    assert form.errors == {}  # "required" is not shouted at a half-filled form
    assert "Обязательное поле" not in form.as_div()

    request = RequestFactory().post("/", {"child_q": "Иван"})
    form = ChildForm(request.POST, user=methodist)
    assert choosers.searching(request, form) is False
    assert "note" in form.errors


def test_a_search_post_through_a_view_saves_nothing(methodist):
    chosen = LearnerFactory(surname="Сохранёнов")
    saved = []

    def view(request):
        form = ChildForm(request.POST, user=methodist)
        if not choosers.searching(request, form) and form.is_valid():
            saved.append(form.cleaned_data["child"])
        return str(form["child"])

    html = view(
        RequestFactory().post("/", {"child": chosen.pk, "note": "x", "child_q": "Сох", SEARCH: "child"})
    )
    assert saved == []
    assert f'<option value="{chosen.pk}" selected>' in html
    view(RequestFactory().post("/", {"child": chosen.pk, "note": "x"}))
    assert saved == [chosen]


def test_several_people_are_ticked_and_an_outsider_refused(methodist, outsider_org):
    a, b = LearnerFactory(surname="Альфин"), LearnerFactory(surname="Бетин")
    many_children(LIMIT + 5)
    stranger = LearnerFactory(surname="Чужаков", organisation=outsider_org)
    form = TeamForm({"children": [str(a.pk), str(b.pk)], "children_q": "Иванов000"}, user=methodist)
    html = str(form["children"])
    ticked = re.findall(r'name="children" value="(\d+)"[^>]*checked', html)
    assert ticked == [str(a.pk), str(b.pk)]
    assert len(re.findall(r'type="checkbox"', html)) == 3
    assert form.is_valid() and set(form.cleaned_data["children"]) == {a, b}

    form = TeamForm({"children": [str(a.pk), str(stranger.pk)]}, user=methodist)
    assert not form.is_valid()
    assert "Выберите корректный вариант" in form.errors["children"][0]


def test_a_record_chooser_finds_words_anywhere_in_the_name(methodist, outsider_org):
    for index in range(LIMIT + 2):
        GroupFactory(club__name=f"Шахматы {index}")
    wanted = GroupFactory(club__name="Юный робототехник").club
    GroupFactory(club__name="Робототехника чужая", club__organisation=outsider_org)
    form = ClubForm({"club_q": "робот"}, user=methodist)
    assert [value for value, _label in options(str(form["club"]), "club")] == [str(wanted.pk)]


def test_the_rows_of_a_formset_read_their_values_and_list_in_two_queries(methodist):
    def render(count):
        children = many_children(count, surname=f"Строкин{count}")
        rows = [ChildForm(initial={"child": child.pk}, user=methodist) for child in children]
        with CaptureQueriesContext(connection) as captured:
            choosers.load_current(rows, "child")
            html = "".join(str(row["child"]) for row in rows)
        assert all(f'<option value="{child.pk}" selected>' in html for child in children)
        return len(captured)

    # the current children and the list, each with the children's groups: whatever the rows
    assert render(2) == render(12) == 4
