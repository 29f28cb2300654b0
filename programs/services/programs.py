"""The program life cycle: sent for review, published with the yearly approval, returned,
archived; and the approval of a published program for another academic year."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from centre.dates import years_after
from centre.models import AcademicYear
from centre.roles import Action, can
from programs.models import Approval, Program
from programs.notices import program_submitted


def _check_can(by, *actions: str) -> None:
    """PermissionDenied unless the user may take one of the actions."""
    if not any(can(by, action) for action in actions):
        raise PermissionDenied


def _changes(comment: str) -> str:
    """The director's comment on what to change, which returning a program needs."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"review_comment": Program.CHANGES_NEEDED})
    return comment


def _record_approval(program: Program, approval: Approval, by) -> None:
    """Store the yearly approval (the order and the council's protocol) of the program."""
    approval.program = program
    approval.approved_by = by
    approval.full_clean()
    approval.save()


@transaction.atomic
def program_save(*, form, modules, by) -> Program:
    """Save a program (its valid ModelForm) and its modules (their valid inline formset)
    together, or nothing."""
    _check_can(by, Action.EDIT_PROGRAMS)
    program = form.save()
    modules.instance = program
    modules.save()
    return program


@transaction.atomic
def program_submit_for_review(*, program: Program, by) -> Program:
    _check_can(by, Action.EDIT_PROGRAMS)
    if not program.can_be_submitted():
        raise ValidationError(_("Only a draft or a returned program can be sent for review."))
    program.status = Program.Status.REVIEW
    program.save(update_fields=["status", "updated_at"])
    program_submitted(program, by=by)  # the directors' notice, queued with the change
    return program


@transaction.atomic
def program_publish(*, program: Program, by, approval: Approval) -> Program:
    """Only a director publishes; the yearly approval (order and council) is recorded."""
    _check_can(by, Action.APPROVE_PROGRAMS)
    if program.status != Program.Status.REVIEW:
        raise ValidationError(_("Only a program under review can be approved."))
    _record_approval(program, approval, by)
    program.status = Program.Status.PUBLISHED
    program.review_comment = ""
    program.save(update_fields=["status", "review_comment", "updated_at"])
    return program


@transaction.atomic
def program_return(*, program: Program, by, comment: str) -> Program:
    _check_can(by, Action.APPROVE_PROGRAMS)
    comment = _changes(comment)
    if program.status != Program.Status.REVIEW:
        raise ValidationError(_("Only a program under review can be returned."))
    program.status = Program.Status.RETURNED
    program.review_comment = comment
    program.save(update_fields=["status", "review_comment", "updated_at"])
    return program


@transaction.atomic
def program_archive(*, program: Program, by) -> Program:
    _check_can(by, Action.APPROVE_PROGRAMS, Action.EDIT_PROGRAMS)
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
    year = AcademicYear(label=label, start=start, end=years_after(current.end, 1))
    year.full_clean()
    year.save()
    return year


@transaction.atomic
def program_renewal_submit(*, program: Program, by) -> Program:
    """The methodist sends a published program for approval for another academic year."""
    _check_can(by, Action.EDIT_PROGRAMS)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != Program.Status.PUBLISHED:
        raise ValidationError(
            _("Only a published program can be sent for approval for another academic year.")
        )
    if program.is_renewing:
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
    program_submitted(program, by=by)
    return program


@transaction.atomic
def program_renewal_approve(*, program: Program, by, approval: Approval) -> Program:
    """Only a director approves; the new year's approval is recorded beside the earlier ones."""
    _check_can(by, Action.APPROVE_PROGRAMS)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not program.is_renewing:
        raise ValidationError(_("The program is not waiting for approval for another academic year."))
    if approval.academic_year_id != program.renewal_year_id:
        raise ValidationError(
            {
                "academic_year": _("The program was sent for approval for %(year)s.")
                % {"year": program.renewal_year}
            }
        )
    _record_approval(program, approval, by)
    program.renewal, program.renewal_year, program.review_comment = "", None, ""
    program.save(update_fields=["renewal", "renewal_year", "review_comment", "updated_at"])
    return program


@transaction.atomic
def program_renewal_return(*, program: Program, by, comment: str) -> Program:
    """The director returns the program for changes; it stays published for its current year."""
    _check_can(by, Action.APPROVE_PROGRAMS)
    comment = _changes(comment)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not program.is_renewing:
        raise ValidationError(_("The program is not waiting for approval for another academic year."))
    program.renewal = Program.Renewal.RETURNED
    program.review_comment = comment
    program.save(update_fields=["renewal", "review_comment", "updated_at"])
    return program
