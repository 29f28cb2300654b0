from django.contrib import admin

from programs.models import (
    Application,
    Approval,
    Club,
    ClubPhoto,
    Direction,
    Enrolment,
    Group,
    LeaveRequest,
    Module,
    Offer,
    Profile,
    Program,
    ScheduleSlot,
    SearchSynonyms,
)


class ProfileInline(admin.TabularInline):
    model = Profile
    extra = 1


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    inlines = [ProfileInline]


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "direction", "status", "age_min", "age_max"]
    list_filter = ["status", "direction"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ModuleInline, ApprovalInline]
    filter_horizontal = ["authors", "partners"]


class ClubPhotoInline(admin.TabularInline):
    model = ClubPhoto
    extra = 0


@admin.register(Club)
class ClubAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name"]
    inlines = [ClubPhotoInline]


class ScheduleSlotInline(admin.TabularInline):
    model = ScheduleSlot
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "academic_year", "teacher", "places", "enrolled_count", "funding"]
    list_filter = ["academic_year", "funding", "club__organisation"]
    search_fields = ["name", "club__name"]
    inlines = [ScheduleSlotInline]
    readonly_fields = ["enrolled_count"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["number", "child_surname", "child_name", "group", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["child_surname", "guardian_surname", "guardian_phone"]
    readonly_fields = ["token", "created_at", "decided_at", "decided_by"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["learner", "group", "status", "enrolled_on"]
    list_filter = ["status"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["application", "group", "status", "offered_at", "expires_at", "answered_at"]
    list_filter = ["status"]
    search_fields = ["application__child_surname", "group__club__name"]
    raw_id_fields = ["application", "group"]
    readonly_fields = ["offered_at", "answered_at", "reminded_at"]


@admin.register(LeaveRequest)
class LeaveRequestAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["enrolment__learner__surname", "enrolment__group__club__name"]
    raw_id_fields = ["enrolment"]
    readonly_fields = ["requested_by", "created_at", "decided_by", "decided_at"]


@admin.register(SearchSynonyms)
class SearchSynonymsAdmin(admin.ModelAdmin):
    """Words the catalogue's search takes as one: a methodist adds what parents type."""

    list_display = ["__str__"]
    search_fields = ["words"]
