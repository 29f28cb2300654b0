"""Parents' accounts: registration, the e-mail confirmed by a signed link (and then the
applications sent before the account attached to it), and the children a parent keeps
(«Мои дети»). Each write is one transaction."""

import hashlib
import hmac
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Func, Value
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centre.errors import database_rules
from centre.models import Child, Guardian
from centre.notify import absolute_url, recipient_language, send_email
from centre.phones import phone_digits
from centre.roles import Role, assign_roles
from centre.sms import send_sms
from programs.models import Application

CONFIRM_SALT = "programs.confirm-email"
# the link in the mail works this long; a new one can be asked for from the cabinet
CONFIRM_DAYS = 3
# the SMS code proving the phone: valid in its window of minutes and the next one, a few tries
PHONE_CODE_MINUTES = 15
PHONE_CODE_TRIES = 5
# a family's list, not a register: bounded, so that no page lists an unbounded set
MAX_CHILDREN = 20
CHILD_FIELDS = ("surname", "name", "patronymic", "birth_date", "certificate_number", "relation")


@transaction.atomic
def parent_register(
    *,
    username: str,
    password: str,
    surname: str,
    name: str,
    phone: str,
    email: str,
    patronymic: str = "",
    relation: str = "",
):
    """Create a parent's login, their Guardian record and the parent role, or nothing at all,
    and mail the link that confirms the e-mail (queued when the transaction commits)."""
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
        user=user,
        surname=surname,
        name=name,
        patronymic=patronymic,
        phone=phone,
        email=email,
        relation=relation,
    )
    guardian.full_clean()
    guardian.save()
    assign_roles(user, [Role.PARENT])
    send_email_confirmation(guardian=guardian)
    return user


# --- the e-mail confirmed by a link ---------------------------------------------------------


def confirmation_token(guardian: Guardian) -> str:
    """A signed token naming the account and the e-mail it confirms: a changed e-mail makes
    the old links void."""
    return signing.dumps({"u": guardian.user_id, "e": guardian.email.strip().lower()}, salt=CONFIRM_SALT)


def send_email_confirmation(*, guardian: Guardian):
    """Queue the mail with the confirmation link (at most one a minute for one address)."""
    token = confirmation_token(guardian)
    minute = timezone.now().strftime("%Y%m%d%H%M")
    # in the parent's chosen language, else the page's they registered or asked on
    with translation.override(recipient_language(guardian.user)):
        link = absolute_url(reverse("programs:confirm_email", kwargs={"token": token}))
        return send_email(
            key=f"confirm-email:{guardian.pk}:{guardian.email.strip().lower()}:{minute}",
            to=guardian.email,
            template="confirm_email",
            context={"name": guardian.name, "link": link, "days": CONFIRM_DAYS},
        )


class ConfirmationFailed(ValidationError):
    pass


@transaction.atomic
def email_confirm(*, token: str) -> tuple[Guardian, int]:
    """Mark the account's e-mail confirmed and attach to it the applications sent without an
    account with that e-mail; the guardian and how many were attached. A bad, expired or
    outdated link raises ConfirmationFailed and changes nothing."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.SignatureExpired as exc:
        raise ConfirmationFailed(_("The link has expired. Log in and ask for a new one.")) from exc
    except signing.BadSignature as exc:
        raise ConfirmationFailed(_("The link is not valid. Copy the whole link from the mail.")) from exc
    guardian = (
        Guardian.objects.select_for_update()
        .filter(user_id=data.get("u"), user__isnull=False)
        .select_related("user")
        .first()
    )
    email = str(data.get("e", ""))
    if guardian is None or not email or guardian.email.strip().lower() != email:
        raise ConfirmationFailed(
            _("This link confirms an e-mail the account no longer has. Ask for a new link in the cabinet.")
        )
    if guardian.email_confirmed_at is None:
        guardian.email_confirmed_at = timezone.now()
        guardian.save(update_fields=["email_confirmed_at"])
    return guardian, attach_applications(guardian)


def attach_applications(guardian: Guardian) -> int:
    """Attach to a confirmed account the applications sent without one with its e-mail; how
    many. Nothing is attached before the e-mail is confirmed (the link proves it is theirs)."""
    if guardian.email_confirmed_at is None or not guardian.email.strip():
        return 0
    return Application.objects.filter(
        user__isnull=True, guardian_email__iexact=guardian.email.strip()
    ).update(user=guardian.user)


# --- the phone confirmed by an SMS code ----------------------------------------------------------


def _window(now: float | None = None) -> int:
    return int((now if now is not None else time.time()) // (PHONE_CODE_MINUTES * 60))


def phone_code(guardian: Guardian, window: int) -> str:
    """The six digits that prove this account's phone in that window: derived, never stored
    (a changed phone or a later window gives another code)."""
    message = f"phone-code:{guardian.pk}:{phone_digits(guardian.phone)}:{window}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"{int(digest, 16) % 1_000_000:06d}"


def send_phone_code(*, guardian: Guardian):
    """Queue the SMS with the code (one per window: asking again resends nothing new)."""
    window = _window()
    text = _(
        "%(code)s is your code to confirm the phone in the parent's cabinet. Do not tell it to anyone."
    ) % {"code": phone_code(guardian, window)}
    return send_sms(
        key=f"phone-code:{guardian.pk}:{phone_digits(guardian.phone)}:{window}", to=guardian.phone, text=text
    )


@transaction.atomic
def phone_confirm(*, guardian: Guardian, code: str) -> int:
    """Check the code from the SMS and attach to the account the applications sent without one
    with that phone (however typed); how many. A wrong code, or too many tries, changes nothing."""
    window = _window()
    tries_key = f"phone-code-tries:{guardian.pk}:{window}"
    cache.add(tries_key, 0, timeout=PHONE_CODE_MINUTES * 60 * 2)
    if cache.incr(tries_key) > PHONE_CODE_TRIES:
        raise ValidationError(
            _("Too many wrong codes. Ask for a new code in %(minutes)s minutes.")
            % {"minutes": PHONE_CODE_MINUTES}
        )
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not any(hmac.compare_digest(code, phone_code(guardian, w)) for w in (window, window - 1)):
        raise ValidationError(
            {"code": _("The code is wrong or has expired. Check the SMS or ask for a new code.")}
        )
    return attach_applications_by_phone(guardian)


def attach_applications_by_phone(guardian: Guardian) -> int:
    """Attach the applications sent without an account with this phone (as digits, 8 read as
    +7, as centre.phones compares them). Only after the SMS code proved the phone."""
    digits = phone_digits(guardian.phone)
    if not digits:
        return 0
    spellings = {digits}
    if len(digits) == 11 and digits.startswith("7"):
        spellings.add("8" + digits[1:])
    typed = Application.objects.filter(user__isnull=True).annotate(
        _digits=Func(F("guardian_phone"), Value(r"\D"), Value(""), Value("g"), function="regexp_replace")
    )
    pks = list(typed.filter(_digits__in=spellings).values_list("pk", flat=True))
    return Application.objects.filter(pk__in=pks, user__isnull=True).update(user=guardian.user)


# --- «Мои дети» --------------------------------------------------------------------------------


def _own_guardian(user) -> Guardian:
    guardian = Guardian.objects.filter(user=user).first() if user.is_authenticated else None
    if guardian is None:
        raise ValidationError(_("Only a parent's account keeps children."))
    return guardian


@transaction.atomic
def child_save(*, user, data: dict, child: Child | None = None) -> Child:
    """Add a child to the parent's account, or change one of theirs; the same child twice is
    refused with the constraint's sentence."""
    guardian = _own_guardian(user)
    if child is not None and child.guardian_id != guardian.pk:
        raise ValidationError(_("This child is not in your list."))
    if child is None:
        # the parent's row locked: two adds at once cannot pass the limit together
        Guardian.objects.select_for_update().filter(pk=guardian.pk).first()
        if Child.objects.filter(guardian=guardian).count() >= MAX_CHILDREN:
            raise ValidationError(
                _("Your list holds up to %(count)s children: remove one to add another.")
                % {"count": MAX_CHILDREN}
            )
        child = Child(guardian=guardian)
    for name in CHILD_FIELDS:
        if name in data:
            value = data[name]
            setattr(child, name, value.strip() if isinstance(value, str) else value)
    child.full_clean(exclude=["guardian"], validate_constraints=False)
    with database_rules(Child):
        child.save()
    return child


@transaction.atomic
def child_remove(*, user, child: Child) -> None:
    """Remove a child from the parent's list; the applications sent for them stay (they only
    forget which child of the list they were for)."""
    guardian = _own_guardian(user)
    deleted, _rows = Child.objects.filter(pk=child.pk, guardian=guardian).delete()
    if not deleted:
        raise ValidationError(_("This child is not in your list."))
