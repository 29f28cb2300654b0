"""The federal package for navigators: read-only, by an organisation's API token."""

from django.urls import path

from programs.views import package_api

urlpatterns = [
    path("api/package/", package_api.package_api, name="package_api"),
]
