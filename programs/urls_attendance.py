"""Staff pages of the methodist's year: the attendance register, the timesheet, the rates and
the academic calendar (namespace "programs")."""

from django.urls import path

from programs.views import staff_attendance, staff_calendar

MONTH = "<int:pk>/<int:year>-<int:month>/"

urlpatterns = [
    path("staff/attendance/", staff_attendance.attendance_groups, name="attendance_groups"),
    path("staff/attendance/rates/", staff_attendance.attendance_rates, name="attendance_rates"),
    path("staff/attendance/calendar/", staff_calendar.calendar, name="attendance_calendar"),
    path(
        "staff/attendance/calendar/<int:pk>/remove/",
        staff_calendar.calendar_remove,
        name="attendance_calendar_remove",
    ),
    path("staff/attendance/lesson/<int:pk>/", staff_attendance.attendance_lesson, name="attendance_lesson"),
    path(
        "staff/attendance/lesson/<int:pk>/clear/",
        staff_attendance.attendance_lesson_clear,
        name="attendance_lesson_clear",
    ),
    path("staff/attendance/<int:pk>/", staff_attendance.attendance_group, name="attendance_group"),
    path(
        "staff/attendance/<int:pk>/rates/",
        staff_attendance.attendance_child_rates,
        name="attendance_child_rates",
    ),
    path(f"staff/attendance/{MONTH}", staff_attendance.attendance_register, name="attendance_register"),
    path(f"staff/attendance/{MONTH}close/", staff_attendance.attendance_close, name="attendance_close"),
    path(f"staff/attendance/{MONTH}reopen/", staff_attendance.attendance_reopen, name="attendance_reopen"),
    path(
        f"staff/attendance/{MONTH}timesheet.xlsx",
        staff_attendance.attendance_timesheet,
        name="attendance_timesheet",
    ),
]
