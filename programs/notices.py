"""The director's notice that a program waits for approval: the methodist sends it for review
(for publication, or for another academic year's approval) and each director of the
program's organisation gets one e-mail about that submission.

``program_submitted`` costs the service one INSERT: it queues ``send_program_notice`` in the
service's transaction (the database backend's row), so the notice exists exactly when the
submission commits. The worker finds the directors and stores one message each under the key
``program:<id>:review:<submitted at>:<user>`` (centre.notify): a second run is no second
mail, a later submission (after a return) is a new one."""

import logging

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from centre.notify import absolute_url, recipient_language, send_email
from centre.roles import ROLE_ACTIONS, Action
from programs.models import Program

logger = logging.getLogger(__name__)

NOTICE_TEMPLATE = "program_review"


def approving_roles() -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if Action.APPROVE_PROGRAMS in actions]


def directors_of(organisation):
    """The active logins of the organisation's staff whose role approves programs; for a
    structural subdivision with no director of its own, its parent organisation's (who
    approve its programs: centre.scope gives them the subdivision)."""
    users = get_user_model().objects.filter(
        is_active=True, groups__name__in=approving_roles(), person__is_active=True
    )
    directors = users.filter(person__organisation=organisation).distinct().order_by("pk")
    if organisation.parent_id and not directors.exists():
        directors = users.filter(person__organisation_id=organisation.parent_id).distinct().order_by("pk")
    return directors.select_related("person")


def program_submitted(program: Program, *, by) -> None:
    """Queue the directors' notice of this submission (inside the service's transaction).
    Never raises: a notice that cannot be queued is logged, the submission stands."""
    try:
        send_program_notice.enqueue(
            program_id=program.pk,
            submitted_at=program.updated_at.isoformat(),
            by_id=by.pk if by is not None else None,
        )
    except Exception:
        logger.exception("Could not queue the review notice of program %s", program.pk)


def notice_key(program_id: int, submitted_at: str, user) -> str:
    stamp = "".join(character for character in submitted_at if character.isdigit())[:20]
    return f"program:{program_id}:review:{stamp}:{user.pk}"


@task()
def send_program_notice(*, program_id: int, submitted_at: str, by_id: int | None = None) -> int:
    """Mail each director of the program's organisation that it waits for their decision,
    unless it no longer does (decided meanwhile). How many e-mails were stored."""
    program = Program.objects.select_related("organisation", "renewal_year").filter(pk=program_id).first()
    if program is None or not program.awaits_decision():
        return 0
    by = get_user_model().objects.select_related("person").filter(pk=by_id).first() if by_id else None
    sender = ""
    if by is not None:
        person = getattr(by, "person", None)
        sender = person.full_name if person else by.get_full_name() or by.username
    stored = 0
    for director in directors_of(program.organisation):
        to = director.email or director.person.email
        if not to:
            continue
        # in the language the director chose: the words and the links (/kk/…)
        with translation.override(recipient_language(director)):
            context = {
                "title": program.title,
                "organisation": program.organisation.short_name or program.organisation.name,
                "renewal_year": str(program.renewal_year) if program.is_renewing else "",
                "sender": sender,
                "program_url": absolute_url(reverse("programs:staff_program", kwargs={"pk": program.pk})),
                "review_url": absolute_url(reverse("programs:staff_review")),
            }
            if send_email(
                key=notice_key(program.pk, submitted_at, director),
                to=to,
                template=NOTICE_TEMPLATE,
                context=context,
            ):
                stored += 1
    return stored
