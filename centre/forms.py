"""What every app's forms share (the one date widget, a service's error put on a form) and
the forms of the portal's own account pages."""

import hashlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
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


class PasswordResetRequestForm(forms.Form):
    """The e-mail of an account that forgot its password.

    ``send`` never looks the address up: it counts the request against the address's hourly
    limit and leaves the lookup and the mail to the background worker, so a known and an
    unknown address cost the page the same."""

    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

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
