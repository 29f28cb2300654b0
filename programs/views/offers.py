"""The parent's side of the waiting list, by the application's private link (the status page):
accept an offered place, decline it, leave the line or withdraw. Each step that gives
something up is a confirmation page of its own (GET shows it, POST with confirmed=1 acts:
includes/confirm.html), so it works without JavaScript and a phone shows it whole."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from programs import services
from programs.models import Application


def _by_token(token) -> Application:
    return get_object_or_404(
        Application.objects.select_related("group__club", "group__academic_year"), token=token
    )


def _said(error: ValidationError) -> str:
    return " ".join(error.messages)


@never_cache
@require_POST
def offer_accept(request, token):
    """Accepting is not giving anything up: the status page's button acts at once."""
    application = _by_token(token)
    try:
        services.offer_accept(application)
    except ValidationError as error:
        messages.error(request, _said(error))
    else:
        messages.success(
            request,
            _("The place is yours: %(child)s is enrolled in the group «%(group)s».")
            % {"child": application.child_name, "group": application.group.name},
        )
    return redirect(application.get_status_url())


@never_cache
@require_http_methods(["GET", "POST"])
def offer_decline(request, token):
    application = _by_token(token)
    offer = application.open_offer
    if offer is None:
        messages.info(request, _("There is no offer of a place waiting for your answer."))
        return redirect(application.get_status_url())
    if request.method == "POST" and request.POST.get("confirmed"):
        try:
            services.offer_decline(offer)
        except ValidationError as error:
            messages.error(request, _said(error))
        else:
            messages.success(request, _("You declined the place. It goes to the next in line."))
        return redirect(application.get_status_url())
    deadline = date_format(localtime(offer.expires_at), "DATETIME_FORMAT")
    return render(
        request,
        "programs/public/offer_decline.html",
        {
            "application": application,
            "question": _("Decline the place offered in «%(group)s»?") % {"group": application.group.name},
            "consequence": _(
                "The place goes to the next child in the waiting list and the application is closed. "
                "To come back you would apply again and join the end of the line. "
                "You can answer until %(deadline)s."
            )
            % {"deadline": deadline},
        },
    )


def consequence_of_withdrawal(application: Application) -> tuple[str, str, str]:
    """What withdrawing does to this application, said plainly: the question, the
    consequence and the button's verb."""
    child, group = application.child_name, application.group.name
    status = application.status
    if status == Application.Status.WAITING:
        return (
            _("Leave the waiting list of «%(group)s»?") % {"group": group},
            _(
                "%(child)s is number %(place)s in the line. The application is closed and the place in "
                "the line goes to the children behind; to come back you would apply again and join the "
                "end of the line."
            )
            % {"child": child, "place": application.place_in_line()},
            _("Leave the waiting list"),
        )
    if status == Application.Status.OFFERED:
        return (
            _("Withdraw the application and give up the offered place?"),
            _("The place held for %(child)s in «%(group)s» goes to the next child in the waiting list.")
            % {"child": child, "group": group},
            _("Withdraw and give up the place"),
        )
    if status == Application.Status.ACCEPTED:
        return (
            _("Withdraw the application of an enrolled child?"),
            _(
                "%(child)s leaves the group «%(group)s» today and the place goes to the next child in the "
                "waiting list. This cannot be undone: to come back you would apply again and, if the "
                "group is full, wait in the line."
            )
            % {"child": child, "group": group},
            _("Withdraw: the child leaves the group"),
        )
    return (
        _("Withdraw the application?"),
        _("The application to «%(group)s» is closed and will not be considered. You can apply again later.")
        % {"group": group},
        _("Withdraw the application"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def application_withdraw_confirm(request, token):
    application = _by_token(token)
    if not application.is_live:
        messages.info(
            request,
            _("The application is already %(status)s.") % {"status": application.get_status_display()},
        )
        return redirect(application.get_status_url())
    if request.method == "POST" and request.POST.get("confirmed"):
        waiting = application.can_leave_waiting_list()
        try:
            if waiting:
                services.leave_waiting_list(application)
            else:
                services.application_withdraw(application=application)
        except ValidationError as error:
            messages.error(request, _said(error))
        else:
            messages.success(
                request,
                _("You have left the waiting list.") if waiting else _("The application is withdrawn."),
            )
        return redirect(application.get_status_url())
    question, consequence, label = consequence_of_withdrawal(application)
    return render(
        request,
        "programs/public/withdraw_confirm.html",
        {"application": application, "question": question, "consequence": consequence, "label": label},
    )
