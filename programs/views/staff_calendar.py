"""The methodist's academic calendar: the organisation's days without lessons (holidays,
cancelled days) in the current academic year — listed, added one day or a range at once
(a range asks for confirmation first), removed after confirmation. The director reads it.
The registers leave these days out (services.attendance)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from centre.choosers import organisations_to_change
from centre.forms import show_errors
from centre.models import AcademicYear, CalendarDay, Organisation
from centre.pagination import paginate
from centre.roles import Action, action_required, can
from programs.forms.attendance import DaysOffForm
from programs.services.attendance import add_days_off, remove_day_off

READ = (Action.MANAGE_ATTENDANCE, Action.VIEW_ATTENDANCE)


def _organisations(user, *, write: bool):
    if write:
        return organisations_to_change(user)
    return Organisation.objects.for_user(user).filter(
        kind__in=[Organisation.Kind.CENTRE, Organisation.Kind.SUBDIVISION]
    )


def _organisation(request, *, write: bool) -> tuple[Organisation, list[Organisation]]:
    """The organisation whose calendar is shown (?organisation=, else the user's own, else the
    first they may see) and the ones to choose from; one outside the user's is a 404."""
    choices = _organisations(request.user, write=write).order_by("name", "pk")
    wanted = request.GET.get("organisation") or request.POST.get("organisation")
    if wanted:
        if not str(wanted).isdigit():
            wanted = 0
        return get_object_or_404(choices, pk=wanted), list(choices[:50])
    person = getattr(request.user, "person", None)
    own = choices.filter(pk=getattr(person, "organisation_id", None)).first() or choices.first()
    if own is None:
        raise Http404
    return own, list(choices[:50])


def _calendar_url(organisation) -> str:
    return f"{reverse('programs:attendance_calendar')}?organisation={organisation.pk}"


@require_http_methods(["GET", "POST"])
@action_required(*READ)
def calendar(request):
    keeps = can(request.user, Action.MANAGE_ATTENDANCE)
    if request.method == "POST" and not keeps:
        return redirect("programs:attendance_calendar")
    organisation, organisations = _organisation(request, write=request.method == "POST")
    year = AcademicYear.objects.current()
    form = DaysOffForm(request.POST or None) if keeps else None
    if request.method == "POST" and form.is_valid():
        days = form.days()
        if len(days) > 1 and not request.POST.get("confirmed"):
            return render(
                request,
                "programs/staff/attendance/calendar_confirm.html",
                {
                    "question": _("Add %(count)s days without lessons, %(first)s – %(last)s?")
                    % {"count": len(days), "first": f"{days[0]:%d.%m.%Y}", "last": f"{days[-1]:%d.%m.%Y}"},
                    "consequence": _(
                        "No group of %(organisation)s will have lessons on these days; their registers "
                        "leave them out."
                    )
                    % {"organisation": organisation},
                    "form": form,
                    "organisation": organisation,
                    "cancel_url": _calendar_url(organisation),
                },
            )
        try:
            added = add_days_off(
                organisation_id=organisation.pk,
                first=days[0],
                last=days[-1],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s day added to the calendar.", "%(count)s days added to the calendar.", added
                )
                % {"count": added}
                if added
                else _("These days are already in the calendar."),
            )
            return redirect(_calendar_url(organisation))
    days = CalendarDay.objects.filter(organisation=organisation).order_by("date")
    if year is not None:
        days = days.filter(date__range=(year.start, year.end))
    page = paginate(request, days, per_page=50)
    return render(
        request,
        "programs/staff/attendance/calendar.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "year": year,
            "page": page,
            "form": form,
            "keeps": keeps,
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.MANAGE_ATTENDANCE)
def calendar_remove(request, pk):
    day = get_object_or_404(
        CalendarDay.objects.for_user(request.user, write=True).select_related("organisation"), pk=pk
    )
    back = _calendar_url(day.organisation)
    if request.method == "POST" and request.POST.get("confirmed"):
        remove_day_off(day=day, by=request.user)
        messages.success(request, _("%(day)s is a day with lessons again.") % {"day": f"{day.date:%d.%m.%Y}"})
        return redirect(back)
    return render(
        request,
        "programs/staff/attendance/confirm.html",
        {
            "question": _("Remove %(day)s from the calendar?") % {"day": f"{day.date:%d.%m.%Y}"},
            "consequence": _(
                "The groups that have lessons on this weekday will have them on this day again."
            ),
            "confirm_label": _("Remove the day"),
            "cancel_url": back,
        },
    )
