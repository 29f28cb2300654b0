"""The Python widget renderer writes Django's own markup, character for character."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.http import QueryDict
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from centre.forms import PortalFormRenderer
from centre.forms_renderer import BUILDERS, PYTHON_WIDGETS, PythonWidgetRenderer
from innovation.forms import PlatformFilter
from innovation.models import Platform
from programs.filters import ApplicationFilter, CatalogueFilter
from programs.forms.groups import GroupForm
from programs.forms.programs import ProgramForm
from programs.forms.public import ApplicationForm
from programs.models import Application, Group
from projects.filters import ShowcaseFilter
from projects.models import Project


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"placeholder": 'a "quoted" <b>'}))
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}), required=False)
    number = forms.IntegerField(min_value=3, max_value=18, required=False)
    decimal = forms.DecimalField(required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False)
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    checkbox = forms.BooleanField(required=False)
    checked = forms.BooleanField(required=False, disabled=True)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    choice = forms.ChoiceField(
        choices=[("", "—"), ("a", "Ann & <Bob>"), (1, _("Clubs")), (Decimal("1.5"), Decimal("2.5"))]
    )
    grouped = forms.ChoiceField(
        choices=[
            ("", "Any"),
            ("Технические", [("robots", "Роботы"), ("3d", "3D")]),
            ("Другие", [("x", "X")]),
        ],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two"), (3, mark_safe("<i>three</i>"))])
    nullable = forms.NullBooleanField()
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, required=False)


def both_ways(form):
    """Every field of the form rendered by Django's templates and by the Python renderer."""
    pairs = []
    for renderer in (DjangoTemplates(), PythonWidgetRenderer()):
        form.renderer = renderer
        pairs.append([str(form[name]) for name in form.fields])
    return zip(form.fields, *pairs, strict=True)


BOUND = {
    "text": 'x" onmouseover="alert(1)',
    "search": "<script>робот</script>",
    "number": "99",
    "decimal": "1,5",
    "email": "not-an-email",
    "url": "javascript:alert(1)",
    "password": "secret'\"",
    "hidden": "&amp;",
    "date": "2015-02-30",
    "time": "25:00",
    "checkbox": "on",
    "comment": "Line one\n<b>line two</b> & «three»",
    "choice": "a",
    "grouped": "3d",
    "many": ["1", "3"],
    "nullable": "true",
    "radio": "b",
}


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize(
    "make_form",
    [
        lambda: EveryWidget(),
        lambda: EveryWidget(BOUND),
        lambda: EveryWidget(
            initial={"date": datetime.date(2015, 3, 1), "decimal": Decimal("1234.5"), "checked": True}
        ),
    ],
    ids=["empty", "bound with errors", "initial values"],
)
def test_every_widget_kind_renders_as_djangos_templates_do(make_form, language):
    with translation.override(language):
        form = make_form()
        form.is_valid()
        for name, by_templates, by_python in both_ways(form):
            assert by_python == by_templates, name


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "q=робот&direction=x&age=200&level=starter&free=on&sort=age"])
def test_the_catalogue_filters_render_as_djangos_templates_do(query):
    with translation.override("ru"):
        form = CatalogueFilter(QueryDict(query), queryset=Group.objects.none()).form
        form.is_valid()
        for name, by_templates, by_python in both_ways(form):
            assert by_python == by_templates, name


@pytest.mark.django_db
def test_the_application_form_renders_as_djangos_templates_do():
    with translation.override("ru"):
        form = ApplicationForm({"child_surname": "<Соколов>", "guardian_phone": "12"}, group=Group())
        form.is_valid()
        for name, by_templates, by_python in both_ways(form):
            assert by_python == by_templates, name


@pytest.mark.django_db
def test_only_the_measured_forms_use_it_and_other_widgets_still_use_their_templates():
    # the admin's and every other form's: Django's templates, which say a field's length limit
    assert type(get_default_renderer()) is PortalFormRenderer
    assert type(EveryWidget().renderer) is PortalFormRenderer
    assert isinstance(PortalFormRenderer(), DjangoTemplates)
    assert ApplicationForm(group=Group()).renderer is PYTHON_WIDGETS
    assert CatalogueFilter(QueryDict(""), queryset=Group.objects.none()).form.renderer is PYTHON_WIDGETS
    assert ShowcaseFilter(QueryDict(""), queryset=Project.objects.none()).form.renderer is PYTHON_WIDGETS
    assert (
        ApplicationFilter(QueryDict(""), queryset=Application.objects.none()).form.renderer is PYTHON_WIDGETS
    )
    assert GroupForm.default_renderer is PYTHON_WIDGETS and ProgramForm.default_renderer is PYTHON_WIDGETS
    assert (
        PlatformFilter(QueryDict(""), queryset=Platform.objects.none(), user=AnonymousUser()).form.renderer
        is PYTHON_WIDGETS
    )
    assert "django/forms/widgets/radio.html" not in BUILDERS
    html = str(EveryWidget(renderer=PYTHON_WIDGETS)["radio"])
    assert 'type="radio"' in html and "<div" in html
