"""The parent cabinet: registration, the e-mail's confirmation, the children and applications,
withdrawal and the request to leave a club."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centre.forms import show_errors
from centre.models import Child
from centre.pagination import paginate
from centre.ratelimit import rate_limit
from centre.roles import Action, action_required
from programs.access import get_own_application, get_own_guardian
from programs.forms.parents import LeaveForm, PhoneCodeForm
from programs.forms.public import ParentRegistrationForm, WithdrawForm
from programs.models import Application, LeaveRequest, Offer
from programs.services import application_withdraw, parent_register
from programs.services.leaving import leave_request_create, leaving_enrolment
from programs.services.parents import (
    PHONE_CODE_MINUTES,
    ConfirmationFailed,
    email_confirm,
    phone_confirm,
    send_email_confirmation,
    send_phone_code,
)


def _cabinet_page(request, *, withdraw_errors=None):
    # an offered place's deadline on its card: the open offers in one query for the page
    open_offers = Prefetch("offers", queryset=Offer.objects.open(), to_attr="open_offers")
    page = paginate(request, Application.objects.of_parent(request.user).prefetch_related(open_offers))
    applications = list(page.object_list)
    pending = set(
        LeaveRequest.objects.pending()
        .filter(enrolment__application__in=[application.pk for application in applications])
        .values_list("enrolment__application", flat=True)
    )
    for application in applications:
        application.withdraw_errors = (withdraw_errors or {}).get(application.pk, [])
        application.leave_pending = application.pk in pending
        # an enrolled child leaves by a request staff decide, not by a withdrawal
        application.can_leave = application.status == Application.Status.ACCEPTED
        application.can_withdraw = application.is_live and not application.can_leave
    return render(
        request,
        "programs/parent/cabinet.html",
        {
            "guardian": get_own_guardian(request.user),
            "own_children": list(Child.objects.of_parent(request.user)),
            "applications": applications,
            "page": page,
        },
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
        if application.status == Application.Status.ACCEPTED:
            form.add_error(None, _("The child is enrolled: ask to leave the club instead."))
        else:
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
                messages.success(
                    request,
                    _(
                        "Welcome! Your parent's account is ready. We sent a link to %(email)s: open it "
                        "to confirm the e-mail."
                    )
                    % {"email": user.guardian.email},
                )
                return redirect("programs:cabinet")
    else:
        form = ParentRegistrationForm()
    return render(request, "programs/parent/register.html", {"form": form})


# --- the e-mail confirmed by a link ---------------------------------------------------------


@never_cache
@require_GET
def confirm_email(request, token):
    """The link from the mail: it proves the mailbox is the account's, wherever it is opened
    (logged in or not), and attaches the applications sent before with that e-mail."""
    try:
        guardian, attached = email_confirm(token=token)
    except ConfirmationFailed as error:
        return render(request, "programs/parent/confirm_email.html", {"error": error.messages[0]})
    return render(request, "programs/parent/confirm_email.html", {"guardian": guardian, "attached": attached})


@require_POST
@action_required(Action.USE_CABINET)
@rate_limit("confirm-email", "LOOKUP_RATE_PER_MINUTE")
def confirm_email_resend(request):
    guardian = get_own_guardian(request.user)
    if guardian is None or not guardian.email:
        messages.error(request, _("Your account has no e-mail to confirm."))
    elif guardian.email_confirmed_at is not None:
        messages.info(request, _("Your e-mail is already confirmed."))
    else:
        send_email_confirmation(guardian=guardian)
        messages.success(request, _("We sent a new link to %(email)s.") % {"email": guardian.email})
    return redirect("programs:cabinet")


@require_http_methods(["GET", "POST"])
@action_required(Action.USE_CABINET)
@rate_limit("confirm-phone", "LOOKUP_RATE_PER_MINUTE")
def confirm_phone(request):
    """The phone proved by an SMS code: then the applications sent with it before the account
    attach to it. POST ``send`` mails the code; POST ``code`` checks it."""
    guardian = get_own_guardian(request.user)
    if guardian is None:
        return redirect("programs:cabinet")
    form, sent = PhoneCodeForm(), False
    if request.method == "POST" and "send" in request.POST:
        send_phone_code(guardian=guardian)
        sent = True
    elif request.method == "POST":
        form = PhoneCodeForm(request.POST)
        if form.is_valid():
            try:
                attached = phone_confirm(guardian=guardian, code=form.cleaned_data["code"])
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The phone is confirmed: %(count)s application sent with it is now in your cabinet.",
                        "The phone is confirmed: %(count)s applications sent with it are now in your cabinet.",
                        attached,
                    )
                    % {"count": attached},
                )
                return redirect("programs:cabinet")
    return render(
        request,
        "programs/parent/confirm_phone.html",
        {"guardian": guardian, "form": form, "sent": sent, "minutes": PHONE_CODE_MINUTES},
    )


# --- leaving a club -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@action_required(Action.USE_CABINET)
def cabinet_leave(request, pk):
    """Ask that the child leave the club: a confirmation page naming what follows, a reason."""
    application = get_own_application(request, pk)
    enrolment = leaving_enrolment(application)
    pending = enrolment is not None and enrolment.leave_requests.pending().exists()
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and enrolment is not None and not pending and form.is_valid():
        try:
            leave_request_create(
                application=application, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent. The club's staff decide it and we write to you."),
            )
            return redirect("programs:cabinet")
    return render(
        request,
        "programs/parent/leave.html",
        {"application": application, "enrolment": enrolment, "pending": pending, "form": form},
    )
