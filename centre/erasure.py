"""A guardian's rights over a child's data: withdrawing a consent and erasing the child.

Erasure removes or anonymises the child in one transaction, within the organisation that
keeps the child's record (with its structural subdivisions, and never beyond the erasing
user's own organisations: ``centre.scope``, write scope). It finds every record of the child
there: the record erased and any other record of the same identity (surname, name, date of
birth) linked to the same parent — by the parent's record, phone or account, as two accepts
of one child at the same moment could leave two records and two parent records. Another
organisation's records of the child are never read or touched: it keeps its own.

The core anonymises its own records (the children's records, their consents, a parent left
with no other child); each area app registers its own step for its records from its
``AppConfig.ready()``::

    from centre.erasure import register_erasure_step
    register_erasure_step(programs.erasure.erase_learner)

so that nothing in ``centre`` imports an area app (architecture.md). A step receives the
records being erased and ``old`` (an ``ErasedLearner``: the identity before anonymisation,
the organisations searched and the parents' phones and accounts, to find records typed by a
parent and never linked), and returns what it did in a few words for the page's message.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centre.audit import Access, record_personal_data_access
from centre.countries import erasure_due
from centre.models import Child, Consent, Guardian, Guardianship, Learner, Organisation, phone_digits
from centre.scope import staff_organisations

ERASED = "Удалено"
NEUTRAL_BIRTH_DATE = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class ErasedLearner:
    """What the child was called before erasure, where it is erased and by whose contacts the
    areas recognise its parents' unlinked records (applications typed by a parent)."""

    pk: int
    surname: str
    name: str
    birth_date: datetime.date
    organisations: tuple[int, ...] = ()
    guardian_phones: frozenset[str] = frozenset()
    guardian_users: frozenset[int] = frozenset()


@dataclass
class Erasure:
    """What one erasure did: the page says it, the log records each child's record."""

    organisation: Organisation
    learners: list[Learner]
    consents: int = 0
    guardians: int = 0
    children: int = 0
    done: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            ngettext("%(count)s record of the child", "%(count)s records of the child", len(self.learners))
            % {"count": len(self.learners)},
            *self.done,
        ]
        if self.consents:
            parts.append(
                ngettext("%(count)s consent withdrawn", "%(count)s consents withdrawn", self.consents)
                % {"count": self.consents}
            )
        if self.children:
            parts.append(
                ngettext(
                    "%(count)s child of a parent's own list",
                    "%(count)s children of parents' own lists",
                    self.children,
                )
                % {"count": self.children}
            )
        if self.guardians:
            parts.append(
                ngettext(
                    "the contacts of %(count)s parent with no other child",
                    "the contacts of %(count)s parents with no other child",
                    self.guardians,
                )
                % {"count": self.guardians}
            )
        return _("Erased in %(organisation)s: %(what)s. Other organisations' records were not touched.") % {
            "organisation": self.organisation,
            "what": "; ".join(parts),
        }


ErasureStep = Callable[[Sequence[Learner], ErasedLearner], list[str] | None]
erasure_steps: list[ErasureStep] = []


def register_erasure_step(step: ErasureStep) -> None:
    if step not in erasure_steps:
        erasure_steps.append(step)


def is_erased(learner: Learner) -> bool:
    return learner.surname == ERASED and learner.name == ERASED


def consent_withdraw(*, consent: Consent, when: datetime.datetime | None = None) -> Consent:
    """Withdraw a consent now. A withdrawn publication consent hides the child from every
    public page on the next request (public pages read only valid consents)."""
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent is already withdrawn."))
    consent.withdrawn_at = when or timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    return consent


def erase_by(learner: Learner, withdrawn_at: datetime.datetime) -> datetime.date:
    """The last day to erase a child's data after the processing consent was withdrawn at
    ``withdrawn_at``: the deadline of the learner's organisation's country (centre.countries:
    30 days in Russia, one working day in Kazakhstan), shown to staff wherever a withdrawal is."""
    return erasure_due(learner.organisation, timezone.localdate(withdrawn_at))


def awaiting_erasure(learners):
    """The learners (a queryset) whose processing consent was withdrawn, who have none in
    force and are not erased yet, with ``withdrawn`` the first withdrawal, earliest first."""
    processing = Consent.objects.filter(learner=OuterRef("pk"), kind=Consent.Kind.PROCESSING)
    return (
        learners.exclude(surname=ERASED, name=ERASED)
        .filter(Exists(processing.filter(withdrawn_at__isnull=False)))
        .exclude(Exists(processing.valid()))
        .annotate(withdrawn=Min("consents__withdrawn_at", filter=Q(consents__kind=Consent.Kind.PROCESSING)))
        .order_by("withdrawn", "pk")
    )


def erasure_organisations(learner: Learner, user) -> tuple[int, ...]:
    """Where the child's records are looked for: the organisation of the record with its
    structural subdivisions (and its parent, for a subdivision's record), within the user's
    own organisations (an administrator: all of that)."""
    organisation = learner.organisation
    top = organisation.parent_id if organisation.kind == Organisation.Kind.SUBDIVISION else organisation.pk
    family = {top, organisation.pk, *Organisation.objects.filter(parent_id=top).values_list("pk", flat=True)}
    own = staff_organisations(user)
    return tuple(sorted(family if own is None else family & set(own)))


def records_of_the_child(learner: Learner, organisations: Sequence[int]) -> list[Learner]:
    """The learner and every other record of its identity in these organisations linked to
    the same parent: the same parent record, phone or account, followed from record to
    record (a mother's record on one, the father's on another)."""
    candidates = list(
        Learner.objects.filter(organisation_id__in=organisations)
        .with_identity(surname=learner.surname, name=learner.name, birth_date=learner.birth_date)
        .exclude(pk=learner.pk)
        .prefetch_related("guardians")
    )
    found = [learner]
    guardians = list(learner.guardians.all())
    changed = True
    while changed:
        changed = False
        ids = {g.pk for g in guardians}
        phones = {phone_digits(g.phone) for g in guardians} - {""}
        users = {g.user_id for g in guardians} - {None}
        for candidate in list(candidates):
            theirs = list(candidate.guardians.all())
            if any(g.pk in ids or phone_digits(g.phone) in phones or g.user_id in users for g in theirs):
                found.append(candidate)
                guardians += theirs
                candidates.remove(candidate)
                changed = True
    return found


def _anonymise_guardians(learners: Sequence[Learner]) -> int:
    """Blank the contacts of the children's guardians who have no other child anywhere."""
    count = 0
    pks = [learner.pk for learner in learners]
    guardians = Guardian.objects.filter(guardianship__learner__in=pks).distinct()
    for guardian in Guardian.objects.filter(pk__in=guardians.values("pk")).select_for_update():
        if Guardianship.objects.filter(guardian=guardian).exclude(learner__in=pks).exists():
            continue
        guardian.surname, guardian.name, guardian.patronymic = ERASED, ERASED, ""
        guardian.phone, guardian.email = "", ""
        guardian.save(update_fields=["surname", "name", "patronymic", "phone", "email"])
        count += 1
    return count


def _erase_own_children(guardians: Sequence[Guardian], old: ErasedLearner) -> int:
    """Delete the child from the lists its parents keep in their own accounts («Мои дети»):
    the same identity in the account of a parent of the erased records (by their record or
    their login). Their other children stay."""
    owners = Q(guardian__in=[guardian.pk for guardian in guardians])
    if old.guardian_users:
        owners |= Q(guardian__user_id__in=old.guardian_users)
    deleted, _rows = (
        Child.objects.filter(owners)
        .annotate(_surname=Upper("surname"), _name=Upper("name"))
        .filter(
            _surname=old.surname.strip().upper(), _name=old.name.strip().upper(), birth_date=old.birth_date
        )
        .delete()
    )
    return deleted


def learner_erase(*, learner: Learner, request, reason: str) -> Erasure:
    """Erase a child's personal data at a guardian's request, in the organisation that keeps
    the record: every record of the child there (see above), their consents, lone guardians'
    contacts and every area's records (registered steps); then record each erased record
    (who, when, which record, the reason) in the personal data log."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the erasure."))
    user = getattr(request, "user", None)
    with transaction.atomic():
        # the user's own organisations only: an education authority's territory is read-only
        learner = (
            Learner.objects.for_user(user, write=True)
            .select_related("organisation")
            .select_for_update(of=("self",))
            .filter(pk=learner.pk)
            .first()
        )
        if learner is None:
            raise PermissionDenied
        if is_erased(learner):
            raise ValidationError(_("This child's data is already erased."))
        organisations = erasure_organisations(learner, user)
        found = records_of_the_child(learner, organisations)
        learners = list(
            Learner.objects.filter(pk__in=[record.pk for record in found]).select_for_update().order_by("pk")
        )
        guardians = list(Guardian.objects.filter(guardianship__learner__in=learners).distinct())
        old = ErasedLearner(
            pk=learner.pk,
            surname=learner.surname,
            name=learner.name,
            birth_date=learner.birth_date,
            organisations=organisations,
            guardian_phones=frozenset(phone_digits(g.phone) for g in guardians) - {""},
            guardian_users=frozenset(g.user_id for g in guardians if g.user_id),
        )
        erasure = Erasure(organisation=learner.organisation, learners=learners)
        now = timezone.now()
        for consent in Consent.objects.filter(learner__in=learners, withdrawn_at__isnull=True):
            consent_withdraw(consent=consent, when=now)  # one by one: each change in its history
            erasure.consents += 1
        erasure.children = _erase_own_children(guardians, old)
        erasure.guardians = _anonymise_guardians(learners)
        for step in erasure_steps:
            erasure.done += step(learners, old) or []
        for record in learners:
            record.surname, record.name, record.patronymic = ERASED, ERASED, ""
            record.birth_date = NEUTRAL_BIRTH_DATE
            record.school, record.school_class = "", ""
            # the sex and the disabilities (health data) go too
            record.sex, record.disabled = "", False
            record.save(
                update_fields=[
                    "surname",
                    "name",
                    "patronymic",
                    "birth_date",
                    "school",
                    "school_class",
                    "sex",
                    "disabled",
                ]
            )
            record_personal_data_access(
                request,
                record,
                Access.ERASE,
                _("Erased at the guardian's request: %(reason)s") % {"reason": reason.strip()},
            )
    return erasure
