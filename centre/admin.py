from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from centre.models import (
    AcademicYear,
    Consent,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    OutgoingMessage,
    Person,
    PersonalDataAccess,
    Room,
    Venue,
)
from centre.tasks import retry_messages
from centre.validators import guard_person_names, validate_new_username

admin.site.site_header = _("Centre portal administration")
admin.site.site_title = _("Centre portal")
admin.site.index_title = _("Records")


class PersonNamesForm(forms.ModelForm):
    """A staff member's, learner's or guardian's names refuse invisible characters and a
    leading = + - @ (centre.validators), as the public forms do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_person_names(self, "surname", "name", "patronymic")


class PortalUserCreationForm(AdminUserCreationForm):
    """A new login must not look like an existing one («dirеctor» beside director)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(validate_new_username)


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(UserAdmin):
    add_form = PortalUserCreationForm


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "parent"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 1


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "district", "address"]
    list_filter = ["district"]
    search_fields = ["name", "address"]
    inlines = [RoomInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonNamesForm
    list_display = ["full_name", "position", "organisation", "user", "is_active"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["surname", "name", "patronymic"]
    autocomplete_fields = ["user"]


class GuardianshipInline(admin.TabularInline):
    model = Guardianship
    extra = 1
    autocomplete_fields = ["guardian", "learner"]


@admin.register(Learner)
class LearnerAdmin(admin.ModelAdmin):
    form = PersonNamesForm
    list_display = ["full_name", "birth_date", "school", "school_class"]
    search_fields = ["surname", "name"]
    inlines = [GuardianshipInline]


@admin.register(Guardian)
class GuardianAdmin(admin.ModelAdmin):
    form = PersonNamesForm
    list_display = ["full_name", "phone", "email", "user"]
    search_fields = ["surname", "name", "phone", "email"]
    autocomplete_fields = ["user"]
    inlines = [GuardianshipInline]


@admin.register(Consent)
class ConsentAdmin(SimpleHistoryAdmin):
    list_display = ["learner", "kind", "guardian", "given_on", "valid_until", "withdrawn_at"]
    list_filter = ["kind"]
    search_fields = ["learner__surname", "guardian__surname"]
    autocomplete_fields = ["guardian", "learner"]


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["label", "start", "end", "is_current"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The log is read, never written by hand: no adding, changing or deleting."""

    list_display = ["at", "user", "action", "object_type", "object_id", "description"]
    list_filter = ["action", "object_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    """Every e-mail and SMS the portal queued: what it said, whether it went, the last error.
    Rows are written by centre.notify only; a failed one is queued again by the action."""

    list_display = ["created_at", "channel", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["key", "to", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutgoingMessage._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the failed messages again"), permissions=["change"])
    def retry(self, request, queryset):
        queued = retry_messages(queryset)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", queued)
            % {"count": queued},
        )
