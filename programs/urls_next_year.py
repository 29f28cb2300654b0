"""Staff pages of the methodist's year: next_year (namespace "programs")."""

from django.urls import path

from programs.views import staff_next_year

urlpatterns = [
    path("staff/next-year/", staff_next_year.next_year_start, name="staff_next_year"),
    path("staff/next-year/preview/", staff_next_year.next_year_preview, name="staff_next_year_preview"),
    path(
        "staff/next-year/groups/<int:pk>/children/",
        staff_next_year.next_year_children,
        name="staff_next_year_children",
    ),
    path(
        "staff/next-year/moves/<int:pk>/undo/",
        staff_next_year.next_year_move_undo,
        name="staff_next_year_move_undo",
    ),
]
