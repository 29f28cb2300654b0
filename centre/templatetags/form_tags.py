"""A form field in Bootstrap 5's markup without crispy-forms: the catalogue's filters and the
application form are the portal's busiest pages, and crispy's per-field template work cost
about 30 ms a page there (docs/performance.md). Other forms keep crispy."""

from django import forms, template

register = template.Library()


@register.simple_tag
def bootstrap_widget(field):
    """The field's widget with Bootstrap's class for its kind and `is-invalid` on errors;
    Django adds aria-describedby for the help text and aria-invalid itself."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        kind = "form-check-input"
    elif isinstance(widget, forms.Select):
        kind = "form-select"
    else:
        kind = "form-control"
    classes = [widget.attrs.get("class", ""), kind, "is-invalid" if field.errors else ""]
    return field.as_widget(attrs={"class": " ".join(name for name in classes if name)})
