"""A form field in Bootstrap 5's markup without crispy-forms: the catalogue's filters and the
application form are the portal's busiest pages, and crispy's per-field templates cost about
30 ms a page there (docs/performance.md). Built in Python, with the widget from the form
renderer. Other forms keep crispy."""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _widget(field) -> str:
    """The widget with Bootstrap's class for its kind and `is-invalid` on errors; Django adds
    aria-describedby for the help text and aria-invalid itself."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        kind = "form-check-input"
    elif isinstance(widget, forms.Select):
        kind = "form-select"
    else:
        kind = "form-control"
    classes = [widget.attrs.get("class", ""), kind, "is-invalid" if field.errors else ""]
    return field.as_widget(attrs={"class": " ".join(name for name in classes if name)})


@register.simple_tag
def bootstrap_field(field):
    """Label, widget, errors and help text of a field, as crispy-forms' Bootstrap 5 pack
    lays them out (the same ids and classes, so pages and tests read them alike)."""
    if field.is_hidden:
        return field.as_widget()
    required = field.field.required
    checkbox = isinstance(field.field.widget, forms.CheckboxInput)
    label = format_html(
        '<label for="{}" class="{}{}">{}{}</label>',
        field.id_for_label,
        "form-check-label" if checkbox else "form-label",
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",  # noqa: S308 - a constant
    )
    widget = _widget(field)
    errors = format_html_join(
        "",
        '<div id="error_{}_{}" class="invalid-feedback d-block"><strong>{}</strong></div>',
        ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
    )
    help_text = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    parts = (widget, label) if checkbox else (label, widget)
    return format_html(
        '<div class="mb-3{}" id="div_{}">{}{}{}{}</div>',
        " form-check" if checkbox else "",
        field.auto_id,
        *parts,
        errors,
        help_text,
    )
