"""What every app's forms share (the one date widget, a service's error put on a form, the
hints a phone's keyboard and autofill read, limits said before they cut) and the forms of the
portal's own account pages."""

import hashlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.text import format_lazy
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from centre.ratelimit import hit
from centre.tasks import send_password_reset

HOUR = 3600


class DateInput(forms.DateInput):
    """The browser's date picker (``<input type="date">``), whose value is ISO 8601 whatever
    the page's language: the one date widget of the portal's forms."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs=attrs, format=format)


def show_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: a message for one of the form's fields
    goes to that field, every other message (a plain list, or keyed by a name the form does
    not have) to the form's non-field errors."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- hints for the browser: keyboard, autofill, limits --------------------------------------

# What a field's name ends with says what it holds. The attributes pick a phone's keyboard
# (inputmode), let the browser fill in the user's own details (autocomplete) and stop it
# "correcting" names and addresses.
_NAME = {"autocapitalize": "words", "spellcheck": "false"}
CONTACT_KINDS = (
    ("phone", {"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    (
        "email",
        {"inputmode": "email", "autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"},
    ),
    ("surname", {"autocomplete": "family-name", **_NAME}),
    ("last_name", {"autocomplete": "family-name", **_NAME}),
    ("patronymic", {"autocomplete": "additional-name", **_NAME}),
    ("full_name", {"autocomplete": "name", **_NAME}),
    ("first_name", {"autocomplete": "given-name", **_NAME}),
    ("name", {"autocomplete": "given-name", **_NAME}),
)
TEXT_WIDGETS = (forms.TextInput, forms.EmailInput, forms.URLInput, forms.PasswordInput, forms.Textarea)


def contact_kind(name: str, names=()) -> dict | None:
    """The hints for a field called ``name`` (``guardian_phone``, ``child_surname``, ``email``),
    or None for a field that holds no name, phone or e-mail. A bare ``name`` is a person's
    first name only beside its surname (``guardian_name`` beside ``guardian_surname`` in
    ``names``, the form's fields): a club's or a group's ``name`` is not."""
    for ending, attrs in CONTACT_KINDS:
        if name == ending or name.endswith("_" + ending):
            if ending == "name" and name[: -len(ending)] + "surname" not in names:
                return None
            return attrs
    return None


def contact_inputs(form, *, others: tuple[str, ...] = ("child_",)):
    """Set ``inputmode``, ``autocomplete`` and their kin on the form's phone, e-mail and name
    fields, by their names; attributes the form set itself are kept. A field whose name starts
    with one of ``others`` holds someone else's details (the child's): its keyboard hints stay
    but autofill is off, so the browser does not offer the parent's own name there.

    Call it at the end of the form's ``__init__``: ``contact_inputs(self)``. Returns the form."""
    for name, field in form.fields.items():
        attrs = contact_kind(name, form.fields)
        widget = field.widget
        if attrs is None or not isinstance(widget, (forms.TextInput, forms.EmailInput)):
            continue
        for key, value in attrs.items():
            if key == "type":
                widget.input_type = "tel" if type(widget) is forms.TextInput else widget.input_type
            elif key == "autocomplete" and name.startswith(others):
                widget.attrs.setdefault(key, "off")
            else:
                widget.attrs.setdefault(key, value)
    return form


def limit_text(max_length: int) -> str:
    return ngettext("Up to %(count)d character.", "Up to %(count)d characters.", max_length) % {
        "count": max_length
    }


def _help_with_limit(field, help_text):
    """The help text with the field's length limit said, or None where there is nothing to
    add: no limit, a widget that is not typed into, or a help text naming the number already."""
    max_length = getattr(field, "max_length", None)
    if not max_length or field.widget.is_hidden or not isinstance(field.widget, TEXT_WIDGETS):
        return None
    said = str(help_text or "")
    if str(max_length) in said.replace("\u00a0", "").replace(" ", ""):
        return None
    # the help may be lazy and stays so; the limit is in the language active now (the request's)
    return format_lazy("{} {}", help_text, limit_text(max_length)) if said else limit_text(max_length)


def say_limits(form):
    """Say each text field's length limit in its help text, before the browser silently cuts
    what is typed at ``maxlength`` (a pasted address, a long comment). A help text that already
    names the number is left as it is. Returns the form."""
    for field in form.fields.values():
        help_text = _help_with_limit(field, field.help_text)
        if help_text is not None:
            field.help_text = help_text
    return form


class LimitSaidBoundField(BoundField):
    """A form field as rendered, its help text saying its length limit (``say_limits`` without
    a call in each form): Django then points the input's aria-describedby at it. The form
    renderer ``PortalFormRenderer`` uses it for every form; one form opts in with
    ``bound_field_class = LimitSaidBoundField``."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        help_text = _help_with_limit(field, self.help_text)
        if help_text is not None:
            self.help_text = help_text


class PortalFormRenderer(DjangoTemplates):
    """Django's form renderer with ``LimitSaidBoundField``: for FORM_RENDERER."""

    bound_field_class = LimitSaidBoundField


def form_hints(form, *, others: tuple[str, ...] = ("child_",)):
    """``contact_inputs`` and ``say_limits`` together: the one line a form's ``__init__`` ends
    with (``form_hints(self)``)."""
    return say_limits(contact_inputs(form, others=others))


class PasswordResetRequestForm(forms.Form):
    """The e-mail of an account that forgot its password.

    ``send`` never looks the address up: it counts the request against the address's hourly
    limit and leaves the lookup and the mail to the background worker, so a known and an
    unknown address cost the page the same."""

    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form_hints(self)

    def send(self, *, request) -> bool:
        """Queue the mail unless this address had its ``PASSWORD_RESET_RATE_PER_HOUR`` already
        (then nothing is sent, and the page says the same: the limit tells nothing about the
        account). Whether it was queued."""
        email = self.cleaned_data["email"]
        key = hashlib.sha256(email.strip().casefold().encode()).hexdigest()  # no addresses in the cache
        allowed, _retry_after = hit(
            "password-reset-email", key, settings.PASSWORD_RESET_RATE_PER_HOUR, window=HOUR
        )
        if allowed:
            send_password_reset.enqueue(
                email=email, domain=request.get_host(), use_https=request.is_secure(), language=get_language()
            )
        return allowed
