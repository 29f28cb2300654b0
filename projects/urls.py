"""Public showcase under /projects/, staff pages under /staff/projects/."""

from django.urls import path

from projects.views import public, reports, staff

app_name = "projects"

urlpatterns = [
    path("projects/", public.showcase, name="showcase"),
    path("projects/<int:pk>/", public.project, name="project"),
    path("projects/photos/<int:pk>/", public.photo, name="photo"),
    path("staff/projects/", staff.project_list, name="staff_projects"),
    path("staff/projects/new/", staff.project_create, name="project_create"),
    path("staff/projects/<int:pk>/", staff.project_edit, name="project_edit"),
    path("staff/projects/<int:pk>/results/", staff.project_results, name="project_results"),
    path("staff/projects/<int:pk>/media/", staff.project_media, name="project_media"),
    path("staff/projects/<int:pk>/photos/<int:photo_pk>/delete/", staff.photo_delete, name="photo_delete"),
    path("staff/projects/<int:pk>/files/<int:file_pk>/", staff.file_download, name="file_download"),
    path("staff/projects/<int:pk>/files/<int:file_pk>/delete/", staff.file_delete, name="file_delete"),
    path("staff/projects/results/", staff.result_list, name="staff_results"),
    path("staff/projects/results/<int:pk>/diploma/", staff.diploma_download, name="diploma"),
    path("staff/projects/competitions/", staff.competition_list, name="competitions"),
    path("staff/projects/competitions/new/", staff.competition_create, name="competition_create"),
    path("staff/projects/competitions/<int:pk>/", staff.competition_edit, name="competition_edit"),
    path(
        "staff/projects/competitions/<int:pk>/results/", staff.competition_results, name="competition_results"
    ),
    path("staff/projects/achievements/", reports.achievements, name="achievements"),
    path("staff/projects/achievements/xlsx/", reports.achievements_xlsx, name="achievements_xlsx"),
    path("staff/gifted/", reports.gifted_bank, name="gifted_bank"),
    path("staff/gifted/xlsx/", reports.gifted_bank_xlsx, name="gifted_bank_xlsx"),
]
