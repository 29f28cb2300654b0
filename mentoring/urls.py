from django.urls import path

from mentoring.views import pairs, public, staff

app_name = "mentoring"

urlpatterns = [
    path("mentoring/", public.index, name="index"),
    path("mentoring/staff/", staff.dashboard, name="dashboard"),
    path("mentoring/staff/export.xlsx", staff.export, name="export"),
    path("mentoring/staff/programs/new/", staff.program_create, name="program_create"),
    path("mentoring/staff/programs/<int:pk>/edit/", staff.program_update, name="program_update"),
    path("mentoring/staff/external/new/", staff.external_create, name="external_create"),
    path("mentoring/staff/pairs/new/", staff.pair_create, name="pair_create"),
    path("mentoring/my/", staff.my_pairs, name="my_pairs"),
    path("mentoring/pairs/<int:pk>/", pairs.pair_detail, name="pair_detail"),
    path("mentoring/pairs/<int:pk>/edit/", pairs.pair_update, name="pair_update"),
    path("mentoring/pairs/<int:pk>/status/", pairs.pair_status, name="pair_status"),
    path("mentoring/pairs/<int:pk>/meetings/new/", pairs.meeting_create, name="meeting_create"),
    path("mentoring/pairs/<int:pk>/plan/new/", pairs.plan_item_create, name="plan_item_create"),
    path(
        "mentoring/pairs/<int:pk>/plan/<int:item_pk>/toggle/", pairs.plan_item_toggle, name="plan_item_toggle"
    ),
    path("mentoring/pairs/<int:pk>/feedback/new/", pairs.feedback_create, name="feedback_create"),
]
