"""After a failed submit every crispy form opens with an error summary (templates/bootstrap5/
errors.html): it takes focus and links each error to its field. centre.forms' hints set the
phone's keyboard and autofill on contact fields and say a text field's limit before the
browser cuts at it."""

import re
from html.parser import HTMLParser

from crispy_forms.helper import FormHelper
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from centre.forms import (
    LimitSaidBoundField,
    PasswordResetRequestForm,
    PortalFormRenderer,
    contact_inputs,
    form_hints,
    say_limits,
)
from centre.views.staff import ErasureForm
from tests.factories import LearnerFactory

RU_HEADING = "Форма не сохранена. Исправьте:"


class Everything(forms.Form):
    title = forms.CharField(label="Название", max_length=20)
    level = forms.ChoiceField(label="Уровень", choices=[("a", "А"), ("b", "Б")])
    kind = forms.ChoiceField(label="Вид", choices=[("x", "Икс"), ("y", "Игрек")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        label="Дни", choices=[("1", "Пн"), ("2", "Вт")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Согласен")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Общая ошибка формы.")


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.order = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
            self.order.append(attrs["id"])


def ids_of(html):
    parser = Ids()
    parser.feed(html)
    return parser


def render(source, **context):
    with translation.override("ru"):
        return Template("{% load crispy_forms_tags %}" + source).render(Context(context))


def summary_links(html):
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S).group(0)
    return summary, re.findall(r'href="#([^"]+)"', summary)


def test_a_failed_form_opens_with_a_summary_that_takes_focus_and_links_every_field():
    form = Everything({"title": "x" * 25, "level": "zzz"})
    html = render("{{ form|crispy }}", form=form)
    summary, links = summary_links(html)
    assert RU_HEADING in summary
    assert 'tabindex="-1"' in summary and "autofocus" in summary and "data-error-summary" in summary
    # the form's own error first, then each field's in the form's order, each a link
    assert summary.index("Общая ошибка формы.") < summary.index("Название")
    assert links == ["id_title", "id_level", "div_id_kind", "div_id_days", "id_agree"]
    page = ids_of(html)
    assert set(links) <= page.ids, "a link points at nothing"
    assert page.order.index("form-error-summary") < page.order.index("id_title"), "summary not at the top"
    # a hidden field cannot be focused: its error is said, not linked
    assert "token" not in links and summary.count("<li>") == 7


def test_the_summary_is_labelled_by_its_heading_and_says_which_field():
    html = render("{{ form|crispy }}", form=Everything({"level": "a"}))
    summary, _links = summary_links(html)
    assert 'aria-labelledby="form-error-summary-title"' in summary
    assert 'id="form-error-summary-title"' in summary
    assert re.search(r'href="#id_title" data-error-link>Название: Обязательное поле\.</a>', summary)


def test_an_unbound_or_valid_form_has_no_summary():
    class Small(forms.Form):
        title = forms.CharField()

    assert "error-summary" not in render("{{ form|crispy }}", form=Small())
    valid = Small({"title": "Робототехника"})
    assert valid.is_valid()
    assert "error-summary" not in render("{{ form|crispy }}", form=valid)


def test_a_form_with_a_helper_and_a_prefix_gets_its_own_summary():
    form = Everything({}, prefix="photo")
    form.helper = FormHelper()
    form.helper.form_tag = False
    html = render("{% crispy form %}", form=form)
    summary, links = summary_links(html)
    assert 'id="photo-error-summary"' in summary
    assert "id_photo-title" in links and set(links) <= ids_of(html).ids


def test_a_form_rendered_without_crispy_includes_the_same_summary():
    form = Everything({})
    html = render('{% include "bootstrap5/errors.html" with form=form %}', form=form)
    assert RU_HEADING in html and 'href="#id_title"' in html


# --- pages ----------------------------------------------------------------------------------


def test_a_failed_login_shows_the_summary_and_keeps_the_username(client, db):
    response = client.post(reverse("login"), {"username": "никто", "password": "неверно"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html and RU_HEADING in html
    assert 'value="никто"' in html
    # the summary comes first, so it, not the username field, has the page's focus
    assert html.index("data-error-summary") < html.index('name="username"')


def test_a_bad_email_on_the_password_reset_links_to_the_field(client, db):
    html = client.post(reverse("password_reset"), {"email": "не-адрес"}).content.decode()
    summary, links = summary_links(html)
    assert links == ["id_email"] and "id_email" in ids_of(html).ids
    assert 'value="не-адрес"' in html


def test_the_erasure_form_says_its_limit_and_summarises_its_errors(methodist_client):
    learner = LearnerFactory()
    url = reverse("staff_learner_erase", args=[learner.pk])
    html = methodist_client.post(url, {"reason": "x" * 301}).content.decode()
    summary, links = summary_links(html)
    assert links == ["id_reason", "id_confirm"]
    assert "До 300 символов." in html
    learner.refresh_from_db()
    assert learner.surname and learner.surname in html  # nothing erased


# --- hints: keyboard, autofill, limits ------------------------------------------------------


class Contacts(forms.Form):
    guardian_surname = forms.CharField(max_length=100)
    guardian_name = forms.CharField(max_length=100)
    guardian_patronymic = forms.CharField(max_length=100, required=False)
    guardian_phone = forms.CharField(max_length=40)
    guardian_email = forms.EmailField(max_length=254)
    child_surname = forms.CharField(max_length=100)
    child_name = forms.CharField(max_length=100)
    child_phone = forms.CharField(max_length=40)
    username = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "work email"}))
    comment = forms.CharField(max_length=1000, widget=forms.Textarea, help_text="Что важно знать.")
    note = forms.CharField(max_length=500, help_text="Не больше 500 знаков.")
    club = forms.ChoiceField(choices=[("a", "А")])
    birth_name = forms.CharField(widget=forms.Select(choices=[("a", "А")]))


def attrs_of(form, name):
    return form[name].field.widget.attrs


def test_contact_fields_get_the_keyboard_and_autofill_of_what_they_hold():
    form = contact_inputs(Contacts())
    html = str(form["guardian_phone"])
    assert 'type="tel"' in html and 'inputmode="tel"' in html and 'autocomplete="tel"' in html
    email = str(form["guardian_email"])
    assert 'type="email"' in email and 'inputmode="email"' in email and 'autocomplete="email"' in email
    assert attrs_of(form, "guardian_surname")["autocomplete"] == "family-name"
    assert attrs_of(form, "guardian_name")["autocomplete"] == "given-name"
    assert attrs_of(form, "guardian_patronymic")["autocomplete"] == "additional-name"
    assert attrs_of(form, "guardian_name")["autocapitalize"] == "words"


def test_someone_elses_fields_keep_the_keyboard_but_not_the_users_autofill():
    form = contact_inputs(Contacts())
    assert attrs_of(form, "child_name")["autocomplete"] == "off"
    assert attrs_of(form, "child_surname")["autocomplete"] == "off"
    assert attrs_of(form, "child_name")["autocapitalize"] == "words"
    assert 'type="tel"' in str(form["child_phone"]) and attrs_of(form, "child_phone")["autocomplete"] == "off"


def test_what_a_form_set_itself_is_kept_and_other_fields_are_left_alone():
    form = contact_inputs(Contacts())
    assert attrs_of(form, "username") == {"autocomplete": "username", "maxlength": "150"}
    assert attrs_of(form, "email")["autocomplete"] == "work email"
    assert "autocomplete" not in attrs_of(form, "comment")
    assert "autocomplete" not in attrs_of(form, "birth_name")  # a select, whatever its name


def test_a_text_fields_limit_is_said_in_its_help_in_russian():
    with translation.override("ru"):
        form = say_limits(Contacts())
        assert str(form.fields["guardian_phone"].help_text) == "До 40 символов."
        assert str(form.fields["comment"].help_text) == "Что важно знать. До 1000 символов."
        assert str(form.fields["note"].help_text) == "Не больше 500 знаков."  # said already
        assert form.fields["club"].help_text == ""
        assert 'aria-describedby="id_guardian_phone_helptext"' in str(form["guardian_phone"])
        assert str(say_limits(forms.Form()).fields) == "{}"


def test_russian_plural_forms_of_the_limit():
    class Short(forms.Form):
        one = forms.CharField(max_length=1)
        few = forms.CharField(max_length=3)
        many = forms.CharField(max_length=5)
        twenty_one = forms.CharField(max_length=21)

    with translation.override("ru"):
        form = say_limits(Short())
        helps = [str(field.help_text) for field in form.fields.values()]
    assert helps == ["До 1 символа.", "До 3 символов.", "До 5 символов.", "До 21 символа."]


def test_form_hints_does_both_and_the_password_reset_form_uses_it():
    form = form_hints(Contacts())
    assert attrs_of(form, "guardian_phone")["inputmode"] == "tel"
    assert form.fields["guardian_phone"].help_text
    reset = PasswordResetRequestForm()
    assert attrs_of(reset, "email")["inputmode"] == "email"
    assert "254" in str(reset.fields["email"].help_text)


def test_the_erasure_form_says_its_limit():
    with translation.override("ru"):
        assert "До 300 символов." in str(ErasureForm().fields["reason"].help_text)


def test_the_portal_renderer_says_every_text_fields_limit_and_points_aria_at_it():
    class Plain(forms.Form):
        title = forms.CharField(max_length=200)
        comment = forms.CharField(max_length=1000, widget=forms.Textarea, help_text="Что важно знать.")
        note = forms.CharField(max_length=500, help_text="Не больше 500 знаков.")
        level = forms.ChoiceField(choices=[("a", "А")])
        free = forms.CharField()

    with translation.override("ru"):
        form = Plain(renderer=PortalFormRenderer())
        html = render("{{ form|crispy }}", form=form)
        assert form["title"].help_text == "До 200 символов."
        assert str(form["comment"].help_text) == "Что важно знать. До 1000 символов."
        assert form["note"].help_text == "Не больше 500 знаков."
        assert form["level"].help_text == form["free"].help_text == ""
        assert form.fields["title"].help_text == ""  # the field itself is left as it was
    assert 'aria-describedby="id_title_helptext"' in html and 'id="id_title_helptext"' in html
    assert 'aria-describedby="id_free_helptext"' not in html
    # one form opts in without the renderer
    Plain.bound_field_class = LimitSaidBoundField
    assert "200" in str(Plain()["title"].help_text)


def test_a_name_is_a_persons_only_beside_a_surname():
    class Club(forms.Form):
        name = forms.CharField(max_length=200)
        short_name = forms.CharField(max_length=50)

    class Person(forms.Form):
        surname = forms.CharField(max_length=100)
        name = forms.CharField(max_length=100)

    assert "autocomplete" not in attrs_of(contact_inputs(Club()), "name")
    assert "autocomplete" not in attrs_of(contact_inputs(Club()), "short_name")
    assert attrs_of(contact_inputs(Person()), "name")["autocomplete"] == "given-name"
