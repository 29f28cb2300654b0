"""Staff pages of the methodist's year: imports of files (namespace "programs")."""

from django.urls import path

from programs.views import staff_imports

urlpatterns = [
    path("staff/imports/", staff_imports.import_list, name="staff_imports"),
    path("staff/imports/new/", staff_imports.import_create, name="staff_import_create"),
    path(
        "staff/imports/template/<str:kind>.xlsx", staff_imports.import_template, name="staff_import_template"
    ),
    path("staff/imports/<int:pk>/", staff_imports.import_detail, name="staff_import"),
    path("staff/imports/<int:pk>/run/", staff_imports.import_run, name="staff_import_run"),
    path("staff/imports/<int:pk>/errors.xlsx", staff_imports.import_errors, name="staff_import_errors"),
]
