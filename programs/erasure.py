"""The programs step of erasing a child (centre.erasure): applications and enrolments.

Live applications are withdrawn (an enrolled child leaves and frees the place), remaining
enrolments end (their places are offered to the waiting lists), and every application of the child in the organisation — linked to one of
the records erased, or typed by the same parent (phone or account) with the same name and
date of birth and never linked — loses the child's and the parent's data, in its change
history too (otherwise the history section would still show the old values). Another
organisation's applications, and a namesake's typed by someone else, are not touched.
"""

from django.utils.translation import ngettext

from centre.erasure import ERASED, NEUTRAL_BIRTH_DATE
from centre.models import phone_digits
from programs.models import Application, Enrolment
from programs.notifications import forget_application_messages
from programs.services import application_withdraw, end_enrolment, offer_freed_places

ANONYMOUS_APPLICATION = {
    "child_surname": ERASED,
    "child_name": ERASED,
    "child_patronymic": "",
    "child_birth_date": NEUTRAL_BIRTH_DATE,
    "guardian_surname": ERASED,
    "guardian_name": ERASED,
    "guardian_patronymic": "",
    "guardian_phone": "",
    "guardian_email": "",
    "comment": "",
}


def applications_of(learners, old) -> list[Application]:
    """The applications of the child's records, and those the child's parents typed with the
    child's identity in the organisation without their being linked to a record yet."""
    linked = list(Application.objects.filter(learner__in=learners).order_by("pk"))
    typed = Application.objects.filter(
        learner__isnull=True,
        group__club__organisation__in=old.organisations,
        child_surname__iexact=old.surname,
        child_name__iexact=old.name,
        child_birth_date=old.birth_date,
    ).order_by("pk")
    same_parent = [
        application
        for application in typed
        if phone_digits(application.guardian_phone) in old.guardian_phones
        or (application.user_id and application.user_id in old.guardian_users)
    ]
    return linked + same_parent


def erase_learner(learners, old) -> list[str]:
    applications = applications_of(learners, old)
    active = Enrolment.objects.active().filter(learner__in=learners)
    ended = active.count()  # withdrawing an accepted application ends its enrolment too
    for application in applications:
        if application.is_live:
            application_withdraw(application=application)
    freed = set()
    for enrolment in active.select_for_update():
        end_enrolment(enrolment)
        freed.add(enrolment.group_id)
    for group_id in sorted(freed):
        offer_freed_places(group_id)
    ids = [application.pk for application in applications]
    for application in Application.objects.filter(pk__in=ids):
        for name, value in ANONYMOUS_APPLICATION.items():
            setattr(application, name, value)
        application.save(update_fields=list(ANONYMOUS_APPLICATION))
    Application.history.filter(id__in=ids).update(**ANONYMOUS_APPLICATION)
    # the stored messages carry the address, the first name and the private link
    forget_application_messages(ids)
    said = [
        (
            len(ids),
            ngettext("%(count)s application anonymised", "%(count)s applications anonymised", len(ids)),
        ),
        (ended, ngettext("%(count)s enrolment ended", "%(count)s enrolments ended", ended)),
    ]
    return [text % {"count": count} for count, text in said if count]
