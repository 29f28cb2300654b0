"""Staff pages of the methodist's year: orders about children (namespace "programs")."""

from django.urls import path

from programs.views import staff_orders

urlpatterns = [
    path("staff/orders/", staff_orders.order_list, name="staff_orders"),
    path("staff/orders/<int:pk>/", staff_orders.order_detail, name="staff_order"),
    path("staff/orders/<int:pk>/sign/", staff_orders.order_sign_view, name="staff_order_sign"),
    path("staff/orders/<int:pk>/paper/", staff_orders.order_paper_view, name="staff_order_paper"),
    path(
        "staff/orders/<int:pk>/children/<int:enrolment_pk>/remove/",
        staff_orders.order_remove,
        name="staff_order_remove",
    ),
    path("staff/orders/<int:pk>/print/", staff_orders.order_print, name="staff_order_print"),
    path("staff/orders/<int:pk>/export.xlsx", staff_orders.order_export, name="staff_order_export"),
    path("staff/enrolments/<int:pk>/end/", staff_orders.enrolment_end_view, name="staff_enrolment_end"),
]
