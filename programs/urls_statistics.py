"""The statistics pages (namespace "programs"): form 1-ДОП's figures, their print view and
XLSX, the Refresh button and the authority's number of schoolchildren."""

from django.urls import path

from programs.views import statistics

urlpatterns = [
    path("staff/statistics/", statistics.statistics, name="statistics"),
    path("staff/statistics/print/", statistics.statistics_print, name="statistics_print"),
    path("staff/statistics/export.xlsx", statistics.statistics_export, name="statistics_export"),
    path("staff/statistics/refresh/", statistics.statistics_refresh, name="statistics_refresh"),
    path("staff/statistics/pupils/", statistics.statistics_pupils, name="statistics_pupils"),
]
