"""iCalendar feeds: a group's (public) and a teacher's (by a secret address), and the
teacher's page that makes, renews and revokes the latter (programs/views/calendars.py)."""

from django.urls import path

from programs.views import calendars

urlpatterns = [
    path(
        "clubs/<slug:slug>/groups/<int:group_id>/calendar.ics",
        calendars.group_calendar,
        name="group_calendar",
    ),
    path("calendar/<str:token>.ics", calendars.teacher_calendar, name="teacher_calendar"),
    path("staff/calendar/", calendars.calendar_feed, name="staff_calendar_feed"),
    path("staff/calendar/new/", calendars.calendar_feed_new, name="staff_calendar_feed_new"),
    path("staff/calendar/revoke/", calendars.calendar_feed_revoke, name="staff_calendar_feed_revoke"),
]
