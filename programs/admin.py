from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
    PackageToken,
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


@admin.register(PackageToken)
class PackageTokenAdmin(admin.ModelAdmin):
    """A navigator's key to one organisation's federal package: issued here through
    PackageToken.issue (the secret is shown once, on the answer to the add, and only its
    digest kept), revoked by the action, never deleted (its history stays)."""

    list_display = ["name", "organisation", "prefix", "created_at", "created_by", "last_used_at", "active"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "organisation"]
    search_fields = ["name", "prefix", "organisation__name"]
    list_select_related = ["organisation", "created_by"]
    actions = ["revoke"]

    @admin.display(boolean=True, description=_("active"))
    def active(self, token):
        return token.is_active

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "name"]
        return ["organisation", "name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["organisation", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # the one way a secret is made; it lives only in this request (response_add shows it)
        _token, request.package_token_secret = PackageToken.issue(token=obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        """The secret, shown once on the add's own answer: never in a redirect's messages
        cookie (signed, not encrypted), never cached."""
        secret = getattr(request, "package_token_secret", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        opts = self.opts
        context = {
            **self.admin_site.each_context(request),
            "title": _("The token's secret"),
            "opts": opts,
            "token": obj,
            "secret": secret,
            "list_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        }
        response = TemplateResponse(request, "programs/admin/package_token_secret.html", context)
        patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response

    @admin.action(description=_("Revoke the chosen tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
