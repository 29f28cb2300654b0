"""The parent cabinet: registration, children, applications and their withdrawal."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centre.ratelimit import rate_limit
from programs.forms.public import ParentRegistrationForm, WithdrawForm
from programs.parents import (
    cabinet_applications,
    cabinet_guardian,
    get_application_for_user,
    is_parent,
    parent_register,
)
from programs.services import application_withdraw


def parent_required(view):
    """Anonymous visitors log in first; staff and other users get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_parent(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _cabinet_page(request, *, withdraw_errors=None):
    applications = list(cabinet_applications(request.user))
    for application in applications:
        application.withdraw_errors = (withdraw_errors or {}).get(application.pk, [])
    return render(
        request,
        "programs/parent/cabinet.html",
        {"guardian": cabinet_guardian(request.user), "applications": applications},
    )


@require_GET
@parent_required
def cabinet(request):
    return _cabinet_page(request)


@require_POST
@parent_required
def cabinet_withdraw(request, pk):
    application = get_application_for_user(request, pk)
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
                form.add_service_error(error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Your parent's account is ready."))
                return redirect("programs:cabinet")
    else:
        form = ParentRegistrationForm()
    return render(request, "programs/parent/register.html", {"form": form})
