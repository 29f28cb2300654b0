"""The forms of mentoring, who fits each, and the statuses of a pair.

A pair's statuses are here, not only on ``Pair``, because a participant row keeps a copy of
its pair's status (``Participant.pair_status``) and its rules read them too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Form(models.TextChoices):
    """Forms of mentoring in the target model."""

    TEACHER_TEACHER = "teacher_teacher", _("teacher–teacher")
    HEAD_TEACHER = "head_teacher", _("head–teacher")
    PUPIL_PUPIL = "pupil_pupil", _("pupil–pupil")
    STUDENT_PUPIL = "student_pupil", _("university student–pupil")
    EMPLOYER_PUPIL = "employer_pupil", _("employer–pupil")
    EMPLOYER_STUDENT = "employer_student", _("employer–university student")


class Side(models.TextChoices):
    """Who a participant is, as far as the form of a pair cares."""

    STAFF = "staff", _("staff member")
    LEARNER = "learner", _("learner")
    STUDENT = "student", _("university or college student")
    EMPLOYER = "employer", _("employer's representative")


# form → (who the mentor is, who the mentees are)
FORM_FIT: dict[str, tuple[str, str]] = {
    Form.TEACHER_TEACHER: (Side.STAFF, Side.STAFF),
    Form.HEAD_TEACHER: (Side.STAFF, Side.STAFF),
    Form.PUPIL_PUPIL: (Side.LEARNER, Side.LEARNER),
    Form.STUDENT_PUPIL: (Side.STUDENT, Side.LEARNER),
    Form.EMPLOYER_PUPIL: (Side.EMPLOYER, Side.LEARNER),
    Form.EMPLOYER_STUDENT: (Side.EMPLOYER, Side.STUDENT),
}
# which column of Participant holds each side
SIDE_FIELD = {
    Side.STAFF: "person",
    Side.LEARNER: "learner",
    Side.STUDENT: "external",
    Side.EMPLOYER: "external",
}


class PairStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("mentoring pair", "planned")
    ACTIVE = "active", pgettext_lazy("mentoring pair", "active")
    COMPLETED = "completed", pgettext_lazy("mentoring pair", "completed")
    TERMINATED = "terminated", pgettext_lazy("mentoring pair", "terminated")


# planned and active pairs hold their mentor's and mentees' places
OPEN_PAIR_STATUSES = (PairStatus.PLANNED, PairStatus.ACTIVE)
CLOSED_PAIR_STATUSES = (PairStatus.COMPLETED, PairStatus.TERMINATED)
