from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mentoring.models import ExternalPerson, Feedback, Meeting, MentoringProgram, Pair, Participant, PlanItem


@admin.register(ExternalPerson)
class ExternalPersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "kind", "organisation", "position", "host"]
    list_filter = ["kind", "host"]
    search_fields = ["surname", "name"]


@admin.register(MentoringProgram)
class MentoringProgramAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "start", "end", "status", "coordinator"]
    list_filter = ["status", "organisation"]
    search_fields = ["title"]


class ParticipantInline(admin.TabularInline):
    """Read-only here: pairs are formed through the portal, where the rules are explained."""

    model = Participant
    fields = ["role", "person", "learner", "external"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0


@admin.register(Pair)
class PairAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "program", "form", "status", "start", "planned_end"]
    list_filter = ["status", "form", "program"]
    readonly_fields = ["program", "form", "status", "actual_end", "termination_reason"]
    inlines = [ParticipantInline, PlanItemInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "topic", "pair", "format", "duration_minutes"]
    list_filter = ["format"]
    date_hierarchy = "date"


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["participant", "kind", "satisfaction", "created_at"]
    list_filter = ["kind"]
