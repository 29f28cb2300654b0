"""The staff inbox: what waits for a member of staff, counted, each count with a link to the
page that lists it — on the landing page (centre.views.staff) and in the daily digest.

Each area says what waits in its own ``<app>/inbox.py``, with providers it registers::

    from centre import inbox

    @inbox.provider
    def applications(user, today):
        if can(user, Action.WORK_APPLICATIONS):
            yield inbox.Item("applications_new", _("New applications"), count, url, rank=10)

``centre`` imports no area app: the modules are found by name through the app registry the
first time the inbox is read (as ``load_demo`` finds ``<app>.demo``), so an area that is not
installed adds nothing. A provider asks ``centre.roles`` what the user may do, reads through
``for_user`` (the user's own organisations) and spends a fixed number of queries whatever
the organisation's size: the landing page of a methodist of the largest organisation at
national scale answers within the benchmark's 150 ms (docs/performance.md).

The digest: ``send_digests`` queues one ``send_digest`` task per member of staff who asked
for it (``Person.daily_digest``, the "my settings" page); the worker counts that person's
inbox and, when anything waits, mails it through ``centre.notify.send_email`` under the key
``digest:<user>:<day>`` — one mail a person a day however often the command runs.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_tasks import task

from centre import erasure
from centre.models import Learner, OutgoingMessage, Person
from centre.notify import absolute_url, recipient_language, send_email
from centre.roles import Action, can, is_staff_member

logger = logging.getLogger(__name__)

#: the mail's template (templates/emails/staff_digest*)
DIGEST_TEMPLATE = "staff_digest"
#: people whose digest is queued per query of the recipients
DIGEST_BATCH = 500


@dataclass(frozen=True)
class Item:
    """One thing that waits: its label ("New applications"), how many, and where to see them.

    ``key`` names it (a user with two roles sees it once: the first provider's); ``rank``
    orders the page in the order of a working day (applications 10s, programs 20s, orders
    30s, registers 40s, platforms 50s, mentoring 60s); ``urgent`` marks what is late
    (overdue decisions)."""

    key: str
    label: str
    count: int
    url: str
    rank: int = 100
    urgent: bool = False

    @property
    def waits(self) -> bool:
        return self.count > 0


Provider = Callable[[object, datetime.date], Iterable[Item]]

_providers: list[Provider] = []
_discovered = False


def provider(function: Provider) -> Provider:
    """Register a provider (a decorator): ``function(user, today)`` yields the user's Items."""
    if function not in _providers:
        _providers.append(function)
    return function


def discover() -> None:
    """Import every installed app's ``inbox`` module once (they register their providers)."""
    global _discovered
    if _discovered:
        return
    for config in apps.get_app_configs():
        name = f"{config.name}.inbox"
        if config.name != "centre" and find_spec(name) is not None:
            import_module(name)
    _discovered = True


def providers() -> list[Provider]:
    discover()
    return list(_providers)


def link(name: str, query: dict | None = None, **kwargs) -> str | None:
    """The path of a URL name with its query string, or None when the page does not exist
    (an area not installed, a page still to come): the item is then left out."""
    try:
        url = reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def inbox_for(user, *, today: datetime.date | None = None) -> list[Item]:
    """What waits for the user, in the page's order; nothing for anyone but staff."""
    if not is_staff_member(user):
        return []
    today = today or timezone.localdate()
    items: dict[str, Item] = {}
    for function in providers():
        for item in function(user, today) or ():
            if item.url:
                items.setdefault(item.key, item)
    return sorted(items.values(), key=lambda item: (item.rank, item.key))


# --- the daily digest -----------------------------------------------------------------------


@transaction.atomic
def set_daily_digest(*, person: Person, wanted: bool) -> Person:
    """Ask for the daily e-mail of one's inbox, or stop it."""
    person.daily_digest = wanted
    person.save(update_fields=["daily_digest"])
    return person


def digest_key(user, day: datetime.date) -> str:
    return f"digest:{user.pk}:{day:%Y-%m-%d}"


def digest_address(person: Person) -> str:
    """Where the digest goes: the login's e-mail, else the staff record's."""
    return (person.user.email if person.user else "") or person.email


def digest_recipients():
    """The people who asked for the digest, still working, with a login and an address."""
    return (
        Person.objects.filter(daily_digest=True, is_active=True, user__is_active=True)
        .exclude(user__email="", email="")
        .select_related("user")
        .order_by("pk")
    )


def send_digests(today: datetime.date | None = None, *, now: bool = False) -> int:
    """Queue today's digest of everyone who asked for it and has none yet today (``now``:
    count and mail them here instead of in the worker). How many were queued."""
    day = today or timezone.localdate()
    queued = 0
    batch: list[Person] = []

    def flush():
        nonlocal queued
        keys = {digest_key(person.user, day): person for person in batch}
        sent = set(OutgoingMessage.objects.filter(key__in=keys).values_list("key", flat=True))
        for key, person in keys.items():
            if key in sent:
                continue  # mailed today already
            if now:
                send_digest.call(person_id=person.pk, day=day.isoformat())
            else:
                send_digest.enqueue(person_id=person.pk, day=day.isoformat())
            queued += 1
        batch.clear()

    for person in digest_recipients().iterator(chunk_size=DIGEST_BATCH):
        batch.append(person)
        if len(batch) >= DIGEST_BATCH:
            flush()
    flush()
    return queued


def digest_context(items: list[Item], day: datetime.date) -> dict:
    return {
        "day": day,
        "items": [
            {"label": item.label, "count": item.count, "url": absolute_url(item.url), "urgent": item.urgent}
            for item in items
        ],
        "home_url": absolute_url(reverse("staff_home")),
        "settings_url": absolute_url(reverse("staff_preferences")),
    }


@task()
def send_digest(*, person_id: int, day: str) -> str:
    """The worker's half of ``send_digests``: the person's inbox as it is now, mailed when
    anything waits (an empty inbox is no mail), once for the day."""
    person = Person.objects.select_related("user").filter(pk=person_id).first()
    if person is None or not person.daily_digest or not person.is_active or person.user is None:
        return "skipped"
    to = digest_address(person)
    if not to or not person.user.is_active:
        return "skipped"
    date = datetime.date.fromisoformat(day)
    # in the language the member of staff chose: the inbox's labels and the links (/kk/…)
    with translation.override(recipient_language(person.user)):
        items = [item for item in inbox_for(person.user, today=date) if item.waits]
        if not items:
            return "empty"
        send_email(
            key=digest_key(person.user, date),
            to=to,
            template=DIGEST_TEMPLATE,
            context=digest_context(items, date),
        )
    return "queued"


@task()
def send_all_digests() -> int:
    """``send_digests`` as a task, for a scheduler that enqueues rather than runs commands."""
    return send_digests()


@provider
def awaiting_erasure(user, today):
    """Children whose processing consent was withdrawn and whose data is not erased yet, with
    the first one's deadline (centre.countries: 30 days in Russia, one working day in
    Kazakhstan); the link opens that child's card. Two queries."""
    if not can(user, Action.VIEW_PERSONAL_DATA):
        return
    waiting = erasure.awaiting_erasure(Learner.objects.for_user(user, write=True))
    first = waiting.select_related("organisation").first()
    if first is None:
        return
    due = erasure.erase_by(first, first.withdrawn)
    yield Item(
        "awaiting_erasure",
        _("Withdrawn consents: data to erase, the first by %(date)s") % {"date": date_format(due)},
        waiting.count(),
        link("staff_learner", pk=first.pk),
        rank=15,
        urgent=due <= today,
    )
