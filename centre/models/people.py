"""People: staff records, children (learners), their guardians and the links between them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.dates import age_on
from centre.models.organisations import Organisation
from centre.phones import phone_validator
from centre.scope import ScopedQuerySet


def short_name_of(surname: str, name: str, patronymic: str = "") -> str:
    """«Иванова А. П.» — how staff are named in lists, documents and what the portal sends out
    (the one way: FullNameMixin.short_name, the package, the open data)."""
    initials = " ".join(f"{part[0]}." for part in (name, patronymic) if part)
    return f"{surname} {initials}".strip()


class FullNameMixin(models.Model):
    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)

    @property
    def short_name(self) -> str:
        """«Иванова А. П.» — how staff are named in lists and documents."""
        return short_name_of(self.surname, self.name, self.patronymic)


class Person(FullNameMixin):
    """A member of staff: teacher, methodist, director, coordinator."""

    SCOPE_LOOKUP = "organisation"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    position = models.CharField(_("position"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="staff"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    is_active = models.BooleanField(_("works at the centre"), default=True)
    # the staff inbox by e-mail once a day (centre.inbox), for those who ask for it
    daily_digest = models.BooleanField(
        _("daily e-mail of what waits for me"),
        default=False,
        # a database default too: a migration test's older state of centre_person omits it
        db_default=False,
        help_text=_(
            "Once a day, a letter with the counts of the staff page: applications, orders, registers."
        ),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["surname", "name", "patronymic"]
        indexes = [models.Index(fields=["surname", "name"], name="centre_person_name_idx")]


class Sex(models.TextChoices):
    FEMALE = "f", _("girl")
    MALE = "m", _("boy")


class LearnerQuerySet(ScopedQuerySet):
    def with_identity(self, *, surname: str, name: str, birth_date):
        """Children recorded with this surname, first name (in any case) and birth date."""
        return self.annotate(_surname=Upper("surname"), _name=Upper("name")).filter(
            _surname=surname.strip().upper(), _name=name.strip().upper(), birth_date=birth_date
        )


class Learner(FullNameMixin):
    """A child as one organisation knows it. Personal data: never shown on public pages beyond
    name and initial.

    Each organisation keeps its own record of a child (domain.md, "Many organisations"): a
    child enrolled in two organisations is two records, each seen only by its organisation's
    staff with its own enrolments, applications and projects. Staff link a parent to an
    existing record only after checking documents (``Guardianship.basis``)."""

    SCOPE_LOOKUP = "organisation"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="learners"
    )
    birth_date = models.DateField(_("date of birth"))
    school = models.CharField(_("school"), max_length=200, blank=True)
    school_class = models.CharField(_("class"), max_length=10, blank=True)
    # for the statistics (form 1-ДОП counts girls and children with disabilities); personal
    # data, never on a public page
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, db_default="")
    disabled = models.BooleanField(
        _("has disabilities (ОВЗ)"),
        default=False,
        db_default=False,
        help_text=_("Recorded from the conclusion of the psychological, medical and pedagogical commission."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        ordering = ["surname", "name", "patronymic"]
        indexes = [
            models.Index(fields=["surname", "name", "birth_date"], name="centre_learner_ident_idx"),
            # enrolment finds the child as typed, in any case, within the organisation:
            # without it, a seq scan of 2.4 million children at national scale on every accept
            models.Index(
                "organisation",
                Upper("surname"),
                Upper("name"),
                "birth_date",
                name="centre_learner_org_ident_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__gte=datetime.date(1990, 1, 1)),
                name="centre_learner_birth_date_plausible",
                violation_error_message=_("The date of birth is too far in the past for a child."),
            )
        ]

    @property
    def public_name(self) -> str:
        """First name and surname initial: the only form a public page may show."""
        return f"{self.name} {self.surname[:1]}." if self.surname else self.name

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)

    def clean(self):
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
        if self.birth_date and self.birth_date < datetime.date(1990, 1, 1):
            raise ValidationError({"birth_date": _("The date of birth is too far in the past for a child.")})


class Relation(models.TextChoices):
    """Who the adult is to the child: asked at registration and on the application, and kept
    on the link the organisation makes when it accepts one."""

    MOTHER = "mother", _("mother")
    FATHER = "father", _("father")
    GUARDIAN = "guardian", _("legal guardian")
    OTHER = "other", _("other legal representative")


class GuardianQuerySet(ScopedQuerySet):
    def for_user(self, user, *, write: bool = False):
        """Guardians of the children of the user's organisations."""
        learners = Learner.objects.for_user(user, write=write)
        return self.filter(pk__in=Guardianship.objects.filter(learner__in=learners).values("guardian"))


class Guardian(FullNameMixin):
    """A parent or legal guardian: the only person who consents for a child.

    A parent's own account has one record with no organisation; a parent who applied
    without an account is recorded by the organisation that accepted the application."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guardians",
    )
    phone = models.CharField(_("phone"), max_length=40, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    # a parent's own account: who they are to their children (registration asks) and when
    # they proved the e-mail is theirs (nothing is attached to the account before that)
    relation = models.CharField(
        _("relation to the children"), max_length=20, choices=Relation.choices, blank=True
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian",
    )
    learners = models.ManyToManyField(
        Learner, through="Guardianship", verbose_name=_("children"), related_name="guardians"
    )

    objects = GuardianQuerySet.as_manager()

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["surname", "name", "patronymic"]
        # enrolment finds the parent by phone: 110 ms (a parallel seq scan) at national scale
        indexes = [models.Index(fields=["organisation", "phone"], name="centre_guardian_org_phone_idx")]


class Guardianship(models.Model):
    Relation = Relation

    class Basis(models.TextChoices):
        """Why the parent is linked to the child: the record was made from their own
        application, or staff linked them to an existing record after checking documents."""

        APPLICATION = "application", _("the child's record was made from the parent's application")
        DOCUMENTS = "documents", _("staff checked the documents")

    SCOPE_LOOKUP = "learner__organisation"

    guardian = models.ForeignKey(Guardian, verbose_name=_("guardian"), on_delete=models.CASCADE)
    learner = models.ForeignKey(Learner, verbose_name=_("learner"), on_delete=models.CASCADE)
    relation = models.CharField(
        _("relation"), max_length=20, choices=Relation.choices, default=Relation.GUARDIAN
    )
    basis = models.CharField(
        _("basis of the link"),
        max_length=20,
        choices=Basis.choices,
        default=Basis.APPLICATION,
        db_default=Basis.APPLICATION,
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "learner"],
                name="centre_guardianship_unique",
                violation_error_message=_("This guardian is already linked to this child."),
            )
        ]

    def __str__(self):
        return f"{self.guardian} — {self.learner}"


class ChildQuerySet(models.QuerySet):
    def of_parent(self, user):
        """The children a parent keeps in their own account, youngest last (the model's order)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(guardian__user=user)


class Child(FullNameMixin):
    """A child as a parent keeps them in their own account («Мои дети»): typed once and
    chosen on every application. The parent's record, not an organisation's: no staff member
    reads it; an organisation makes its own Learner from the application it accepts."""

    guardian = models.ForeignKey(
        Guardian, verbose_name=_("parent"), on_delete=models.CASCADE, related_name="children"
    )
    birth_date = models.DateField(_("date of birth"))
    certificate_number = models.CharField(
        _("supplementary education certificate number"), max_length=20, blank=True
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["birth_date", "name"]
        constraints = [
            models.UniqueConstraint(
                "guardian",
                Upper("surname"),
                Upper("name"),
                "birth_date",
                name="centre_child_once_per_parent",
                violation_error_message=_("This child is already in your list."),
            )
        ]

    @property
    def public_name(self) -> str:
        """The first name only: what a message or a shared screen may say of the child."""
        return self.name

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)

    def clean(self):
        # the same words as a Learner's: one rule of a plausible child's birth date
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
        if self.birth_date and self.birth_date < datetime.date(1990, 1, 1):
            raise ValidationError({"birth_date": _("The date of birth is too far in the past for a child.")})
        if self.certificate_number and not self.certificate_number.isdigit():
            raise ValidationError(
                {"certificate_number": _("The certificate number is digits only, as printed on it.")}
            )
