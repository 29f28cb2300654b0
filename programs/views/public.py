"""Public pages of programs: the application form, the confirmation and the private status
page of an application (the catalogue and a club's page are in views/catalogue.py). No login
needed."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centre.forms import show_errors
from centre.models import Child
from centre.ratelimit import rate_limit
from centre.roles import Action, can
from programs.catalogue import application_group, submission_group
from programs.forms.public import ApplicationForm, WithdrawForm
from programs.models import Application, ScheduleSlot
from programs.services import (
    DuplicateApplication,
    application_submit,
    application_withdraw,
    enrolment_problem,
)


@require_http_methods(["GET", "POST"])
@rate_limit("apply", "APPLY_RATE_PER_MINUTE")
def apply(request, slug, group_id):
    # a submission is checked against the live group; the page's group may come from the cache
    if request.method == "POST":
        group = submission_group(slug, group_id)
    else:
        group = application_group(slug, group_id)
    if group is None:
        raise Http404(_("There is no such group in the catalogue."))
    # an application of a parent's login is theirs: it shows in their cabinet
    parent_user = request.user if can(request.user, Action.USE_CABINET) else None
    # their children of «Мои дети»: one chosen fills the child's fields (a link, no script)
    children = list(Child.objects.of_parent(parent_user)) if parent_user else []
    choosable = Child.objects.of_parent(parent_user) if children else None
    initial = None
    if request.method == "POST":
        form = ApplicationForm(request.POST, group=group, children=choosable)
        if form.is_valid():
            try:
                application = application_submit(group=group, data=form.service_data(), user=parent_user)
            except DuplicateApplication as duplicate:
                # nothing stored; answered as a new application, so that the form tells nobody
                # that this child has already applied here (the typed data, a token of nowhere)
                application = duplicate.application
            except ValidationError as error:
                show_errors(form, error)
                application = None
            if application is not None:
                return _submitted_redirect(application, slug)
        group = application_group(slug, group_id)
        if group is None:  # left the catalogue since the submission was read
            raise Http404(_("There is no such group in the catalogue."))
    else:
        chosen = next((child for child in children if str(child.pk) == request.GET.get("child")), None)
        initial = ApplicationForm.initial_for(parent_user, chosen)
        form = ApplicationForm(group=group, initial=initial, children=choosable)
    return render(
        request,
        "programs/public/apply.html",
        {
            "club": group.club,
            "group": group,
            "problem": enrolment_problem(group),
            "form": form,
            # nothing of the visitor's in it: the fields can come from the fragment cache
            "blank_form": not form.is_bound and not initial,
            "is_parent": parent_user is not None,
            "children": children,
            "chosen_child": form.initial.get("child") if not form.is_bound else form.data.get("child"),
        },
    )


def _application_by_token(token) -> Application:
    return get_object_or_404(
        Application.objects.select_related(
            "group__club__organisation", "group__venue", "group__room", "group__academic_year"
        ),
        token=token,
    )


def _status_page(request, application, withdraw_form=None):
    return render(
        request,
        "programs/public/status.html",
        {
            "application": application,
            "group": application.group,
            "slots": ScheduleSlot.objects.filter(group=application.group).select_related("room"),
            "withdraw_form": withdraw_form or (WithdrawForm() if application.is_live else None),
        },
    )


# The confirmation after a submission is drawn from a receipt the browser keeps for a few
# minutes (a signed cookie: what the visitor typed, the group and the new token), the same for
# a new application and for a duplicate, which stores nothing. The page read from the
# database (a link opened later) is the same page with the application's number.
RECEIPT_COOKIE = "application_receipt"
RECEIPT_SALT = "programs.application-receipt"
RECEIPT_SECONDS = 600


def _submitted_redirect(application, slug: str):
    response = redirect("programs:application_submitted", token=application.token)
    receipt = {
        "token": str(application.token),
        "group": application.group_id,
        "slug": slug,
        "surname": application.child_surname,
        "name": application.child_name,
        "status": application.status,
    }
    response.set_cookie(
        RECEIPT_COOKIE,
        signing.dumps(receipt, salt=RECEIPT_SALT, compress=True),
        max_age=RECEIPT_SECONDS,
        path="/applications/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _application_from_receipt(request, token: uuid.UUID) -> Application | None:
    """The application as the visitor typed it (unsaved), from this browser's receipt for
    this token; None without a valid receipt for it."""
    try:
        receipt = signing.loads(
            request.COOKIES.get(RECEIPT_COOKIE, ""), salt=RECEIPT_SALT, max_age=RECEIPT_SECONDS
        )
    except signing.BadSignature:
        return None
    if not isinstance(receipt, dict) or receipt.get("token") != str(token):
        return None
    group = application_group(str(receipt.get("slug", "")), int(receipt.get("group") or 0))
    if group is None:
        return None
    status = receipt.get("status")
    return Application(
        token=token,
        group=group,
        child_surname=str(receipt.get("surname", "")),
        child_name=str(receipt.get("name", "")),
        status=status if status == Application.Status.WAITING else Application.Status.NEW,
    )


@never_cache
@require_GET
def application_submitted(request, token):
    application = _application_from_receipt(request, token) or _application_by_token(token)
    return render(
        request,
        "programs/public/submitted.html",
        {
            "application": application,
            "group": application.group,
            "status_url": request.build_absolute_uri(application.get_status_url()),
            "is_parent": can(request.user, Action.USE_CABINET),
        },
    )


@never_cache
@require_GET
def application_status(request, token):
    return _status_page(request, _application_by_token(token))


@never_cache
@require_POST
def application_withdraw_view(request, token):
    application = _application_by_token(token)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            application_withdraw(application=application)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The application is withdrawn."))
            return redirect(application.get_status_url())
    return _status_page(request, application, withdraw_form=form)
