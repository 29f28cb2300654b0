"""What waits for staff in programs (centre.inbox): new and overdue applications, parents'
requests to leave, programs waiting for the director's approval or returned to the
methodist, orders to sign or still in draft, months of the registers with unmarked
attendance and children who missed ATTENDANCE_ABSENCE_STREAK lessons in a row.

Every count reads the user's own organisations (``for_user(user, write=True)``: the queue is
worked there, not in a territory an authority reads) in one query — the applications' two
counts and the programs' three are one aggregate each — so the number of queries does not
grow with an organisation's size. The one count whose cost does (every register of the
organisation, for the methodist) is kept a few minutes (REGISTERS_CACHE_SECONDS): the bench
row "staff inbox" at national scale."""

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre import inbox
from centre.models import AcademicYear
from centre.roles import Action, can
from centre.scope import staff_organisations
from programs.models import Application, Enrolment, Group, LeaveRequest, Order, Program
from programs.services.attendance import flagged_absences, unmarked_months


@inbox.provider
def applications(user, today):
    """New applications and, among them, those overdue for a decision (all academic years:
    the links ask the list for every year, which it otherwise narrows to the current one)."""
    if not can(user, Action.WORK_APPLICATIONS):
        return
    counts = (
        Application.objects.for_user(user, write=True)
        .filter(status=Application.Status.NEW)
        .aggregate(
            new=Count("pk"),
            overdue=Count("pk", filter=Q(created_at__lt=Application.decision_deadline(timezone.now()))),
        )
    )
    every_year = {"year": ""}
    yield inbox.Item(
        "applications_new",
        _("New applications"),
        counts["new"],
        inbox.link("programs:staff_applications", {"status": Application.Status.NEW, **every_year}),
        rank=10,
    )
    yield inbox.Item(
        "applications_overdue",
        _("Applications overdue for a decision"),
        counts["overdue"],
        inbox.link("programs:staff_applications", {"overdue": "on", **every_year}),
        rank=11,
        urgent=True,
    )


@inbox.provider
def leave_requests(user, today):
    if not can(user, Action.WORK_APPLICATIONS):
        return
    yield inbox.Item(
        "leave_requests",
        _("Parents' requests to leave a club"),
        LeaveRequest.objects.for_user(user, write=True).pending().count(),
        inbox.link("programs:staff_leave_requests"),
        rank=12,
    )


@inbox.provider
def programs(user, today):
    """For the director, the programs sent for approval (for publication or for another
    year); for the methodist, those the director returned for changes."""
    approves, edits = can(user, Action.APPROVE_PROGRAMS), can(user, Action.EDIT_PROGRAMS)
    if not (approves or edits):
        return
    counts = (
        Program.objects.for_user(user, write=True)
        .filter(Q(status__in=[Program.Status.REVIEW, Program.Status.RETURNED]) | ~Q(renewal=""))
        .aggregate(
            review=Count("pk", filter=Q(status=Program.Status.REVIEW) | Q(renewal=Program.Renewal.REVIEW)),
            returned=Count("pk", filter=Q(status=Program.Status.RETURNED)),
            renewal_returned=Count("pk", filter=Q(renewal=Program.Renewal.RETURNED)),
        )
    )
    if approves:
        yield inbox.Item(
            "programs_review",
            _("Programs waiting for your approval"),
            counts["review"],
            inbox.link("programs:staff_review"),
            rank=20,
        )
    if edits:
        yield inbox.Item(
            "programs_returned",
            _("Programs returned for changes"),
            counts["returned"],
            inbox.link("programs:staff_programs", {"status": Program.Status.RETURNED}),
            rank=21,
        )
        if counts["renewal_returned"]:
            # published programs whose approval for another year came back: the list has no
            # filter of its own for them, the published ones hold them
            yield inbox.Item(
                "programs_renewal_returned",
                _("Programs returned from the approval for another year"),
                counts["renewal_returned"],
                inbox.link("programs:staff_programs", {"status": Program.Status.PUBLISHED}),
                rank=22,
            )


def drafts_with_children(user):
    """The draft orders of the user's own organisations that name at least one child."""
    return (
        Order.objects.for_user(user, write=True)
        .drafts()
        .filter(
            Exists(Enrolment.objects.filter(order=OuterRef("pk")))
            | Exists(Enrolment.objects.filter(leaving_order=OuterRef("pk")))
        )
    )


@inbox.provider
def orders(user, today):
    """For the director, the drafts to sign; for the methodist, the drafts that wait for it."""
    signs = can(user, Action.SIGN_ORDERS)
    if not (signs or can(user, Action.KEEP_ORDERS)):
        return
    count = drafts_with_children(user).count()
    url = inbox.link("programs:staff_orders", {"status": Order.Status.DRAFT})
    if signs:
        yield inbox.Item("orders_to_sign", _("Orders to sign"), count, url, rank=30)
    else:
        yield inbox.Item("orders_draft", _("Draft orders waiting for the signature"), count, url, rank=30)


def register_groups(user):
    """The current year's groups whose registers the user keeps: every group of the own
    organisations for whoever keeps the registers (the methodist), else the teacher's own.
    None when there is nothing to count: no current year, no organisation, or an
    administrator (every organisation: not a count for one page)."""
    year_id = AcademicYear.objects.current_id()
    if year_id is None or user.is_superuser or not can(user, Action.MARK_OWN_ATTENDANCE):
        return None
    groups = Group.objects.for_user(user, write=True).filter(academic_year_id=year_id)
    if not can(user, Action.MANAGE_ATTENDANCE):
        groups = groups.filter(teacher__user=user)
    return None if groups.query.is_empty() else groups


#: how long the methodist's count of registers waiting for marks is kept (the teacher's is
#: counted afresh): every register of the organisation is read for it — the heaviest count
#: of the page at national scale — and it follows the teachers' marking, not the
#: methodist's own work, so a few minutes' lag is harmless; the list it links to is live
REGISTERS_CACHE_SECONDS = 300


def register_link(group_id: int, month) -> str | None:
    return inbox.link("programs:attendance_register", pk=group_id, year=month.year, month=month.month)


@inbox.provider
def attendance(user, today):
    """The months of the registers with a lesson that took place and a child without a mark
    (programs.services.attendance.unmarked_months: one query for every group; the
    methodist's kept REGISTERS_CACHE_SECONDS per organisation and day) and, for the teacher,
    the children of their groups flagged for missing lessons in a row (one query). The link
    opens the register when one month waits, else the list of registers."""
    groups = register_groups(user)
    if groups is None:
        return
    keeps_all = can(user, Action.MANAGE_ATTENDANCE)
    key = f"inbox:registers:{','.join(map(str, staff_organisations(user)))}:{today:%Y-%m-%d}"
    waiting = cache.get(key) if keeps_all else None
    if waiting is None:
        months = unmarked_months(groups, today=today)
        waiting = sorted((month, group_id) for group_id, firsts in months.items() for month in firsts)
        if keeps_all:
            cache.set(key, waiting, REGISTERS_CACHE_SECONDS)
    overview = inbox.link("programs:attendance_groups")
    yield inbox.Item(
        "attendance_unmarked",
        _("Months of the registers with unmarked lessons"),
        len(waiting),
        register_link(waiting[0][1], waiting[0][0]) if len(waiting) == 1 else overview,
        rank=40,
    )
    if keeps_all:
        return  # the flag is the teacher's: the methodist's page does not read every mark
    flagged = flagged_absences(groups)
    if flagged:
        yield inbox.Item(
            "attendance_absences",
            _("Children who missed several lessons in a row"),
            len(flagged),
            overview,
            rank=41,
            urgent=True,
        )
