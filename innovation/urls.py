from django.urls import path

from innovation.views import public, staff

app_name = "innovation"

urlpatterns = [
    path("innovation/", public.index, name="index"),
    path("staff/innovation/", staff.dashboard, name="dashboard"),
    path("staff/innovation/print/", staff.dashboard_print, name="print"),
    path("staff/innovation/export.xlsx", staff.dashboard_export, name="export"),
    path("staff/innovation/platforms/new/", staff.platform_edit, name="platform_create"),
    path("staff/innovation/platforms/<int:pk>/", staff.platform_detail, name="platform"),
    path("staff/innovation/platforms/<int:pk>/edit/", staff.platform_edit, name="platform_edit"),
    path("staff/innovation/platforms/<int:pk>/orders/new/", staff.order_create, name="order_create"),
    path("staff/innovation/platforms/<int:pk>/orders/link/", staff.order_link, name="order_link"),
    path(
        "staff/innovation/platforms/<int:pk>/orders/<int:order_pk>/edit/",
        staff.order_edit,
        name="order_edit",
    ),
    path("staff/innovation/platforms/<int:pk>/reports/new/", staff.report_edit, name="report_create"),
    path(
        "staff/innovation/platforms/<int:pk>/reports/<int:report_pk>/edit/",
        staff.report_edit,
        name="report_edit",
    ),
    path("staff/innovation/platforms/<int:pk>/products/new/", staff.product_edit, name="product_create"),
    path(
        "staff/innovation/platforms/<int:pk>/products/<int:product_pk>/edit/",
        staff.product_edit,
        name="product_edit",
    ),
]
