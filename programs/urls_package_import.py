"""The methodist's import of a federal package: upload, preview, import (namespace "programs")."""

from django.urls import path

from programs.views import staff_package

urlpatterns = [
    path("staff/package-imports/", staff_package.package_import_list, name="staff_package_imports"),
    path("staff/package-imports/new/", staff_package.package_import_new, name="staff_package_import_create"),
    path("staff/package-imports/<int:pk>/", staff_package.package_import_detail, name="staff_package_import"),
    path(
        "staff/package-imports/<int:pk>/run/",
        staff_package.package_import_run,
        name="staff_package_import_run",
    ),
]
