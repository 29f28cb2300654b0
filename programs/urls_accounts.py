"""URLs of the parent's own data (the e-mail's confirmation, «Мои дети», leaving a club), the
look-up of an application by its number, and staff's decisions on requests to leave."""

from django.urls import path

from programs.views import children, lookup, parent, staff_leaving

urlpatterns = [
    path("cabinet/confirm/<str:token>/", parent.confirm_email, name="confirm_email"),
    path("cabinet/confirm/", parent.confirm_email_resend, name="confirm_email_resend"),
    path("cabinet/phone/", parent.confirm_phone, name="confirm_phone"),
    path("cabinet/children/", children.children, name="children"),
    path("cabinet/children/add/", children.child_add, name="child_add"),
    path("cabinet/children/<int:pk>/", children.child_edit, name="child_edit"),
    path("cabinet/children/<int:pk>/remove/", children.child_remove_view, name="child_remove"),
    path("cabinet/applications/<int:pk>/leave/", parent.cabinet_leave, name="cabinet_leave"),
    path("applications/lookup/", lookup.application_lookup, name="application_lookup"),
    path("staff/leave-requests/", staff_leaving.leave_request_list, name="staff_leave_requests"),
    path("staff/leave-requests/<int:pk>/", staff_leaving.leave_request_detail, name="staff_leave_request"),
    path(
        "staff/leave-requests/<int:pk>/decide/", staff_leaving.leave_request_decide, name="staff_leave_decide"
    ),
]
