"""A form renderer for the forms measured hot: Django's own, except that the plain widgets
(inputs, selects, text areas) are written out in Python instead of through their templates.

Rendering a widget through the template engine costs about 0.3 ms, and a select with its
options includes one template per option: the catalogue's thirteen filters took 6 ms of
a 30 ms page (docs/performance.md). The markup is Django's to the character; a test
renders every widget kind both ways and compares them (tests/centre/test_forms_renderer.py).
Any other widget (radio buttons, files, date parts) goes through its template as before.

It is not the portal's FORM_RENDERER: every other form, the admin's included, renders with
Django's default. The forms of the benchmark's key pages opt in: a form with
`default_renderer = PYTHON_WIDGETS` (the application form of the enrolment rush), a filterset
with `form = PythonWidgetForm` in its Meta (the catalogue's, the showcase's and the innovation
dashboard's filters).
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"


def _as_string(value) -> str:
    """`{{ value|stringformat:'s' }}`: str(), escaped unless it was marked safe."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _shown(value) -> str:
    """`{{ value }}`: localised and escaped, as the template engine prints a variable."""
    return conditional_escape(localize(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_as_string(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_as_string(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>"
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        # each option is an include of a template that ends in a line break
        parts.extend(f"\n  {_option(option)}\n" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    text = _shown(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'
    )


BUILDERS = {
    **{
        f"{WIDGETS}{kind}.html": _input
        for kind in [
            "input",
            "checkbox",
            "color",
            "date",
            "datetime",
            "email",
            "hidden",
            "number",
            "password",
            "search",
            "tel",
            "text",
            "time",
            "url",
        ]
    },
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}select_option.html": _option,
    f"{WIDGETS}textarea.html": _textarea,
}


class PythonWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        build = BUILDERS.get(template_name)
        if build is None:
            return super().render(template_name, context, request=request)
        return build(context["widget"])


# one instance, so that its template engine (for the other widgets) is built once
PYTHON_WIDGETS = PythonWidgetRenderer()


class PythonWidgetForm(forms.Form):
    """A plain form rendered with PYTHON_WIDGETS: the base of a hot filterset's form."""

    default_renderer = PYTHON_WIDGETS
