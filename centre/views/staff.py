"""Staff pages of the core: the staff landing page, the learner card (consents, erasure) and
the personal data log.

Every page reads through ``for_user`` (centre.scope): a learner of another organisation is a
404, the log lists the rows of the user's organisations only, and consents are withdrawn and
children erased only within the user's own organisations (write scope: an education
authority's territory is read-only). The learner card reads the record's enrolments,
applications and projects through the reverse relations the areas declare
(``learner.enrolments``, ``learner.applications``, ``learner.project_memberships``), so
nothing here imports an area app.
"""

import django_filters
from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centre import erasure
from centre.audit import record_personal_data_access
from centre.forms import DateInput, say_limits
from centre.history import history_entries
from centre.inbox import inbox_for
from centre.models import Consent, Guardianship, Learner, Organisation, PersonalDataAccess
from centre.pagination import paginate
from centre.roles import Action, action_required, can
from centre.scope import readable_organisations, staff_organisations

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
            "I understand that the child's data will be erased in this organisation and cannot be restored"
        ),
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_limits(self)


class AccessFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=gettext_lazy("User"),
        # only the people whose rows the reader may see: their own organisations' staff
        queryset=lambda request: (
            get_user_model()
            .objects.filter(pk__in=PersonalDataAccess.objects.for_user(request.user).values("user"))
            .order_by("username")
        ),
        empty_label=gettext_lazy("Anyone"),
    )
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("Action"),
        choices=PersonalDataAccess.Kind.choices,
        empty_label=gettext_lazy("Any action"),
    )
    date_from = django_filters.DateFilter(
        label=gettext_lazy("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=DateInput(),
    )
    date_to = django_filters.DateFilter(
        label=gettext_lazy("To"),
        field_name="at",
        lookup_expr="date__lte",
        widget=DateInput(),
    )

    class Meta:
        model = PersonalDataAccess
        fields = ["user", "action", "date_from", "date_to"]


# --- the staff landing page -----------------------------------------------------------------

# The sections a member of staff may reach, in the order of a working day. Whether the user
# sees one is asked of the page's own view (``allows``, set by its access decorator), so the
# landing page never offers what the page would refuse.
SECTIONS = [
    (
        "programs:staff_applications",
        gettext_lazy("Applications"),
        gettext_lazy("Parents' applications to your groups: enrol, put on the waiting list or reject."),
    ),
    (
        "programs:staff_orders",
        gettext_lazy("Orders"),
        gettext_lazy("Enrolment, leaving and transfer orders: drafts to sign, signed ones to print."),
    ),
    (
        "programs:staff_groups",
        gettext_lazy("Groups"),
        gettext_lazy("Groups of the current year, their children and the lists to download."),
    ),
    (
        "programs:attendance_groups",
        gettext_lazy("Attendance registers"),
        gettext_lazy(
            "The registers of the groups: mark the lessons, close the months, download the timesheet."
        ),
    ),
    (
        "programs:staff_timetable",
        gettext_lazy("Timetable"),
        gettext_lazy("Lessons by teacher, room and day."),
    ),
    (
        "programs:attendance_calendar",
        gettext_lazy("Academic calendar"),
        gettext_lazy("Holidays and cancelled days: the days without lessons in every register."),
    ),
    (
        "programs:staff_programs",
        gettext_lazy("Programs"),
        gettext_lazy("Supplementary general education programs, their status and yearly approval."),
    ),
    (
        "programs:staff_review",
        gettext_lazy("Programs to approve"),
        gettext_lazy("Programs sent for approval: approve by order or return for changes."),
    ),
    (
        "programs:staff_clubs",
        gettext_lazy("Clubs"),
        gettext_lazy("Clubs, studios and sections with their photos."),
    ),
    (
        "programs:staff_imports",
        gettext_lazy("Import from files"),
        gettext_lazy(
            "Programs, groups and learners from XLSX files, checked row by row before anything is saved."
        ),
    ),
    (
        "programs:staff_next_year",
        gettext_lazy("The next academic year"),
        gettext_lazy("Copy the groups into the next academic year and move the children on by order."),
    ),
    (
        "projects:staff_projects",
        gettext_lazy("Projects"),
        gettext_lazy("Children's projects, their teams, files and results."),
    ),
    (
        "projects:competitions",
        gettext_lazy("Competitions"),
        gettext_lazy("Contests, olympiads and festivals with the children's results."),
    ),
    (
        "projects:achievements",
        gettext_lazy("Achievements"),
        gettext_lazy("Results of the year by level and direction."),
    ),
    (
        "projects:gifted_bank",
        gettext_lazy("Gifted children"),
        gettext_lazy("Children with high results at competitions of the region and above."),
    ),
    (
        "programs:statistics",
        gettext_lazy("Statistics"),
        gettext_lazy(
            "Figures of form 1-ДОП by direction, the coverage of schoolchildren and the technical share."
        ),
    ),
    (
        "innovation:dashboard",
        gettext_lazy("Innovation platforms"),
        gettext_lazy("Platforms, their orders, yearly reports and products."),
    ),
    (
        "mentoring:dashboard",
        gettext_lazy("Mentoring"),
        gettext_lazy("Mentoring programs, pairs, their meetings and plans."),
    ),
    (
        "staff_audit",
        gettext_lazy("Access to personal data"),
        gettext_lazy("Who opened, exported or erased children's personal data, and when."),
    ),
]


def sections_for(user) -> list[dict]:
    """The landing page's sections this user's roles open (an absent app's are left out)."""
    shown = []
    for name, title, text in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        allows = getattr(resolve(url).func, "allows", None)
        if allows is not None and allows(user):
            shown.append({"url": url, "title": title, "text": text, "name": name})
    return shown


@require_GET
@action_required(Action.VIEW_STAFF_AREA)
def staff_home(request):
    """What waits for the user (centre.inbox: counts with links, by role), what their role
    reaches, and in which organisations: their own (where they work and change records) and,
    for an education authority, the territory it reads."""
    user = request.user
    inbox = inbox_for(user)
    own_ids, readable_ids = staff_organisations(user), readable_organisations(user)
    every = own_ids is None
    own = territory = []
    if not every:
        organisations = {
            organisation.pk: organisation
            for organisation in Organisation.objects.filter(pk__in=readable_ids).order_by("name")
        }
        own = [organisations[pk] for pk in organisations if pk in own_ids]
        territory = [organisations[pk] for pk in organisations if pk not in own_ids]
    return render(
        request,
        "centre/staff/home.html",
        {
            "inbox": inbox,
            "inbox_waits": any(item.waits for item in inbox),
            "sections": sections_for(user),
            "every_organisation": every,
            "own_organisations": own,
            "territory": territory,
            "read_only": not every and not can(user, Action.VIEW_PERSONAL_DATA) and bool(territory),
        },
    )


# --- the personal data log ------------------------------------------------------------------


def _object_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


@require_GET
@action_required(Action.VIEW_AUDIT_LOG)
def audit_list(request):
    # the rows of the reader's organisations' staff: another organisation's are not theirs
    records = PersonalDataAccess.objects.for_user(request.user).select_related("user")
    filterset = AccessFilter(request.GET, queryset=records, request=request)
    rows = filterset.qs if filterset.is_valid() else records.none()
    page = paginate(request, rows.order_by("-at", "-id"), AUDIT_PAGE_SIZE)
    labels = {}
    for record in page.object_list:
        record.object_label = labels.setdefault(record.object_type, _object_label(record.object_type))
        record.is_learner = record.object_type == Learner._meta.label_lower and record.object_id
    return render(request, "centre/staff/audit_list.html", {"filter": filterset, "page": page})


# --- the learner card -----------------------------------------------------------------------


def get_learner_for_user(request, pk, *, write: bool = False) -> Learner:
    """The organisation's record of a child, if it is within the user's organisations
    (``write``: their own, not an authority's territory); anyone else's is a 404. The views'
    decorator has already kept out everyone without VIEW_PERSONAL_DATA."""
    return get_object_or_404(
        Learner.objects.for_user(request.user, write=write).select_related("organisation"), pk=pk
    )


def _related(request, learner, name, *select):
    """A reverse relation an area app declares on Learner (this record's rows, within the
    user's organisations), or nothing if the app is absent."""
    manager = getattr(learner, name, None)
    if manager is None:
        return []
    rows = manager.all()
    if hasattr(rows, "for_user"):
        rows = rows.for_user(request.user)
    return list(rows.select_related(*select))


def _card(request, learner, *, erasure_form=None):
    guardianships = Guardianship.objects.filter(learner=learner).select_related("guardian")
    consents = list(Consent.objects.filter(learner=learner).select_related("guardian"))
    erased = erasure.is_erased(learner)
    for consent in consents:
        # a withdrawn processing consent: the data is to be erased by the country's deadline
        consent.erase_by = (
            erasure.erase_by(learner, consent.withdrawn_at)
            if consent.withdrawn_at and consent.kind == Consent.Kind.PROCESSING and not erased
            else None
        )
    record_personal_data_access(request, learner, description=_("Learner card"))
    kinds = dict(Consent.Kind.choices)
    return render(
        request,
        "centre/staff/learner_detail.html",
        {
            "learner": learner,
            "erased": erased,
            "profile": learner.organisation.profile,
            "guardianships": guardianships,
            "consents": consents,
            "enrolments": _related(request, learner, "enrolments", "group__club", "group__academic_year"),
            "applications": _related(request, learner, "applications", "group__club", "group__academic_year"),
            "memberships": _related(request, learner, "project_memberships", "project__club"),
            "links_projects": can(request.user, Action.EDIT_PROJECTS),
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


# what withdrawing each kind of consent does, said on the confirmation page
WITHDRAWAL_CONSEQUENCES = {
    Consent.Kind.PUBLICATION: gettext_lazy(
        "The child's name and photos leave every public page of the portal (projects, the showcase) at once."
    ),
    Consent.Kind.PROCESSING: gettext_lazy(
        "The organisation may no longer process the child's data on this consent. To erase the "
        "data as well, use the erasure at the bottom of the learner card."
    ),
}


def _erasure_deadline(learner, consent) -> list[str]:
    """What the withdrawal of a processing consent sets going: the erasure by the country's deadline."""
    if consent.kind != Consent.Kind.PROCESSING:
        return []
    due = erasure.erase_by(learner, timezone.now())
    return [
        _("Withdrawn today, the child's data is to be erased by %(date)s.") % {"date": date_format(due)},
        str(learner.organisation.profile.erasure_text),
    ]


@require_http_methods(["GET", "POST"])
@action_required(Action.VIEW_PERSONAL_DATA)
def consent_withdraw(request, pk, consent_pk):
    """GET: the confirmation page, naming the consequence; POST: the withdrawal."""
    learner = get_learner_for_user(request, pk, write=True)
    consent = get_object_or_404(Consent.objects.select_related("guardian"), pk=consent_pk, learner=learner)
    kind = consent.get_kind_display()
    if request.method == "GET" and consent.withdrawn_at is None:
        record_personal_data_access(request, learner, description=_("Consent withdrawal"))
        return render(
            request,
            "centre/staff/consent_withdraw.html",
            {
                "learner": learner,
                "consent": consent,
                "question": _("Withdraw the consent to %(kind)s?") % {"kind": kind},
                "consequence": WITHDRAWAL_CONSEQUENCES.get(consent.kind, ""),
                "details": [
                    _("Given by %(guardian)s on %(date)s.")
                    % {"guardian": consent.guardian.full_name, "date": date_format(consent.given_on)},
                    _(
                        "A withdrawn consent cannot be put back: if the guardian agrees again, record a new one."
                    ),
                    *_erasure_deadline(learner, consent),
                ],
            },
        )
    if request.method == "GET":
        messages.info(request, _("This consent is already withdrawn."))
        return redirect("staff_learner", pk=learner.pk)
    try:
        erasure.consent_withdraw(consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consent to %(kind)s is withdrawn.") % {"kind": kind})
    return redirect("staff_learner", pk=learner.pk)


@require_POST
@action_required(Action.VIEW_PERSONAL_DATA)
def learner_erase(request, pk):
    learner = get_learner_for_user(request, pk, write=True)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            done = erasure.learner_erase(learner=learner, request=request, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done.summary())
            return redirect("staff_learner", pk=learner.pk)
    return _card(request, learner, erasure_form=form)
