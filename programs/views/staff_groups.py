"""Staff pages of groups: the list, the forms with the weekly schedule, the timetable, and the
list of enrolled children with its XLSX export. Every page reads the groups of the user's
organisations (centre.scope); a teacher sees and edits only their own groups, and a reader of
the registers (the education authority) sees its territory's groups without their children."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Font

from centre.audit import Access, record_personal_data_access
from centre.forms import show_errors
from centre.history import history_of
from centre.models import AcademicYear
from centre.pagination import paginate
from centre.roles import Action, action_required, can
from centre.scope import in_scope
from centre.workbooks import append_row, header_row, workbook_bytes, xlsx_response
from programs.access import get_group_for_user, groups_for_user, sees_all_groups, sees_children
from programs.filters import GroupFilter
from programs.forms.groups import (
    GroupForm,
    SlotFormSet,
    TeacherGroupForm,
    TimetableForm,
    group_rooms,
    room_choices,
)
from programs.models import Enrolment, Group, ScheduleSlot
from programs.services.groups import group_save_with_schedule

READ_GROUPS = (Action.EDIT_OWN_GROUPS, Action.WORK_APPLICATIONS, Action.EDIT_PROGRAMS, Action.VIEW_REGISTERS)


@require_GET
@action_required(*READ_GROUPS)
def group_list(request):
    groups = groups_for_user(request.user).select_related("club", "academic_year", "teacher", "venue", "room")
    data = request.GET.copy()
    if "academic_year" not in data and (year := AcademicYear.objects.current()):
        data["academic_year"] = str(year.pk)
    filterset = GroupFilter(data, queryset=groups, request=request)
    rows = filterset.qs if filterset.is_valid() else groups.none()
    rows = rows.prefetch_related(Prefetch("slots", queryset=ScheduleSlot.objects.select_related("room")))
    page = paginate(request, rows.order_by("club__name", "year_of_study", "name", "pk"))
    return render(
        request,
        "programs/staff/group_list.html",
        {
            "filter": filterset,
            "page": page,
            "sees_all": sees_all_groups(request.user),
            "can_create": can(request.user, Action.EDIT_PROGRAMS),
        },
    )


def _enrolments(group):
    return (
        Enrolment.objects.active()
        .filter(group=group)
        .select_related("learner")
        .prefetch_related("learner__guardians")
        .order_by("learner__surname", "learner__name", "pk")
    )


@require_GET
@action_required(*READ_GROUPS)
def group_detail(request, pk):
    group = get_group_for_user(request, pk)
    user = request.user
    children = sees_children(user, group)
    enrolments = list(_enrolments(group)) if children else []
    if enrolments:
        record_personal_data_access(
            request,
            group,
            description=_("List of the group's children (%(count)s)") % {"count": len(enrolments)},
        )
    return render(
        request,
        "programs/staff/group_detail.html",
        {
            "group": group,
            "slots": group.slots.select_related("room"),
            "enrolments": enrolments,
            "sees_children": children,
            "personal_data": children and can(user, Action.VIEW_PERSONAL_DATA),
            "can_edit": children and (can(user, Action.EDIT_PROGRAMS) or can(user, Action.EDIT_OWN_GROUPS)),
            "history": history_of(group),
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.EDIT_PROGRAMS)
def group_create(request):
    group = Group()
    return _group_form(request, group, GroupForm, rooms=group_rooms(request.user, group))


@require_http_methods(["GET", "POST"])
@action_required(Action.EDIT_PROGRAMS, Action.EDIT_OWN_GROUPS)
def group_edit(request, pk):
    group = get_group_for_user(request, pk, write=True)
    if can(request.user, Action.EDIT_PROGRAMS):
        return _group_form(request, group, GroupForm, rooms=group_rooms(request.user, group))
    # a teacher: their own group (others are 404 above), the room and schedule only
    return _group_form(request, group, TeacherGroupForm, rooms=room_choices(group.venue))


def _group_form(request, group, form_class, *, rooms):
    if request.method == "POST":
        form = form_class(request.POST, instance=group, user=request.user)
        formset = SlotFormSet(request.POST, instance=group, prefix="slots", form_kwargs={"rooms": rooms})
        try:
            saved = form.is_valid() and group_save_with_schedule(form=form, schedule=formset)
        except ValidationError as error:  # the database refused a clash saved meanwhile
            saved = False
            show_errors(form, error)
        if saved:
            messages.success(request, _("The group and its schedule are saved."))
            return redirect("programs:staff_group", pk=group.pk)
    else:
        form = form_class(instance=group, user=request.user)
        formset = SlotFormSet(instance=group, prefix="slots", form_kwargs={"rooms": rooms})
    return render(
        request,
        "programs/staff/group_form.html",
        {"form": form, "formset": formset, "group": group if group.pk else None},
    )


@require_GET
@action_required(*READ_GROUPS)
def group_export(request, pk):
    group = get_group_for_user(request, pk)
    if not can(request.user, Action.VIEW_PERSONAL_DATA):
        raise PermissionDenied
    if not in_scope(group, request.user, write=True):
        raise Http404  # children's contact data: never of a territory the user only reads
    enrolments = list(_enrolments(group))
    record_personal_data_access(
        request,
        group,
        Access.EXPORT,
        _("XLSX list of the group's children (%(count)s)") % {"count": len(enrolments)},
    )
    return xlsx_response(
        group_workbook(group, enrolments), f"group-{group.pk}-{timezone.localdate():%Y-%m-%d}.xlsx"
    )


def group_workbook(group, enrolments) -> bytes:
    """The list of a group's enrolled children, as an Excel workbook."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Children")[:31]
    append_row(sheet, [str(group)])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(
        sheet,
        [
            _("Academic year: %(year)s") % {"year": group.academic_year},
            _("Teacher: %(teacher)s") % {"teacher": group.teacher.full_name},
            _("Places: %(enrolled)s of %(places)s")
            % {"enrolled": group.enrolled_count, "places": group.places},
        ],
    )
    append_row(sheet, [])
    header = [
        _("No."),
        _("Surname"),
        _("First name"),
        _("Patronymic"),
        _("Date of birth"),
        _("Enrolled on"),
        _("Parents"),
        _("Phones"),
    ]
    header_row(sheet, header, (5, 20, 16, 18, 14, 14, 32, 24))
    for number, enrolment in enumerate(enrolments, start=1):
        learner = enrolment.learner
        guardians = list(learner.guardians.all())
        append_row(
            sheet,
            [
                number,
                learner.surname,
                learner.name,
                learner.patronymic,
                learner.birth_date,
                enrolment.enrolled_on,
                ", ".join(g.full_name for g in guardians),
                ", ".join(g.phone for g in guardians),
            ],
        )
    for row in sheet.iter_rows(min_row=5, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "DD.MM.YYYY"
    return workbook_bytes(book)


@require_GET
@action_required(*READ_GROUPS)
def timetable(request):
    """A week as a table: lesson times down, weekdays across; for a venue or for a teacher."""
    user = request.user
    form = TimetableForm(request.GET or None, request=request)
    valid = not form.is_bound or form.is_valid()
    choice = form.cleaned_data if form.is_bound and valid else {}
    year = choice.get("academic_year") or AcademicYear.objects.current()
    slots = (
        ScheduleSlot.objects.for_user(user)
        .filter(academic_year=year)
        .select_related("group__club", "room__venue", "teacher")
    )
    if not sees_all_groups(user):
        slots = slots.filter(teacher__user=user)
    if choice.get("venue"):
        slots = slots.filter(group__venue=choice["venue"])
    if choice.get("teacher"):
        slots = slots.filter(teacher=choice["teacher"])
    elif (sees_all_groups(user) and not choice.get("venue")) or not valid:
        slots = slots.none()  # the whole centre's week does not fit one table: pick a venue or teacher
    weekdays, rows = week_grid(slots)
    return render(
        request,
        "programs/staff/timetable.html",
        {
            "form": form,
            "year": year,
            "weekdays": weekdays,
            "rows": rows,
            "sees_all": sees_all_groups(user),
            "chosen": bool(choice.get("venue") or choice.get("teacher")) or not sees_all_groups(user),
        },
    )


def week_grid(slots):
    """Weekday columns (Monday to Saturday, Sunday when used) and rows of (starts, ends, cells)."""
    cells = defaultdict(list)
    times = set()
    for slot in slots:
        times.add((slot.starts, slot.ends))
        cells[(slot.starts, slot.ends, slot.weekday)].append(slot)
    days = [day for day in ScheduleSlot.Weekday if day != ScheduleSlot.Weekday.SUNDAY]
    if any(key[2] == ScheduleSlot.Weekday.SUNDAY for key in cells):
        days.append(ScheduleSlot.Weekday.SUNDAY)
    rows = [
        (starts, ends, [cells.get((starts, ends, day), []) for day in days]) for starts, ends in sorted(times)
    ]
    return days, rows
