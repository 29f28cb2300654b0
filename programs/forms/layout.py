"""How the staff forms are laid out with crispy-forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout


def inner_helper(*layout) -> FormHelper:
    """The helper of a form drawn inside the page's own ``<form>`` beside others (a group and
    its lessons, a program and its modules): no form tag, no second CSRF token; ``layout``:
    its rows, when they are not one field a line."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper
