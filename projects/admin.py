from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import (
    Competition,
    Project,
    ProjectFile,
    ProjectMember,
    ProjectPhoto,
    ProjectType,
    Result,
)


@admin.register(ProjectType)
class ProjectTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]


class MemberInline(admin.TabularInline):
    model = ProjectMember
    autocomplete_fields = ["learner"]
    extra = 0


class PhotoInline(admin.TabularInline):
    model = ProjectPhoto
    extra = 0


class FileInline(admin.TabularInline):
    model = ProjectFile
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "club", "academic_year", "type", "stage", "is_public"]
    list_filter = ["academic_year", "type", "stage", "is_public"]
    search_fields = ["title"]
    list_select_related = ["club", "academic_year", "type"]
    inlines = [MemberInline, PhotoInline, FileInline]
    autocomplete_fields = ["club", "supervisor", "partner"]


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "level", "starts_on", "ends_on", "is_official"]
    list_filter = ["level", "kind", "is_official", "academic_year"]
    search_fields = ["title", "organiser"]
    autocomplete_fields = ["organisation"]  # every organisation of the portal is too many for a select


@admin.register(Result)
class ResultAdmin(SimpleHistoryAdmin):
    list_display = ["competition", "project", "learner", "outcome", "place", "date"]
    list_filter = ["outcome", "competition__level"]
    list_select_related = ["competition", "project", "learner"]
    autocomplete_fields = ["learner", "project", "competition"]
