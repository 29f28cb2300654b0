"""The attendance register: the groups whose registers a user keeps or reads, a group's month
(the lessons as a list for a phone, the grid for a wide screen), one lesson's marks (one POST
saves the lesson), closing and reopening a month, the monthly timesheet (XLSX) and the
attendance rates of groups and children.

Who: a teacher marks the registers of their own groups, the methodist any group of their
organisations (MARK_OWN_ATTENDANCE); the methodist and the director read them all
(VIEW_ATTENDANCE); the methodist closes and reopens months and changes a closed month's
marks (MANAGE_ATTENDANCE). Another organisation's or another teacher's group is a 404.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from centre.audit import Access, record_personal_data_access
from centre.forms import show_errors
from centre.models import AcademicYear
from centre.pagination import paginate
from centre.roles import Action, action_required, can
from centre.workbooks import xlsx_response
from programs.access import get_register_group, get_register_lesson, register_groups
from programs.attendance_reports import (
    child_rates,
    code_legend,
    group_rates,
    register_month,
    timesheet_workbook,
)
from programs.forms.attendance import LessonMarksForm
from programs.models import AttendanceMonth, Enrolment, Group, Lesson
from programs.services import attendance

READ = (Action.MARK_OWN_ATTENDANCE, Action.VIEW_ATTENDANCE)

# --- who reaches which register -------------------------------------------------------------


def _month(group: Group, year: int, month: int) -> datetime.date:
    """The first day of the month asked for, if it is a month of the group's academic year."""
    try:
        day = datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None
    if day not in attendance.year_months(group):
        raise Http404
    return day


def _month_url(name: str, group: Group, month: datetime.date) -> str:
    return reverse(f"programs:{name}", args=[group.pk, month.year, month.month])


def register_url(group: Group, month: datetime.date) -> str:
    return _month_url("attendance_register", group, month)


# --- the list of groups -------------------------------------------------------------------


@require_GET
@action_required(*READ)
def attendance_groups(request):
    """The current year's groups whose registers the user keeps or reads, with the months
    waiting for marks and the children missing lessons in a row."""
    year_id = AcademicYear.objects.current_id()
    groups = (
        register_groups(request.user)
        .filter(academic_year_id=year_id)
        .select_related("club", "teacher", "academic_year")
        .order_by("club__name", "year_of_study", "name", "pk")
    )
    page = paginate(request, groups)
    on_page = list(page.object_list)
    unmarked = attendance.unmarked_months(on_page)
    flagged = attendance.flagged_absences(on_page)
    by_group: dict[int, int] = {}
    if flagged:
        from_enrolments = (
            Enrolment.objects.filter(pk__in=list(flagged)).values_list("group_id", flat=True).order_by()
        )
        for group_id in from_enrolments:
            by_group[group_id] = by_group.get(group_id, 0) + 1
    today = timezone.localdate()
    rows = [
        {
            "group": group,
            "unmarked": unmarked.get(group.pk, []),
            "flagged": by_group.get(group.pk, 0),
            "url": reverse("programs:attendance_group", args=[group.pk]),
        }
        for group in on_page
    ]
    return render(
        request,
        "programs/staff/attendance/group_list.html",
        {
            "page": page,
            "rows": rows,
            "today": today,
            "reads_rates": can(request.user, Action.VIEW_ATTENDANCE),
            "keeps_calendar": can(request.user, Action.MANAGE_ATTENDANCE),
        },
    )


@require_GET
@action_required(*READ)
def attendance_group(request, pk):
    """A group's register: the current month (or the nearest month of its academic year)."""
    group = get_register_group(request, pk)
    months = attendance.year_months(group)
    this_month = attendance.first_day(timezone.localdate())
    month = min(max(this_month, months[0]), months[-1])
    return redirect(register_url(group, month))


# --- a month --------------------------------------------------------------------------------


@require_GET
@action_required(*READ)
def attendance_register(request, pk, year, month):
    group = get_register_group(request, pk)
    month = _month(group, year, month)
    lessons = attendance.open_month(group, month)
    streaks = attendance.absence_streaks([group])
    register = register_month(group, month, lessons, streaks)
    if register.rows:
        record_personal_data_access(
            request, group, description=_("Attendance register, %(month)s") % {"month": f"{month:%m.%Y}"}
        )
    closed = AttendanceMonth.objects.filter(group=group, month=month).select_related("closed_by").first()
    months = attendance.year_months(group)
    index = months.index(month)
    today = timezone.localdate()
    user = request.user
    marks = (
        can(user, Action.MARK_OWN_ATTENDANCE)
        and register_groups(user, write=True).filter(pk=group.pk).exists()
    )
    return render(
        request,
        "programs/staff/attendance/register.html",
        {
            "group": group,
            "month": month,
            "register": register,
            "lessons": register.lesson_summaries(today),
            "closed": closed,
            "marks": marks and (closed is None or can(user, Action.MANAGE_ATTENDANCE)),
            "manages": can(user, Action.MANAGE_ATTENDANCE) and marks,
            "previous_url": register_url(group, months[index - 1]) if index > 0 else None,
            "next_url": register_url(group, months[index + 1]) if index + 1 < len(months) else None,
            "timesheet_url": _month_url("attendance_timesheet", group, month),
            "close_url": _month_url("attendance_close", group, month),
            "reopen_url": _month_url("attendance_reopen", group, month),
            "streak_limit": _streak_limit(),
            "legend": code_legend(),
            "reads_rates": can(user, Action.VIEW_ATTENDANCE),
            "can_close": month <= attendance.first_day(today),
        },
    )


def _streak_limit() -> int:
    return settings.ATTENDANCE_ABSENCE_STREAK


# --- one lesson ----------------------------------------------------------------------------


def _lesson_page(request, lesson, form, *, streaks, closed, has_marks):
    group = lesson.group
    month = attendance.first_day(lesson.date)
    lessons = list(
        Lesson.objects.filter(group=group, date__range=(month, attendance.last_day(month))).order_by(
            "date", "starts"
        )
    )
    index = next((i for i, other in enumerate(lessons) if other.pk == lesson.pk), 0)
    return render(
        request,
        "programs/staff/attendance/lesson.html",
        {
            "group": group,
            "lesson": lesson,
            "form": form,
            "rows": [
                (enrolment, field, buttons, streaks.get(enrolment.pk, 0))
                for enrolment, field, buttons in form.rows()
            ],
            "streak_limit": _streak_limit(),
            "closed": closed,
            "taken_place": attendance.has_taken_place(lesson),
            "register_url": register_url(group, month),
            "previous": lessons[index - 1] if index > 0 else None,
            "next": lessons[index + 1] if index + 1 < len(lessons) else None,
            "may_change": not closed or can(request.user, Action.MANAGE_ATTENDANCE),
            "has_marks": has_marks,
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.MARK_OWN_ATTENDANCE)
def attendance_lesson(request, pk):
    """One lesson's marks: GET shows the children with their marks, POST saves them all."""
    lesson = get_register_lesson(request, pk, write=True)
    group = lesson.group
    enrolments = [
        enrolment
        for enrolment in group.enrolments.select_related("learner").order_by(
            "learner__surname", "learner__name", "pk"
        )
        if attendance.enrolled_on(enrolment, lesson.date)
    ]
    marks = dict(lesson.marks.values_list("enrolment_id", "status"))
    closed = attendance.is_closed(group, lesson.date)
    streaks = attendance.absence_streaks([group])
    if enrolments:
        record_personal_data_access(
            request, group, description=_("Attendance of the lesson %(lesson)s") % {"lesson": lesson}
        )
    if request.method == "POST":
        form = LessonMarksForm(request.POST, enrolments=enrolments, marks=marks)
        if form.is_valid():
            try:
                written = attendance.mark_lesson(
                    lesson=lesson,
                    statuses=form.statuses(all_present=LessonMarksForm.ALL_PRESENT in request.POST),
                    by=request.user,
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The lesson of %(lesson)s is saved (%(count)s changed).")
                    % {"lesson": lesson, "count": written},
                )
                if "save_next" in request.POST:
                    following = (
                        Lesson.objects.filter(group=group, date__lte=timezone.localdate())
                        .filter(Q(date__gt=lesson.date) | Q(date=lesson.date, starts__gt=lesson.starts))
                        .filter(date__lte=attendance.last_day(lesson.date))
                        .order_by("date", "starts")
                        .first()
                    )
                    if following is not None:
                        return redirect("programs:attendance_lesson", following.pk)
                return redirect(register_url(group, attendance.first_day(lesson.date)))
    else:
        form = LessonMarksForm(enrolments=enrolments, marks=marks)
    return _lesson_page(request, lesson, form, streaks=streaks, closed=closed, has_marks=bool(marks))


@require_http_methods(["GET", "POST"])
@action_required(Action.MARK_OWN_ATTENDANCE)
def attendance_lesson_clear(request, pk):
    """Remove a lesson's marks (it did not take place): GET asks, POST with confirmed acts."""
    lesson = get_register_lesson(request, pk, write=True)
    back = reverse("programs:attendance_lesson", args=[lesson.pk])
    if request.method == "POST" and request.POST.get("confirmed"):
        try:
            removed = attendance.clear_lesson(lesson=lesson, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(
            request,
            ngettext("%(count)s mark removed.", "%(count)s marks removed.", removed) % {"count": removed},
        )
        return redirect(register_url(lesson.group, attendance.first_day(lesson.date)))
    return render(
        request,
        "programs/staff/attendance/confirm.html",
        {
            "question": _("Remove every mark of the lesson of %(lesson)s?") % {"lesson": lesson},
            "consequence": _(
                "Do this when the lesson did not take place; then the methodist can mark the day as "
                "cancelled in the academic calendar. The marks' history is kept."
            ),
            "confirm_label": _("Remove the marks"),
            "cancel_url": back,
        },
    )


# --- closing a month ------------------------------------------------------------------------


def _month_action(request, pk, year, month, *, close: bool):
    group = get_register_group(request, pk, write=True)
    month = _month(group, year, month)
    back = register_url(group, month)
    if request.method == "POST" and request.POST.get("confirmed"):
        try:
            if close:
                attendance.close_month(group=group, month=month, by=request.user)
                messages.success(request, _("The month is closed: only the methodist changes its marks now."))
            elif attendance.reopen_month(group=group, month=month, by=request.user):
                messages.success(request, _("The month is open again: the teacher can change its marks."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(back)
    unmarked = attendance.unmarked_months([group]).get(group.pk, [])
    if close:
        question = _("Close %(month)s in the register of «%(group)s»?")
        consequence = _("The teacher will no longer change the marks of this month; you can reopen it.")
        if month in unmarked:
            consequence = _("Some lessons of this month still have children without a mark. ") + consequence
        label = _("Close the month")
    else:
        question = _("Reopen %(month)s in the register of «%(group)s»?")
        consequence = _("The teacher will be able to change the marks of this month again.")
        label = _("Reopen the month")
    return render(
        request,
        "programs/staff/attendance/confirm.html",
        {
            "question": question % {"month": f"{month:%m.%Y}", "group": group},
            "consequence": consequence,
            "confirm_label": label,
            "cancel_url": back,
            "group": group,
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.MANAGE_ATTENDANCE)
def attendance_close(request, pk, year, month):
    return _month_action(request, pk, year, month, close=True)


@require_http_methods(["GET", "POST"])
@action_required(Action.MANAGE_ATTENDANCE)
def attendance_reopen(request, pk, year, month):
    return _month_action(request, pk, year, month, close=False)


# --- the timesheet and the rates -------------------------------------------------------------


@require_GET
@action_required(*READ)
def attendance_timesheet(request, pk, year, month):
    group = get_register_group(request, pk)
    month = _month(group, year, month)
    lessons = attendance.open_month(group, month)
    register = register_month(group, month, lessons)
    record_personal_data_access(
        request, group, Access.EXPORT, _("Attendance timesheet, %(month)s") % {"month": f"{month:%m.%Y}"}
    )
    book = timesheet_workbook(register, organisation_name=group.club.organisation.name)
    return xlsx_response(book, f"timesheet-{group.pk}-{month:%Y-%m}.xlsx")


def _period(request, year: AcademicYear | None):
    """The month asked for (?month=YYYY-MM) within the year, or the whole year to date."""
    if year is None:
        return None, None, None
    value = request.GET.get("month", "")
    try:
        month = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        month = None
    if month and year.start <= attendance.last_day(month) and month <= year.end:
        return month, max(month, year.start), min(attendance.last_day(month), year.end)
    return None, year.start, min(year.end, timezone.localdate())


def _months_of(year: AcademicYear) -> list[datetime.date]:
    month, months = attendance.first_day(year.start), []
    while month <= year.end:
        months.append(month)
        month = attendance.next_month(month)
    return months


@require_GET
@action_required(Action.VIEW_ATTENDANCE)
def attendance_rates(request):
    """The current year's groups with their rates, for a month or the year to date."""
    year = AcademicYear.objects.current()
    month, start, end = _period(request, year)
    groups = (
        register_groups(request.user)
        .filter(academic_year=year)
        .select_related("club", "teacher")
        .order_by("club__name", "year_of_study", "name", "pk")
    )
    page = paginate(request, groups)
    rates = group_rates(list(page.object_list), start=start, end=end) if year else []
    return render(
        request,
        "programs/staff/attendance/rates.html",
        {
            "page": page,
            "rates": rates,
            "year": year,
            "month": month,
            "months": _months_of(year) if year else [],
        },
    )


@require_GET
@action_required(Action.VIEW_ATTENDANCE)
def attendance_child_rates(request, pk):
    group = get_register_group(request, pk)
    month, start, end = _period(request, group.academic_year)
    rates = child_rates(group, start=start, end=end)
    streaks = attendance.absence_streaks([group])
    for rate in rates:
        rate.streak = streaks.get(rate.enrolment.pk, 0)
    if rates:
        record_personal_data_access(request, group, description=_("Attendance rates of the group's children"))
    page = paginate(request, rates)
    return render(
        request,
        "programs/staff/attendance/child_rates.html",
        {
            "group": group,
            "page": page,
            "month": month,
            "months": _months_of(group.academic_year),
            "streak_limit": _streak_limit(),
        },
    )
