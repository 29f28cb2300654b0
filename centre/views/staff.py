"""Staff pages of the core: the learner card (consents, erasure) and the personal data log.

The learner card reads the child's enrolments and applications through the reverse
relations the areas declare (``learner.enrollments``, ``learner.applications``), so nothing
here imports an area app.
"""

from functools import wraps

import django_filters
from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from centre import erasure
from centre.audit import can_read_audit, record_personal_data_access
from centre.history import history_entries
from centre.models import Consent, Guardianship, Learner, PersonalDataAccess
from centre.roles import Action, action_required

AUDIT_PAGE_SIZE = 50


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "For example: the guardian's written request of 12.03.2026. Do not write the child's name."
        ),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that the child's data will be erased everywhere and cannot be restored"
        ),
        required=True,
    )


class AccessFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=gettext_lazy("User"),
        queryset=lambda request: (
            get_user_model()
            .objects.filter(pk__in=PersonalDataAccess.objects.values("user"))
            .order_by("username")
        ),
        empty_label=gettext_lazy("Anyone"),
    )
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("Action"),
        choices=PersonalDataAccess.Action.choices,
        empty_label=gettext_lazy("Any action"),
    )
    date_from = django_filters.DateFilter(
        label=gettext_lazy("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        label=gettext_lazy("To"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = PersonalDataAccess
        fields = ["user", "action", "date_from", "date_to"]


def audit_required(view):
    """Anonymous users log in; anyone but a director or an administrator gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_read_audit(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _object_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


@require_GET
@audit_required
def audit_list(request):
    records = PersonalDataAccess.objects.select_related("user")
    filterset = AccessFilter(request.GET, queryset=records, request=request)
    rows = filterset.qs if filterset.is_valid() else records.none()
    page = Paginator(rows.order_by("-at", "-id"), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {}
    for record in page.object_list:
        record.object_label = labels.setdefault(record.object_type, _object_label(record.object_type))
        record.is_learner = record.object_type == Learner._meta.label_lower and record.object_id
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "centre/staff/audit_list.html",
        {"filter": filterset, "page": page, "query": params.urlencode()},
    )


def get_learner_for_user(request, pk) -> Learner:
    """The views' decorator keeps out everyone without VIEW_PERSONAL_DATA; the rest see all."""
    return get_object_or_404(Learner, pk=pk)


def _related(learner, name, *select):
    """A reverse relation an area app declares on Learner, or nothing if the app is absent."""
    manager = getattr(learner, name, None)
    return list(manager.select_related(*select)) if manager is not None else []


def _card(request, learner, *, erasure_form=None):
    guardianships = Guardianship.objects.filter(learner=learner).select_related("guardian")
    consents = Consent.objects.filter(learner=learner).select_related("guardian")
    record_personal_data_access(request, learner, description=_("Learner card"))
    kinds = dict(Consent.Kind.choices)
    return render(
        request,
        "centre/staff/learner_detail.html",
        {
            "learner": learner,
            "erased": erasure.is_erased(learner),
            "guardianships": guardianships,
            "consents": consents,
            "enrollments": _related(learner, "enrollments", "group__club", "group__academic_year"),
            "applications": _related(learner, "applications", "group__club", "group__academic_year"),
            "erasure_form": erasure_form or ErasureForm(),
            "history": history_entries(
                Consent.history.filter(learner_id=learner.pk),
                subject=lambda record: (
                    _("Consent to %(kind)s") % {"kind": kinds.get(record.kind, record.kind)}
                ),
            ),
        },
    )


@require_GET
@action_required(Action.VIEW_PERSONAL_DATA)
def learner_detail(request, pk):
    return _card(request, get_learner_for_user(request, pk))


@require_POST
@action_required(Action.VIEW_PERSONAL_DATA)
def consent_withdraw(request, pk, consent_pk):
    learner = get_learner_for_user(request, pk)
    consent = get_object_or_404(Consent, pk=consent_pk, learner=learner)
    try:
        erasure.consent_withdraw(consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The consent to %(kind)s is withdrawn.") % {"kind": consent.get_kind_display()}
        )
    return redirect("staff_learner", pk=learner.pk)


@require_POST
@action_required(Action.VIEW_PERSONAL_DATA)
def learner_erase(request, pk):
    learner = get_learner_for_user(request, pk)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            erasure.learner_erase(learner=learner, request=request, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The child's personal data is erased everywhere."))
            return redirect("staff_learner", pk=learner.pk)
    return _card(request, learner, erasure_form=form)
