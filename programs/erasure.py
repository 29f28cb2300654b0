"""The programs step of erasing a child (centre.erasure): applications and enrolments.

Live applications are withdrawn (an enrolled child leaves and frees the place), remaining
enrolments end, and every application of the child — linked to the learner, or typed by a
parent with the same name and date of birth — loses the child's and the parent's data, in
its change history too (otherwise the history section would still show the old values).
"""

from django.db.models import F, Q
from django.utils import timezone

from centre.erasure import ERASED, NEUTRAL_BIRTH_DATE
from programs.models import Application, Enrollment, Group
from programs.services import application_withdraw

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


def applications_of(learner, old):
    return Application.objects.filter(
        Q(learner=learner)
        | Q(
            learner__isnull=True,
            child_surname__iexact=old.surname,
            child_name__iexact=old.name,
            child_birth_date=old.birth_date,
        )
    )


def erase_learner(learner, old) -> None:
    applications = list(applications_of(learner, old).order_by("pk"))
    for application in applications:
        if application.is_live:
            application_withdraw(application=application)
    today = timezone.localdate()
    for enrollment in Enrollment.objects.filter(
        learner=learner, status=Enrollment.Status.ACTIVE
    ).select_for_update():
        enrollment.status = Enrollment.Status.LEFT
        enrollment.left_on = max(today, enrollment.enrolled_on)
        enrollment.save(update_fields=["status", "left_on"])
        Group.objects.filter(pk=enrollment.group_id).update(enrolled_count=F("enrolled_count") - 1)
    ids = [application.pk for application in applications]
    for application in Application.objects.filter(pk__in=ids):
        for name, value in ANONYMOUS_APPLICATION.items():
            setattr(application, name, value)
        application.save(update_fields=list(ANONYMOUS_APPLICATION))
    Application.history.filter(id__in=ids).update(**ANONYMOUS_APPLICATION)
