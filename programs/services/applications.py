"""Applications: a parent's submission, staff's waiting list and rejection (the parent's
withdrawal frees a place: services.waitlist). Each write is one transaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from centre.countries import DEFAULT_COUNTRY, installation_profile, profile_of
from centre.errors import constraint_error, constraint_name
from centre.languages import current_language
from centre.roles import Action, can
from programs.catalogue import SubmissionGroup
from programs.models import Application, Group
from programs.models.applications import age_problem
from programs.notifications import Event, notify_applicant

# Russia's (the default country's) consent, as records made outside a form use it (the demo,
# the factories); a parent agrees to their group's organisation's country's: consent_text_for
CONSENT_TEXT = profile_of(DEFAULT_COUNTRY).consent_text


def group_country(group: SubmissionGroup | Group) -> str:
    """The country of the group's organisation (a SubmissionGroup carries it)."""
    if isinstance(group, SubmissionGroup):
        return group.country
    if group.club_id is None:  # a form shown for no group yet (a blank form, a test's)
        return installation_profile().code
    return group.club.organisation.country


def consent_text_for(group: SubmissionGroup | Group) -> str:
    """The consent to processing a parent agrees to on the group's form, in the active
    language: the words of the group's organisation's country's law (centre.countries)."""
    return str(profile_of(group_country(group)).consent_text)


def enrolment_problem(group: SubmissionGroup | Group, day: datetime.date | None = None) -> str | None:
    """Why a parent cannot apply for a place now, in words with dates; None when they can."""
    day = day or timezone.localdate()
    if group.enrol_from and day < group.enrol_from:
        return _("Applications to this group open on %(date)s.") % {"date": date_format(group.enrol_from)}
    if group.enrol_until and day > group.enrol_until:
        return _("Applications to this group closed on %(date)s. You can join the waiting list.") % {
            "date": date_format(group.enrol_until)
        }
    if group.free_places <= 0:
        return _("The group is full. You can join the waiting list: we will call you when a place frees up.")
    return None


ONE_LIVE_PER_CHILD = "programs_application_one_live_per_child"


class DuplicateApplication(ValidationError):
    """The child already has a live application to the group, and nothing was stored. It
    carries the unsaved application as typed (a fresh token that exists nowhere): the public
    form answers as for a new one, so that it tells nobody where a child has applied."""

    def __init__(self, message, *, application: Application):
        super().__init__(message)
        self.application = application


def application_submit(*, group: SubmissionGroup | Group, data: dict, user=None) -> Application:
    """Store a parent's application to ``group``: the live record a submission reads
    (programs.catalogue.submission_group) or a Group. The child's age must fit the group's
    ages. A full group or closed window puts it on the waiting list (the parent agreed to
    that on the form); nothing the parent typed is dropped. One transaction: the application
    and its history row."""
    user = user if user and user.is_authenticated else None
    application = Application(
        group_id=group.pk,
        user=user,
        consent_text=consent_text_for(group),
        language=current_language(),
        **data,
    )
    # The group is given and the token is new; the constraints are the database's own, and a
    # breach comes back below. Checking them here first cost five queries a submission.
    errors = {}
    try:
        application.full_clean(exclude=["group", "token"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    birth_date = application.child_birth_date
    if birth_date and "child_birth_date" not in errors and (problem := age_problem(birth_date, group)):
        errors["child_birth_date"] = [problem]
    if errors:
        raise ValidationError(errors)
    if enrolment_problem(group) is not None:
        application.status = Application.Status.WAITING
    try:
        with transaction.atomic():
            application.save()
            notify_applicant(application, Event.SUBMITTED, place=application.place_in_line())
    except IntegrityError as exc:
        error = constraint_error(exc, Application)
        if constraint_name(exc) == ONE_LIVE_PER_CHILD:
            raise DuplicateApplication(error.messages[0], application=application) from exc
        raise error from exc
    return application


def decide(application: Application, status: str, by) -> None:
    """Record a staff decision on the application (the caller saves it)."""
    application.status = status
    application.decided_by = by
    application.decided_at = timezone.now()


def check_can_decide(by) -> None:
    if not can(by, Action.WORK_APPLICATIONS):
        raise PermissionDenied


def already_decided(application: Application) -> ValidationError:
    return ValidationError(
        _("This application is already %(status)s.") % {"status": application.get_status_display()}
    )


@transaction.atomic
def application_waitlist(*, application: Application, by) -> Application:
    check_can_decide(by)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.can_be_waitlisted():
        raise ValidationError(_("Only a new application can be put on the waiting list."))
    decide(application, Application.Status.WAITING, by)
    application.save(update_fields=["status", "decided_by", "decided_at"])
    notify_applicant(application, Event.WAITING, place=application.place_in_line())
    return application


@transaction.atomic
def application_reject(*, application: Application, by, reason: str) -> Application:
    check_can_decide(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reject_reason": Application.REASON_NEEDED})
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.can_be_decided():
        raise already_decided(application)
    application.reject_reason = reason
    decide(application, Application.Status.REJECTED, by)
    application.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    notify_applicant(application, Event.REJECTED, reason=reason)
    return application
