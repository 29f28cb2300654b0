"""iCalendar feeds: a group's (public) and a teacher's (by a secret address)."""

urlpatterns = []
