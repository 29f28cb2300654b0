"""The staff pages of programs, clubs, groups and applications (namespace "programs")."""

from django.urls import path

from programs.views import staff_applications, staff_clubs, staff_groups, staff_programs

urlpatterns = [
    path("staff/programs/", staff_programs.program_list, name="staff_programs"),
    path("staff/programs/new/", staff_programs.program_create, name="staff_program_create"),
    path("staff/programs/review/", staff_programs.review_queue, name="staff_review"),
    path("staff/programs/<int:pk>/", staff_programs.program_detail, name="staff_program"),
    path("staff/programs/<int:pk>/edit/", staff_programs.program_edit, name="staff_program_edit"),
    path("staff/programs/<int:pk>/submit/", staff_programs.program_submit, name="staff_program_submit"),
    path("staff/programs/<int:pk>/approve/", staff_programs.program_approve, name="staff_program_approve"),
    path("staff/programs/<int:pk>/return/", staff_programs.program_return, name="staff_program_return"),
    path("staff/clubs/", staff_clubs.club_list, name="staff_clubs"),
    path("staff/clubs/new/", staff_clubs.club_create, name="staff_club_create"),
    path("staff/clubs/<int:pk>/", staff_clubs.club_edit, name="staff_club_edit"),
    path("staff/clubs/<int:pk>/photos/", staff_clubs.club_photo_upload, name="staff_club_photo_upload"),
    path(
        "staff/clubs/<int:pk>/photos/<int:photo_pk>/delete/",
        staff_clubs.club_photo_remove,
        name="staff_club_photo_delete",
    ),
    path("staff/groups/", staff_groups.group_list, name="staff_groups"),
    path("staff/groups/new/", staff_groups.group_create, name="staff_group_create"),
    path("staff/groups/timetable/", staff_groups.timetable, name="staff_timetable"),
    path("staff/groups/<int:pk>/", staff_groups.group_detail, name="staff_group"),
    path("staff/groups/<int:pk>/edit/", staff_groups.group_edit, name="staff_group_edit"),
    path("staff/groups/<int:pk>/export.xlsx", staff_groups.group_export, name="staff_group_export"),
    path("staff/applications/", staff_applications.application_list, name="staff_applications"),
    path("staff/applications/<int:pk>/", staff_applications.application_detail, name="staff_application"),
    path(
        "staff/applications/<int:pk>/accept/",
        staff_applications.application_accept,
        name="staff_application_accept",
    ),
    path(
        "staff/applications/<int:pk>/waitlist/",
        staff_applications.application_waitlist,
        name="staff_application_waitlist",
    ),
    path(
        "staff/applications/<int:pk>/reject/",
        staff_applications.application_reject,
        name="staff_application_reject",
    ),
]
