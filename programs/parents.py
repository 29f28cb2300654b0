"""Parents' accounts: registration (a write of three records in one transaction) and the
reads of the parent cabinet."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from centre.models import Guardian, Learner
from centre.roles import Role, assign_roles, has_role, is_staff_member
from programs.models import Application, Enrollment


def is_parent(user) -> bool:
    """A parent's login: the parent role and no staff role (staff use the staff pages)."""
    return (
        getattr(user, "is_authenticated", False) and has_role(user, Role.PARENT) and not is_staff_member(user)
    )


@transaction.atomic
def parent_register(
    *, username: str, password: str, surname: str, name: str, phone: str, email: str, patronymic: str = ""
):
    """Create a parent's login, their Guardian record and the parent role, or nothing at all."""
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This login is taken: choose another.")})
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, password=password, email=email, first_name=name, last_name=surname
            )
    except IntegrityError as exc:
        raise ValidationError({"username": _("This login is taken: choose another.")}) from exc
    guardian = Guardian(
        user=user, surname=surname, name=name, patronymic=patronymic, phone=phone, email=email
    )
    guardian.full_clean()
    guardian.save()
    assign_roles(user, [Role.PARENT])
    return user


def cabinet_guardian(user) -> Guardian | None:
    """The parent's own Guardian record with the children linked to it (an organisation's
    record of each child, linked from the parent's application or by staff after checking
    documents) and each record's current groups in that record's organisation: nothing of
    another record of the same child, nor of another organisation (a record migrated from
    the one national record of old may still hold an enrolment elsewhere)."""
    enrolments = Enrollment.objects.filter(
        status=Enrollment.Status.ACTIVE, group__club__organisation=F("learner__organisation")
    ).select_related("group__club")
    learners = Learner.objects.order_by("surname", "name").prefetch_related(
        Prefetch("enrollments", queryset=enrolments, to_attr="active_enrolments")
    )
    return (
        Guardian.objects.filter(user=user)
        .prefetch_related(Prefetch("learners", queryset=learners, to_attr="children"))
        .first()
    )


def cabinet_applications(user) -> QuerySet[Application]:
    return (
        Application.objects.filter(user=user)
        .select_related("group__club", "group__academic_year")
        .order_by("-created_at", "-pk")
    )


def get_application_for_user(request, pk: int) -> Application:
    """The parent's own application; any other gives 404."""
    return get_object_or_404(Application.objects.select_related("group__club"), pk=pk, user=request.user)
