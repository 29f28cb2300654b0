"""Parents' accounts: registration, a write of three records in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from centre.models import Guardian
from centre.roles import Role, assign_roles


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
