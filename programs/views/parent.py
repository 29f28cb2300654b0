"""The parent cabinet: registration, children, applications and their withdrawal."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centre.forms import show_errors
from centre.ratelimit import rate_limit
from centre.roles import Action, action_required
from programs.access import get_own_application, get_own_guardian
from programs.forms.public import ParentRegistrationForm, WithdrawForm
from programs.models import Application
from programs.services import application_withdraw, parent_register


def _cabinet_page(request, *, withdraw_errors=None):
    applications = list(Application.objects.of_parent(request.user))
    for application in applications:
        application.withdraw_errors = (withdraw_errors or {}).get(application.pk, [])
    return render(
        request,
        "programs/parent/cabinet.html",
        {"guardian": get_own_guardian(request.user), "applications": applications},
    )


@require_GET
@action_required(Action.USE_CABINET)
def cabinet(request):
    return _cabinet_page(request)


@require_POST
@action_required(Action.USE_CABINET)
def cabinet_withdraw(request, pk):
    application = get_own_application(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            application_withdraw(application=application)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Application %(number)s is withdrawn.") % {"number": application.number}
            )
            return redirect("programs:cabinet")
    errors = [error for errors in form.errors.values() for error in errors]
    return _cabinet_page(request, withdraw_errors={application.pk: errors})


@require_http_methods(["GET", "POST"])
@rate_limit("register", "APPLY_RATE_PER_MINUTE")
def register(request):
    if request.user.is_authenticated:
        return redirect("programs:cabinet")
    if request.method == "POST":
        form = ParentRegistrationForm(request.POST)
        if form.is_valid():
            try:
                user = parent_register(**form.service_data())
            except ValidationError as error:
                show_errors(form, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Your parent's account is ready."))
                return redirect("programs:cabinet")
    else:
        form = ParentRegistrationForm()
    return render(request, "programs/parent/register.html", {"form": form})
