"""A guardian's rights over a child's data: withdrawing a consent and erasing the child.

Erasure removes or anonymises the child everywhere, in one transaction. The core anonymises
its own records (the learner, the consents, a guardian left with no other child); each area
app registers its own step for its records from its ``AppConfig.ready()``::

    from centre.erasure import register_erasure_step
    register_erasure_step(programs.erasure.erase_learner)

so that nothing in ``centre`` imports an area app (architecture.md). A step receives the
learner *before* anonymisation (``old``, a frozen copy of the names and birth date, to find
unlinked records typed by a parent) and the learner being erased.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centre.audit import Access, record_personal_data_access
from centre.models import Consent, Guardian, Guardianship, Learner

ERASED = "Удалено"
NEUTRAL_BIRTH_DATE = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class ErasedLearner:
    """What the child was called before erasure: the areas match unlinked records by it."""

    pk: int
    surname: str
    name: str
    birth_date: datetime.date


ErasureStep = Callable[[Learner, ErasedLearner], None]
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


def _anonymise_guardians(learner: Learner) -> int:
    """Blank the contacts of the child's guardians who have no other child at the centre."""
    count = 0
    guardians = Guardian.objects.filter(guardianship__learner=learner).select_for_update()
    for guardian in guardians:
        if Guardianship.objects.filter(guardian=guardian).exclude(learner=learner).exists():
            continue
        guardian.surname, guardian.name, guardian.patronymic = ERASED, ERASED, ""
        guardian.phone, guardian.email = "", ""
        guardian.save(update_fields=["surname", "name", "patronymic", "phone", "email"])
        count += 1
    return count


def learner_erase(*, learner: Learner, request, reason: str) -> Learner:
    """Erase a child's personal data at a guardian's request: the learner's fields, the
    consents, lone guardians' contacts, and every area's records (registered steps); then
    record the erasure (who, when, which record, the reason) in the personal data log."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the erasure."))
    with transaction.atomic():
        learner = Learner.objects.select_for_update().get(pk=learner.pk)
        if is_erased(learner):
            raise ValidationError(_("This child's data is already erased."))
        old = ErasedLearner(
            pk=learner.pk, surname=learner.surname, name=learner.name, birth_date=learner.birth_date
        )
        now = timezone.now()
        for consent in Consent.objects.filter(learner=learner, withdrawn_at__isnull=True):
            consent_withdraw(consent=consent, when=now)  # one by one: each change in its history
        _anonymise_guardians(learner)
        for step in erasure_steps:
            step(learner, old)
        learner.surname, learner.name, learner.patronymic = ERASED, ERASED, ""
        learner.birth_date = NEUTRAL_BIRTH_DATE
        learner.school, learner.school_class = "", ""
        learner.save(update_fields=["surname", "name", "patronymic", "birth_date", "school", "school_class"])
        record_personal_data_access(
            request,
            learner,
            Access.ERASE,
            _("Erased at the guardian's request: %(reason)s") % {"reason": reason.strip()},
        )
    return learner
