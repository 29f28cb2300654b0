"""Forms of the staff pages of groups: the group (the methodist's whole form, a teacher's
narrower one), its weekly schedule as a formset of lessons, and the timetable's choice.
The group and its lessons are saved together by programs.services.groups."""

from crispy_forms.layout import Column, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from centre.countries import profile_of
from centre.forms import DateInput
from centre.forms_renderer import PYTHON_WIDGETS
from centre.models import AcademicYear, Person, Room, Venue
from programs.forms.choices import offered, readable_teachers, readable_venues, row, teachers
from programs.forms.layout import inner_helper
from programs.models import Club, Group, Program, ScheduleSlot


class TimeInput(forms.TimeInput):
    """The browser's time picker; its value is "HH:MM" whatever the page's language."""

    input_type = "time"

    def __init__(self, attrs=None, format="%H:%M"):
        super().__init__(attrs=attrs, format=format)


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.venue.name} — {obj.name}"


def room_choices(venue=None):
    rooms = Room.objects.select_related("venue").order_by("venue__name", "name")
    return rooms.filter(venue=venue) if venue is not None else rooms


def group_rooms(user, group):
    """Rooms for a methodist's group form and its lessons: those of the venues of the user's
    organisations, and those of the group's own venue."""
    keep = Q(venue_id=group.venue_id) if group.venue_id is not None else None
    return offered(room_choices(), user, "venue__organisation", keep=keep)


def group_programs(user, *, keep=None):
    """Programs (not archived) of the user's own organisations, and the one ``keep`` names
    (an edited group's current program, whatever its status)."""
    programs = Program.objects.for_user(user, write=True).exclude(status=Program.Status.ARCHIVED)
    if keep is not None:
        programs = programs | Program.objects.filter(pk=keep)
    return programs.order_by("title", "pk")


class GroupForm(forms.ModelForm):
    """The methodist's form: everything about a group."""

    default_renderer = PYTHON_WIDGETS  # one of the staff sweep's slowest pages (centre/forms_renderer.py)

    room = RoomChoiceField(label=capfirst(_("room")), queryset=Room.objects.none(), required=False)

    class Meta:
        model = Group
        fields = [
            "club",
            "program",
            "academic_year",
            "name",
            "year_of_study",
            "teacher",
            "venue",
            "room",
            "age_min",
            "age_max",
            "places",
            "enrol_from",
            "enrol_until",
            "funding",
            "price",
        ]
        widgets = {"enrol_from": DateInput(), "enrol_until": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.instance
        self.fields["club"].queryset = offered(Club.objects.order_by("name"), user, keep=row(group.club_id))
        self.fields["program"].queryset = group_programs(user, keep=group.program_id)
        self.fields["teacher"].queryset = offered(teachers(), user, keep=row(group.teacher_id))
        self.fields["venue"].queryset = offered(
            Venue.objects.order_by("name"), user, keep=row(group.venue_id)
        )
        self.fields["room"].queryset = group_rooms(user, group)
        self.fields["academic_year"].queryset = AcademicYear.objects.order_by("-start")
        self._in_country_words(user)
        if not self.is_bound and self.instance.pk is None and not self.initial.get("academic_year"):
            self.initial["academic_year"] = AcademicYear.objects.current()
        self.helper = inner_helper(
            Row(Column("club", css_class="col-md-6"), Column("program", css_class="col-md-6")),
            Row(
                Column("academic_year", css_class="col-md-4"),
                Column("name", css_class="col-md-5"),
                Column("year_of_study", css_class="col-md-3"),
            ),
            Row(
                Column("teacher", css_class="col-md-4"),
                Column("venue", css_class="col-md-4"),
                Column("room", css_class="col-md-4"),
            ),
            Row(
                Column("age_min", css_class="col-6 col-md-4"),
                Column("age_max", css_class="col-6 col-md-4"),
                Column("places", css_class="col-md-4"),
            ),
            Row(Column("enrol_from", css_class="col-6"), Column("enrol_until", css_class="col-6")),
            Row(Column("funding", css_class="col-md-6"), Column("price", css_class="col-md-6")),
        )

    def _in_country_words(self, user):
        """The funding kinds and the price's currency in the words of the country of the
        group's organisation (a new group: the user's own organisation's); the values stay."""
        if self.instance.club_id:
            country = self.instance.club.organisation.country
        else:
            staff = (
                Person.objects.filter(user=user, is_active=True)
                if user is not None
                else Person.objects.none()
            )
            country = staff.order_by("pk").values_list("organisation__country", flat=True).first()
        profile = profile_of(country)
        self.fields["funding"].choices = profile.funding_choices
        self.fields["price"].label = _("Price per month, %(currency)s") % {"currency": profile.currency_sign}


class TeacherGroupForm(forms.ModelForm):
    """A teacher's narrower form for their own group: the room only (and the schedule below)."""

    room = RoomChoiceField(label=capfirst(_("room")), queryset=Room.objects.none(), required=False)

    class Meta:
        model = Group
        fields = ["room"]

    def __init__(self, *args, user=None, **kwargs):
        # the rooms of the group's own venue; ``user`` is taken as the methodist's form takes it
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = room_choices(self.instance.venue)
        self.helper = inner_helper()


class SlotForm(forms.ModelForm):
    default_renderer = PYTHON_WIDGETS
    room = RoomChoiceField(label=capfirst(_("room")), queryset=Room.objects.none(), required=False)

    class Meta:
        model = ScheduleSlot
        fields = ["weekday", "starts", "ends", "room"]
        widgets = {"starts": TimeInput(), "ends": TimeInput()}

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms if rooms is not None else room_choices()
        self.helper = inner_helper(
            Row(
                Column("weekday", css_class="col-md-3"),
                Column("starts", css_class="col-6 col-md-2"),
                Column("ends", css_class="col-6 col-md-2"),
                Column("room", css_class="col-md-5"),
            ),
            "DELETE",
        )

    def clean(self):
        cleaned = super().clean()
        room = cleaned.get("room")
        group = self.instance.group
        if room is not None and group.venue_id and room.venue_id != group.venue_id:
            self.add_error("room", _("This room is in another venue."))
        return cleaned


class BaseSlotFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # each lesson is checked against the group as edited on this page (its new teacher
        # and year), not as stored
        form.instance.group = self.instance

    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            if form.errors or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            kept.append(form.instance)
        for index, first in enumerate(kept):
            for second in kept[index + 1 :]:
                if (
                    first.weekday == second.weekday
                    and first.starts < second.ends
                    and second.starts < first.ends
                ):
                    raise ValidationError(
                        _("Two lessons of this group overlap: %(first)s and %(second)s.")
                        % {"first": first, "second": second}
                    )


SlotFormSet = forms.inlineformset_factory(
    Group,
    ScheduleSlot,
    form=SlotForm,
    formset=BaseSlotFormSet,
    extra=2,
    can_delete=True,
    max_num=21,
    validate_max=True,
)


class TimetableForm(forms.Form):
    """What the weekly timetable shows: a year, and a venue or a teacher (of the organisations
    whose lists the user reads, see programs.forms.choices)."""

    academic_year = forms.ModelChoiceField(
        label=capfirst(_("academic year")), queryset=AcademicYear.objects.order_by("-start"), required=False
    )
    venue = forms.ModelChoiceField(label=capfirst(_("venue")), queryset=Venue.objects.none(), required=False)
    teacher = forms.ModelChoiceField(
        label=capfirst(_("teacher")), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = readable_venues(request)
        self.fields["teacher"].queryset = readable_teachers(request)
