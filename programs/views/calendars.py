"""iCalendar feeds and the teacher's page for their private one.

- ``group_calendar``: a catalogue group's lessons, public (linked from the club page as
  «Добавить в календарь»); another club's, a draft program's or last year's group is a 404.
- ``teacher_calendar``: a teacher's groups' lessons at a secret address (``TeacherFeed``):
  no login (a calendar app sends none), the secret is the key; an unknown or revoked one is
  a 404.
- ``calendar_feed``: the signed-in staff member's page: the address of their feed, made,
  made anew (the old one stops) and revoked — each a POST with ``confirmed=1`` after a
  confirmation page (the first address, which replaces nothing, is posted from the page).
"""

import hashlib

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from centre.models import Person
from centre.roles import Action, action_required
from programs import calendars
from programs.models import TeacherFeed
from programs.services.calendar_feeds import feed_issue, feed_revoke

# how long a browser or a proxy may keep the public feed, and a calendar app the private one
PUBLIC_MAX_AGE = 3600
PRIVATE_MAX_AGE = 900


def ics_response(request, calendar, filename: str, *, cache_control: str) -> HttpResponse:
    """The feed, with an ETag of its bytes: the same data gives the same bytes (DTSTAMP is the
    records' change time), so an app polling with If-None-Match gets a 304 until it changes."""
    content = calendar.to_ical()
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = cache_control
    response["ETag"] = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    return get_conditional_response(request, etag=response["ETag"], response=response)


@require_GET
def group_calendar(request, slug, group_id):
    group = calendars.public_group(slug, group_id)
    if group is None:
        raise Http404(_("There is no such group in the catalogue."))
    page = request.build_absolute_uri(reverse("programs:club", args=[slug]) + f"#group-{group.pk}")
    return ics_response(
        request,
        calendars.group_calendar(group, url=page),
        f"{slug}-{group.pk}.ics",
        cache_control=f"public, max-age={PUBLIC_MAX_AGE}",
    )


@require_GET
def teacher_calendar(request, token):
    feed = calendars.feed_by_token(token)
    if feed is None:
        raise Http404(_("There is no such calendar: its address may have been replaced or revoked."))
    return ics_response(
        request,
        calendars.teacher_calendar(feed.person),
        "lessons.ics",
        # a secret address: never kept by a shared cache
        cache_control=f"private, max-age={PRIVATE_MAX_AGE}",
    )


# --- the teacher's page ----------------------------------------------------------------------


def _person(user) -> Person | None:
    """The signed-in user's own staff record, if they work at the centre."""
    return Person.objects.filter(user=user, is_active=True).first()


def _feed(request, person: Person | None) -> TeacherFeed | None:
    if person is None:
        return None
    return TeacherFeed.objects.for_user(request.user, write=True).filter(person=person).first()


def feed_address(request, feed: TeacherFeed) -> str:
    return request.build_absolute_uri(reverse("programs:teacher_calendar", args=[feed.token]))


@require_GET
@action_required(Action.VIEW_STAFF_AREA)
def calendar_feed(request):
    person = _person(request.user)
    feed = _feed(request, person)
    groups = list(calendars.teacher_groups(person)) if person else []
    return render(
        request,
        "programs/staff/calendar_feed.html",
        {
            "person": person,
            "feed": feed,
            "address": feed_address(request, feed) if feed else "",
            "groups": len(groups),
            "lessons": sum(len(group.slots.all()) for group in groups),
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.VIEW_STAFF_AREA)
def calendar_feed_new(request):
    back = reverse("programs:staff_calendar_feed")
    person = _person(request.user)
    if person is None or not calendars.teacher_groups(person).exists():
        messages.error(
            request,
            _("You have no groups in this or a later academic year: there is nothing to put in a calendar."),
        )
        return redirect(back)
    replaces = _feed(request, person) is not None
    if request.method == "POST" and request.POST.get("confirmed"):
        feed_issue(person=person)
        if replaces:
            messages.success(
                request,
                _("A new address is made; the old one no longer works. Add the new one to your calendar."),
            )
        else:
            messages.success(request, _("The address is made: add it to your calendar app."))
        return redirect(back)
    return render(
        request,
        "programs/staff/calendar_feed_confirm.html",
        {
            "question": _("Make a new calendar address?") if replaces else _("Make a calendar address?"),
            "consequence": _(
                "The old address stops working at once: a calendar subscribed to it stops getting "
                "your lessons until you add the new address to it."
            )
            if replaces
            else _("Anyone who has the address sees your groups' lessons (no child's data is in it)."),
            "confirm_label": _("Make a new address") if replaces else _("Make the address"),
            "cancel_url": back,
            "safe": not replaces,
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.VIEW_STAFF_AREA)
def calendar_feed_revoke(request):
    back = reverse("programs:staff_calendar_feed")
    person = _person(request.user)
    if _feed(request, person) is None:
        messages.info(request, _("You have no calendar address."))
        return redirect(back)
    if request.method == "POST" and request.POST.get("confirmed"):
        feed_revoke(person=person)
        messages.success(request, _("The calendar address no longer works."))
        return redirect(back)
    return render(
        request,
        "programs/staff/calendar_feed_confirm.html",
        {
            "question": _("Stop the calendar address?"),
            "consequence": _(
                "Calendars subscribed to it stop getting your lessons. You can make a new address later."
            ),
            "confirm_label": _("Stop the address"),
            "cancel_url": back,
            "safe": False,
        },
    )
