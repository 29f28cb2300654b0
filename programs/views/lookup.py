"""«Проверить заявку»: the status of an application by its number and the phone or e-mail
given in it, for a parent who has lost the private link. The answer has one shape whether
or not they match (nobody learns which numbers exist or whose they are), it is rate-limited
per address, and it says nothing of the child but the first name."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from centre.phones import phone_digits
from centre.ratelimit import rate_limit
from programs.forms.parents import LookupForm
from programs.models import Application


def find_application(number: tuple[int | None, int], contact: str) -> Application | None:
    """The application of that number (its year, when given, must agree) whose phone or
    e-mail is ``contact``; None otherwise. One query whatever the answer."""
    year, pk = number
    application = (
        Application.objects.select_related("group__club", "group__academic_year")
        .only(
            "pk",
            "created_at",
            "status",
            "child_name",
            "guardian_phone",
            "guardian_email",
            "group_id",
            "queued_at",
            "reject_reason",
            "group__name",
            "group__club__name",
            "group__club__slug",
            "group__academic_year__label",
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or (year is not None and application.created_at.year != year):
        return None
    if "@" in contact:
        matches = application.guardian_email.strip().lower() == contact.strip().lower()
    else:
        matches = bool(phone_digits(contact)) and phone_digits(application.guardian_phone) == phone_digits(
            contact
        )
    return application if matches else None


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("lookup", "LOOKUP_RATE_PER_MINUTE")
def application_lookup(request):
    application, searched = None, False
    if request.method == "POST":
        form = LookupForm(request.POST)
        if form.is_valid():
            searched = True
            application = find_application(form.cleaned_data["number"], form.cleaned_data["contact"])
    else:
        form = LookupForm()
    return render(
        request,
        "programs/public/lookup.html",
        {
            "form": form,
            "searched": searched,
            "found": application,
            "place_in_line": application.place_in_line() if application else None,
        },
    )
