"""Writes that touch several rows: applications, enrolment, the program life cycle.

Each function is one transaction. Enrolment locks the group row (select_for_update), so
two staff accepting in the same second queue up; the database's check on
enrolled_count <= places is the last line that no race can cross. It also takes advisory
locks on the child's and the parent's identity within the organisation, so that one child's
applications to several groups, accepted at once, make one record of the child and one of
the parent.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centre.models import AcademicYear, Consent, Guardian, Guardianship, Learner, phone_digits
from centre.roles import Action, can
from programs.models import Application, Approval, Enrollment, Group, Program

CONSENT_TEXT = (
    "Я, законный представитель ребёнка, даю согласие на обработку персональных данных — моих и "
    "ребёнка (фамилия, имя, отчество, дата рождения, контактный телефон, адрес электронной почты) — "
    "в целях рассмотрения заявки и зачисления в объединение в соответствии с Федеральным законом "
    "от 27.07.2006 № 152-ФЗ «О персональных данных». Согласие действует до его отзыва."
)


def working_days_before(now: datetime.datetime | None, days: int) -> datetime.datetime:
    """The moment `days` working days (Mon–Fri) before `now`."""
    moment = timezone.localtime(now or timezone.now())
    remaining = days
    while remaining > 0:
        moment -= datetime.timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment


# --- applications -------------------------------------------------------------------------


def enrolment_problem(group: Group, day: datetime.date | None = None) -> str | None:
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


def _constraint_name(error: IntegrityError) -> str | None:
    return getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)


def application_submit(*, group: Group, data: dict, user=None) -> Application:
    """Store a parent's application. A full group or closed window puts it on the waiting list
    (the parent agreed to that on the form); nothing the parent typed is dropped. One
    transaction: the application and its history row."""
    application = Application(group=group, user=user if user and user.is_authenticated else None, **data)
    application.consent_text = CONSENT_TEXT
    # The group is given and the token is new; the constraints are the database's own, and a
    # breach comes back below. Checking them here first cost five queries a submission.
    application.full_clean(exclude=["group", "token"], validate_constraints=False)
    if enrolment_problem(group) is not None:
        application.status = Application.Status.WAITING
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        message = _constraint_message(Application, exc)
        if _constraint_name(exc) == ONE_LIVE_PER_CHILD:
            raise DuplicateApplication(message, application=application) from exc
        raise ValidationError(message) from exc
    return application


def _constraint_message(model, error: IntegrityError) -> str:
    """The violation message of the model's constraint the database named in `error`."""
    name = _constraint_name(error)
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return constraint.get_violation_error_message()
    raise error


def _decide(application: Application, status: str, by) -> None:
    application.status = status
    application.decided_by = by
    application.decided_at = timezone.now()


def _check_can_decide(by) -> None:
    if not can(by, Action.WORK_APPLICATIONS):
        raise PermissionDenied


class AcceptChoice(models.TextChoices):
    """What staff chose when the organisation already knows a child of the applicant's
    identity (surname, name, date of birth) linked to another parent."""

    LINK = "link", gettext_lazy("link the application to the known child (documents checked)")
    NEW = "new", gettext_lazy("make a new record: another child with the same name and date of birth")


def _normalised(text: str) -> str:
    return (text or "").strip().upper()


def _lock_identities(organisation_id: int, application: Application) -> None:
    """Transaction-level advisory locks on the child's normalised identity and on the
    parent's (organisation and phone), always in this order, so that two accepts of one
    child (or one parent) in the same second queue up and the second sees the first's
    records. Released at commit or rollback; different children never wait for each other
    (but for a rare hash collision, which only serialises)."""
    child = "|".join(
        (
            "learner",
            str(organisation_id),
            _normalised(application.child_surname),
            _normalised(application.child_name),
            application.child_birth_date.isoformat(),
        )
    )
    parent = "|".join(("guardian", str(organisation_id), phone_digits(application.guardian_phone)))
    with connection.cursor() as cursor:
        for key in (child, parent):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def identity_records(application: Application, organisation_id: int):
    """The organisation's records of a child with the applicant's surname, name and date of
    birth. Another organisation's records are never read."""
    return Learner.objects.filter(organisation_id=organisation_id).with_identity(
        surname=application.child_surname,
        name=application.child_name,
        birth_date=application.child_birth_date,
    )


def _applicant(application: Application, organisation_id: int) -> Guardian | None:
    """The applicant's existing Guardian record: their own account's, else the one the
    organisation recorded with this phone (however typed) and surname; None when the parent
    is new to it."""
    if application.user_id and hasattr(application.user, "guardian"):
        return application.user.guardian
    # the phone compared as digits, as the lock takes it: «8 913 …» and «+7 (913) …» are one
    # parent; the organisation's parents of that surname are few
    digits = phone_digits(application.guardian_phone)
    namesakes = Guardian.objects.filter(
        organisation_id=organisation_id, surname__iexact=application.guardian_surname.strip()
    ).order_by("pk")
    return next((g for g in namesakes if phone_digits(g.phone) == digits), None)


def _linked_record(records, applicant: Guardian | None) -> Learner | None:
    """The record already linked to the applicant: one parent's child applying to several
    groups is reused without asking."""
    return records.filter(guardians=applicant).order_by("pk").first() if applicant else None


def records_to_choose_from(*, application: Application):
    """The organisation's records of the applicant's child staff must choose between before
    accepting (link after checking documents, or a new record): none when it knows no child
    of that identity, or when one is already linked to the same parent (it is reused)."""
    organisation_id = application.group.club.organisation_id
    records = identity_records(application, organisation_id)
    if _linked_record(records, _applicant(application, organisation_id)) is not None:
        return records.none()
    return records.order_by("pk")


@transaction.atomic
def application_accept(
    *, application: Application, by, choice: str | None = None, link_to: int | None = None
) -> Enrollment:
    """Enrol the applicant's child in the group.

    A child's identity is not proof of guardianship (docs/security.md, "Tenancy"): the
    organisation's record of the child is reused by itself only when it is already linked to
    the same parent. When the organisation knows a child of that identity linked to someone
    else, staff choose: ``choice=AcceptChoice.LINK`` with ``link_to`` (the record's id), after
    checking documents, or ``AcceptChoice.NEW``; without a choice the accept is refused."""
    _check_can_decide(by)
    # the group of the user's own organisations (not the territory an authority reads), locked
    group = (
        Group.objects.for_user(by, write=True)
        .select_for_update(of=("self",))
        .select_related("club")
        .filter(pk=application.group_id)
        .first()
    )
    if group is None:
        raise PermissionDenied
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (Application.Status.NEW, Application.Status.WAITING):
        raise ValidationError(
            _("This application is already %(status)s.") % {"status": application.get_status_display()}
        )
    if group.enrolled_count >= group.places:
        raise ValidationError(
            _(
                "The group «%(group)s» has no free places (%(places)s of %(places)s taken). Put the application on the waiting list."
            )
            % {"group": group, "places": group.places}
        )
    organisation_id = group.club.organisation_id
    _lock_identities(organisation_id, application)
    learner, guardian, basis = _learner_and_guardian(application, organisation_id, by, choice, link_to)
    Guardianship.objects.get_or_create(
        guardian=guardian, learner=learner, defaults={"basis": basis, "linked_by": by}
    )
    if not Consent.objects.valid().processing().filter(learner=learner, guardian=guardian).exists():
        Consent.objects.create(
            guardian=guardian,
            learner=learner,
            kind=Consent.Kind.PROCESSING,
            text=application.consent_text,
            given_on=timezone.localdate(application.created_at),
        )
    if Enrollment.objects.filter(group=group, learner=learner, status=Enrollment.Status.ACTIVE).exists():
        raise ValidationError(_("The child is already enrolled in this group."))
    enrollment = Enrollment.objects.create(group=group, learner=learner, application=application)
    Group.objects.filter(pk=group.pk).update(enrolled_count=F("enrolled_count") + 1)
    application.learner = learner
    _decide(application, Application.Status.ACCEPTED, by)
    application.save(update_fields=["status", "decided_by", "decided_at", "learner"])
    return enrollment


def _learner_and_guardian(application, organisation_id, by, choice, link_to):
    """The child's record, the parent's record and the basis of the link between them, under
    the identity locks. New records are made in the group's organisation."""
    records = identity_records(application, organisation_id)
    guardian = _applicant(application, organisation_id)
    learner = _linked_record(records, guardian)
    basis = Guardianship.Basis.APPLICATION
    if learner is None and records.exists():
        if choice == AcceptChoice.LINK:
            # only a record of this identity, in this organisation, within the user's own scope
            own = Learner.objects.for_user(by, write=True).values("pk")
            learner = records.filter(pk=link_to, pk__in=own).first() if link_to else None
            if learner is None:
                raise ValidationError(
                    _("Choose one of the known records of this child, or make a new record.")
                )
            basis = Guardianship.Basis.DOCUMENTS
        elif choice != AcceptChoice.NEW:
            raise ValidationError(
                _(
                    "A child with the same surname, name and date of birth is already known to the "
                    "organisation. A name and a date of birth do not prove who the parent is: open "
                    "the application, check the documents and choose whether to link it to the known "
                    "child or to make a new record."
                )
            )
    # stored trimmed, as the identity is compared (Learner.objects.with_identity)
    if learner is None:
        learner = Learner.objects.create(
            organisation_id=organisation_id,
            surname=application.child_surname.strip(),
            name=application.child_name.strip(),
            patronymic=application.child_patronymic.strip(),
            birth_date=application.child_birth_date,
        )
    if guardian is None:
        guardian = Guardian.objects.create(
            organisation_id=organisation_id,
            surname=application.guardian_surname.strip(),
            name=application.guardian_name.strip(),
            patronymic=application.guardian_patronymic.strip(),
            phone=application.guardian_phone,
            email=application.guardian_email,
        )
    return learner, guardian, basis


@transaction.atomic
def application_waitlist(*, application: Application, by) -> Application:
    _check_can_decide(by)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.NEW:
        raise ValidationError(_("Only a new application can be put on the waiting list."))
    _decide(application, Application.Status.WAITING, by)
    application.save(update_fields=["status", "decided_by", "decided_at"])
    return application


@transaction.atomic
def application_reject(*, application: Application, by, reason: str) -> Application:
    _check_can_decide(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reject_reason": _("Give the reason for the rejection.")})
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (Application.Status.NEW, Application.Status.WAITING):
        raise ValidationError(
            _("This application is already %(status)s.") % {"status": application.get_status_display()}
        )
    application.reject_reason = reason
    _decide(application, Application.Status.REJECTED, by)
    application.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    return application


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    """The parent takes the application back; an enrolled child leaves and frees the place."""
    group = Group.objects.select_for_update().get(pk=application.group_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_live:
        raise ValidationError(
            _("This application is already %(status)s.") % {"status": application.get_status_display()}
        )
    if application.status == Application.Status.ACCEPTED:
        left = Enrollment.objects.filter(application=application, status=Enrollment.Status.ACTIVE).update(
            status=Enrollment.Status.LEFT, left_on=timezone.localdate()
        )
        if left:
            Group.objects.filter(pk=group.pk).update(enrolled_count=F("enrolled_count") - left)
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    return application


# --- the program life cycle ---------------------------------------------------------------


@transaction.atomic
def program_submit_for_review(*, program: Program, by) -> Program:
    if not can(by, Action.EDIT_PROGRAMS):
        raise PermissionDenied
    if program.status not in (Program.Status.DRAFT, Program.Status.RETURNED):
        raise ValidationError(_("Only a draft or a returned program can be sent for review."))
    program.status = Program.Status.REVIEW
    program.save(update_fields=["status", "updated_at"])
    return program


@transaction.atomic
def program_publish(*, program: Program, by, approval: Approval) -> Program:
    """Only a director publishes; the yearly approval (order and council) is recorded."""
    if not can(by, Action.APPROVE_PROGRAMS):
        raise PermissionDenied
    if program.status != Program.Status.REVIEW:
        raise ValidationError(_("Only a program under review can be approved."))
    approval.program = program
    approval.approved_by = by
    approval.full_clean()
    approval.save()
    program.status = Program.Status.PUBLISHED
    program.review_comment = ""
    program.save(update_fields=["status", "review_comment", "updated_at"])
    return program


@transaction.atomic
def program_return(*, program: Program, by, comment: str) -> Program:
    if not can(by, Action.APPROVE_PROGRAMS):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"review_comment": _("Say what to change when returning a program.")})
    if program.status != Program.Status.REVIEW:
        raise ValidationError(_("Only a program under review can be returned."))
    program.status = Program.Status.RETURNED
    program.review_comment = comment
    program.save(update_fields=["status", "review_comment", "updated_at"])
    return program


@transaction.atomic
def program_archive(*, program: Program, by) -> Program:
    if not (can(by, Action.APPROVE_PROGRAMS) or can(by, Action.EDIT_PROGRAMS)):
        raise PermissionDenied
    program.status = Program.Status.ARCHIVED
    program.renewal, program.renewal_year = "", None  # an archived program is not re-approved
    program.save(update_fields=["status", "renewal", "renewal_year", "updated_at"])
    return program


# --- approval for another academic year ---------------------------------------------------
#
# A program is approved every academic year (an order and a council protocol each year). A
# published program is sent for the next year's approval as it is: it stays published, as
# approved for its current year, so its groups stay in the catalogue; the director approves
# it for the new year (a second Approval) or returns it with a comment.


def _next_label(year: AcademicYear) -> str:
    first = year.first_calendar_year + 1
    return f"{first}/{first + 1}"


def program_renewal_target(program: Program) -> str | None:
    """The academic year (its label) the program would be sent for approval for now: the one
    it is already sent for; else the current year when it has no approval for it, else the
    next year. None when there is no current year or the program is approved for both."""
    if program.renewal_year_id is not None:
        return str(program.renewal_year)
    current = AcademicYear.objects.current()
    if current is None:
        return None
    approved = set(program.approvals.values_list("academic_year__label", flat=True))
    return next((label for label in (current.label, _next_label(current)) if label not in approved), None)


def _academic_year(label: str) -> AcademicYear:
    """The academic year with this label; the year after the current one is added when the
    administrator has not added it yet, starting the day after the current one ends."""
    year = AcademicYear.objects.filter(label=label).first()
    if year is not None:
        return year
    current = AcademicYear.objects.current()
    start = current.end + datetime.timedelta(days=1)
    try:
        end = current.end.replace(year=current.end.year + 1)
    except ValueError:  # the current year ends on 29 February
        end = current.end + datetime.timedelta(days=365)
    year = AcademicYear(label=label, start=start, end=end)
    year.full_clean()
    year.save()
    return year


@transaction.atomic
def program_renewal_submit(*, program: Program, by) -> Program:
    """The methodist sends a published program for approval for another academic year."""
    if not can(by, Action.EDIT_PROGRAMS):
        raise PermissionDenied
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != Program.Status.PUBLISHED:
        raise ValidationError(
            _("Only a published program can be sent for approval for another academic year.")
        )
    if program.renewal == Program.Renewal.REVIEW:
        raise ValidationError(
            _("The program is already waiting for the director's approval for %(year)s.")
            % {"year": program.renewal_year}
        )
    label = program_renewal_target(program)
    if label is None:
        if AcademicYear.objects.current() is None:
            raise ValidationError(
                _("No academic year is marked as current: ask the administrator to mark one.")
            )
        raise ValidationError(
            _("The program is already approved for the current and the next academic year.")
        )
    program.renewal = Program.Renewal.REVIEW
    program.renewal_year = _academic_year(label)
    program.save(update_fields=["renewal", "renewal_year", "updated_at"])
    return program


@transaction.atomic
def program_renewal_approve(*, program: Program, by, approval: Approval) -> Program:
    """Only a director approves; the new year's approval is recorded beside the earlier ones."""
    if not can(by, Action.APPROVE_PROGRAMS):
        raise PermissionDenied
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.renewal != Program.Renewal.REVIEW:
        raise ValidationError(_("The program is not waiting for approval for another academic year."))
    if approval.academic_year_id != program.renewal_year_id:
        raise ValidationError(
            {
                "academic_year": _("The program was sent for approval for %(year)s.")
                % {"year": program.renewal_year}
            }
        )
    approval.program = program
    approval.approved_by = by
    approval.full_clean()
    approval.save()
    program.renewal, program.renewal_year, program.review_comment = "", None, ""
    program.save(update_fields=["renewal", "renewal_year", "review_comment", "updated_at"])
    return program


@transaction.atomic
def program_renewal_return(*, program: Program, by, comment: str) -> Program:
    """The director returns the program for changes; it stays published for its current year."""
    if not can(by, Action.APPROVE_PROGRAMS):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"review_comment": _("Say what to change when returning a program.")})
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.renewal != Program.Renewal.REVIEW:
        raise ValidationError(_("The program is not waiting for approval for another academic year."))
    program.renewal = Program.Renewal.RETURNED
    program.review_comment = comment
    program.save(update_fields=["renewal", "review_comment", "updated_at"])
    return program
