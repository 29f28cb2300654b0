"""Enrolment: staff accept an application and the child gets a place in the group.

Each function is one transaction. Enrolment locks the group row (select_for_update), so
two staff accepting in the same second queue up; the database's check on
enrolled_count <= places is the last line that no race can cross. It also takes advisory
locks on the child's and the parent's identity within the organisation, so that one child's
applications to several groups, accepted at once, make one record of the child and one of
the parent.

Every enrolment points at its order (programs.services.orders): the draft enrolment order of
the organisation and year, or the order signed on paper whose number and date staff give,
with the start date and the funding source (the group's unless staff choose another). Every
leaving likewise goes into the draft leaving order, with its reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centre.learner_forms import record_sex_and_disabilities
from centre.locks import advisory_lock
from centre.models import Consent, Guardian, Guardianship, Learner, phone_digits
from programs.models import Application, Enrolment, Group, LeavingReason, Offer, Order
from programs.notifications import Event, notify_applicant
from programs.services.applications import already_decided, check_can_decide, decide
from programs.services.orders import enrolment_order, open_draft


class AcceptChoice(models.TextChoices):
    """What staff chose when the organisation already knows a child of the applicant's
    identity (surname, name, date of birth) linked to another parent."""

    LINK = "link", gettext_lazy("link the application to the known child (documents checked)")
    NEW = "new", gettext_lazy("make a new record: another child with the same name and date of birth")


def _normalised(text: str) -> str:
    return (text or "").strip().upper()


def lock_identities(organisation_id: int, application: Application) -> None:
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
    advisory_lock(child, parent)


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
    *,
    application: Application,
    by,
    choice: str | None = None,
    link_to: int | None = None,
    enrolled_on=None,
    funding: str | None = None,
    paper_number: str = "",
    paper_date=None,
    sex: str = "",
    disabled: bool = False,
) -> Enrolment:
    """Enrol the applicant's child in the group (``sex`` and ``disabled``: what staff add to the
    child's record on the way, never clearing what it has).

    A child's identity is not proof of guardianship (docs/security.md, "Tenancy"): the
    organisation's record of the child is reused by itself only when it is already linked to
    the same parent. When the organisation knows a child of that identity linked to someone
    else, staff choose: ``choice=AcceptChoice.LINK`` with ``link_to`` (the record's id), after
    checking documents, or ``AcceptChoice.NEW``; without a choice the accept is refused."""
    check_can_decide(by)
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
    if not application.can_be_accepted():
        raise already_decided(application)
    held = application.status == Application.Status.OFFERED
    if held:
        # the place its offer holds; staff enrol on the parent's word
        Offer.objects.open().filter(application=application).update(
            status=Offer.Status.ACCEPTED, answered_at=timezone.now()
        )
    elif group.free_places <= 0:
        raise ValidationError(
            _(
                "The group «%(group)s» has no free places (%(places)s of %(places)s taken or offered to the waiting list). Put the application on the waiting list."
            )
            % {"group": group, "places": group.places}
        )
    enrolment = enrol(
        application,
        group,
        by=by,
        choice=choice,
        link_to=link_to,
        held=held,
        enrolled_on=enrolled_on,
        funding=funding,
        paper_number=paper_number,
        paper_date=paper_date,
    )
    record_sex_and_disabilities(enrolment.learner, sex=sex, disabled=disabled)
    return enrolment


def start_date(group: Group, enrolled_on=None):
    """The enrolment's start date: the one given, which must fall in the group's academic
    year, else today or the year's first day if that is later."""
    year = group.academic_year
    if enrolled_on is None:
        return max(timezone.localdate(), year.start)
    if not year.start <= enrolled_on <= year.end:
        raise ValidationError(
            {
                "enrolled_on": _(
                    "The start date must fall in the academic year %(year)s (%(start)s–%(end)s)."
                )
                % {
                    "year": year,
                    "start": year.start.strftime("%d.%m.%Y"),
                    "end": year.end.strftime("%d.%m.%Y"),
                }
            }
        )
    return enrolled_on


def enrol(
    application,
    group,
    *,
    by,
    choice=None,
    link_to=None,
    held=False,
    enrolled_on=None,
    funding=None,
    paper_number="",
    paper_date=None,
) -> Enrolment:
    """Enrol the locked application's child in the locked group (the caller checked there is a
    place; ``held``: the place an offer held, which turns from offered into enrolled). The
    child's and the parent's records, the link between them, the consent, the enrolment and
    its order."""
    organisation_id = group.club.organisation_id
    enrolled_on = start_date(group, enrolled_on)
    if funding is not None and funding not in Group.Funding.values:
        raise ValidationError({"funding": _("Choose the funding source from the list.")})
    lock_identities(organisation_id, application)
    order = enrolment_order(group=group, by=by, paper_number=paper_number, paper_date=paper_date)
    learner, guardian, basis = learner_and_guardian(application, organisation_id, by, choice, link_to)
    relation = application.guardian_relation or Guardianship.Relation.GUARDIAN
    Guardianship.objects.get_or_create(
        guardian=guardian, learner=learner, defaults={"basis": basis, "linked_by": by, "relation": relation}
    )
    if not Consent.objects.valid().processing().filter(learner=learner, guardian=guardian).exists():
        Consent.objects.create(
            guardian=guardian,
            learner=learner,
            kind=Consent.Kind.PROCESSING,
            text=application.consent_text,
            given_on=timezone.localdate(application.created_at),
        )
    if Enrolment.objects.active().filter(group=group, learner=learner).exists():
        raise ValidationError(_("The child is already enrolled in this group."))
    enrolment = Enrolment.objects.create(
        group=group,
        learner=learner,
        application=application,
        enrolled_on=enrolled_on,
        order=order,
        funding=funding or group.funding,
    )
    # one statement: the check enrolled + offered <= places holds after it, as before it
    counts = {"enrolled_count": F("enrolled_count") + 1}
    if held:
        counts["offered_count"] = F("offered_count") - 1
    Group.objects.filter(pk=group.pk).update(**counts)
    application.learner = learner
    decide(application, Application.Status.ACCEPTED, by)
    application.save(update_fields=["status", "decided_by", "decided_at", "learner"])
    notify_applicant(application, Event.ACCEPTED)
    return enrolment


def end_enrolment(
    enrolment: Enrolment, *, reason: str = LeavingReason.PARENT_REQUEST, by=None, left_on=None
) -> None:
    """The child leaves the group today, or on ``left_on`` (never before the day they joined),
    the place is no longer taken, and the leaving goes into the draft leaving order of the
    group's organisation and year with its ``reason`` (by default the parent's request: a
    withdrawal, an approved request to leave and an erasure all are); the caller holds the
    group's lock and offers the place on."""
    group = Group.objects.select_related("club").get(pk=enrolment.group_id)
    order = open_draft(
        organisation_id=group.club.organisation_id,
        academic_year_id=group.academic_year_id,
        kind=Order.Kind.LEAVING,
        by=by,
    )
    enrolment.status = Enrolment.Status.LEFT
    enrolment.left_on = max(left_on or timezone.localdate(), enrolment.enrolled_on)
    enrolment.leaving_order = order
    enrolment.leaving_reason = reason
    enrolment.save(update_fields=["status", "left_on", "leaving_order", "leaving_reason"])
    Group.objects.filter(pk=enrolment.group_id).update(enrolled_count=F("enrolled_count") - 1)


def learner_and_guardian(application, organisation_id, by, choice, link_to):
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


# the names the imports used before these became public
_lock_identities = lock_identities
_learner_and_guardian = learner_and_guardian
