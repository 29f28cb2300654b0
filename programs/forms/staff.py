"""Forms and filters of the staff pages: programs and their modules, the director's review,
clubs and their photos, groups and their weekly schedule, the application queue."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from centre.models import AcademicYear, Organisation, Person, Room, Venue
from centre.scope import staff_organisations, within_staff_organisations
from programs.images import decode_upload
from programs.models import (
    Application,
    Approval,
    Club,
    Direction,
    Disability,
    Group,
    Level,
    Module,
    Profile,
    Program,
    ScheduleSlot,
)
from programs.services import AcceptChoice

# --- helpers ------------------------------------------------------------------------------

_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
        "я": "ia",
    }
)  # fmt: skip


def unique_slug(model, text: str, *, max_length: int = 100) -> str:
    """A Latin address for the site from a Russian title, unique among the model's rows."""
    base = (
        slugify((text or "").lower().translate(_TRANSLIT))[:max_length].strip("-") or model._meta.model_name
    )
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


def _teachers():
    return Person.objects.filter(is_active=True).order_by("surname", "name", "patronymic")


# Staff filters offer the clubs, groups, venues and teachers of the organisations whose lists
# the user reads (centre.scope; an education authority's territory too): a national
# installation has tens of thousands of each. django-filter calls these with the request
# (None when a filterset is built without one: nothing is offered).


def _user(request):
    return getattr(request, "user", None)


def scoped_clubs(request):
    return Club.objects.for_user(_user(request)).order_by("name")


def scoped_current_groups(request):
    groups = Group.objects.for_user(_user(request)).filter(academic_year__is_current=True)
    return groups.select_related("club")


def scoped_teachers(request):
    return within_staff_organisations(_teachers(), _user(request), write=False)


def scoped_venues(request):
    return within_staff_organisations(Venue.objects.order_by("name"), _user(request), write=False)


# The staff forms offer a club, program, venue, room, teacher or organisation of the user's
# own organisations (where they may change records). The record being edited is one of them
# (the views read it with for_user(write=True)); it keeps the values it already has of other
# organisations (a network program's partners, a teacher who moved).


def within_scope(queryset, user, lookup: str = "organisation", *, keep: Q | None = None):
    """The queryset narrowed to the user's organisations through ``lookup``, plus the rows
    ``keep`` names (an edited record's current values). An administrator is not narrowed."""
    ids = staff_organisations(user)
    if ids is None:
        return queryset
    condition = Q(**{f"{lookup}__in": ids})
    if keep is not None:
        condition |= keep
    return queryset.filter(condition)


def _keep(pk):
    """The row with this key, or nothing when the field is empty."""
    return Q(pk=pk) if pk is not None else None


def scoped_programs(user, *, keep=None):
    """Programs (not archived) of the user's own organisations, and the one ``keep`` names
    (an edited group's current program, whatever its status)."""
    programs = Program.objects.for_user(user, write=True).exclude(status=Program.Status.ARCHIVED)
    if keep is not None:
        programs = programs | Program.objects.filter(pk=keep)
    return programs.order_by("title", "pk")


def _current_year():
    return AcademicYear.objects.filter(is_current=True).first()


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.venue.name} — {obj.name}"


class ProfileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.direction.name} — {obj.name}"


def room_choices(venue=None):
    rooms = Room.objects.select_related("venue").order_by("venue__name", "name")
    return rooms.filter(venue=venue) if venue is not None else rooms


def group_rooms(user, group):
    """Rooms for a methodist's group form and its lessons: those of the venues of the user's
    organisations, and those of the group's own venue."""
    keep = Q(venue_id=group.venue_id) if group.venue_id is not None else None
    return within_scope(room_choices(), user, "venue__organisation", keep=keep)


def add_service_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on a field the form has, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- programs -----------------------------------------------------------------------------


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(label=capfirst(_("status")), choices=Program.Status.choices)
    direction = django_filters.ModelChoiceFilter(
        label=capfirst(_("direction")), queryset=Direction.objects.all()
    )
    level = django_filters.ChoiceFilter(
        label=capfirst(_("level")), choices=Level.choices, method="filter_level"
    )

    class Meta:
        model = Program
        fields = ["q", "status", "direction", "level"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_level(self, queryset, name, value):
        return queryset.filter(levels__contains=[value])


class ProgramForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=capfirst(_("levels")), choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )
    disabilities = forms.MultipleChoiceField(
        label=capfirst(_("kinds of disabilities")),
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only for a program adapted for children with disabilities."),
    )
    profile = ProfileChoiceField(
        label=capfirst(_("profile")), queryset=Profile.objects.select_related("direction"), required=False
    )

    class Meta:
        model = Program
        fields = [
            "organisation",
            "title",
            "slug",
            "direction",
            "profile",
            "announcement",
            "description",
            "goals",
            "expected_results",
            "authors",
            "age_min",
            "age_max",
            "duration_months",
            "hours_per_year",
            "group_size_min",
            "group_size_max",
            "equipment",
            "levels",
            "is_modular",
            "is_network",
            "partners",
            "is_distance",
            "is_adapted",
            "disabilities",
        ]
        widgets = {
            "announcement": _textarea(2),
            "description": _textarea(6),
            "goals": _textarea(4),
            "expected_results": _textarea(4),
            "equipment": _textarea(3),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Latin letters, digits and hyphens; made from the title when empty."
        )
        program = self.instance
        authors = partners = None
        if program.pk is not None:  # an edited program keeps the authors and partners it has
            authors = Q(pk__in=Program.authors.through.objects.filter(program=program).values("person"))
            partners = Q(
                pk__in=Program.partners.through.objects.filter(program=program).values("organisation")
            )
        self.fields["authors"].queryset = within_scope(_teachers(), user, keep=authors)
        self.fields["partners"].queryset = within_scope(
            Organisation.objects.order_by("name"), user, "pk", keep=partners
        )
        self._offer_organisations(user)

    def _offer_organisations(self, user):
        """The organisation that owns the program: one of the user's own organisations (where
        they may change records), their home organisation when none is chosen. With only one
        there is nothing to choose, and the field is left out: a value sent by hand is not
        read. Another organisation's, sent by hand, is "select a valid choice"."""
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.for_user(user, write=True).order_by("name")
        field.help_text = _("The organisation that writes the program and has it approved.")
        own = list(field.queryset[:2])
        if len(own) == 1 and user is not None and not user.is_superuser:
            del self.fields["organisation"]
            if self.instance.pk is None:
                self.instance.organisation = own[0]
            return
        self._home = None
        if user is not None and user.pk is not None:
            home = Person.objects.filter(user=user, is_active=True).values_list("organisation", flat=True)
            self._home = field.queryset.filter(pk__in=home).first()
        if self._home is not None:
            field.required = False
            field.empty_label = None
            if self.instance.pk is None and not self.is_bound and not self.initial.get("organisation"):
                self.initial["organisation"] = self._home.pk

    def clean_organisation(self):
        chosen = self.cleaned_data["organisation"]
        if chosen is None and self.instance.organisation_id is not None:
            return self.instance.organisation  # an edited program stays its organisation's
        return chosen or self._home

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = unique_slug(Program, cleaned["title"])
        return cleaned


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title", "kind", "hours", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("title", css_class="col-md-5"),
                Column("kind", css_class="col-md-3"),
                Column("hours", css_class="col-6 col-md-2"),
                Column("position", css_class="col-6 col-md-2"),
            ),
            "DELETE",
        )


ModuleFormSet = forms.inlineformset_factory(
    Program, Module, form=ModuleForm, extra=2, can_delete=True, max_num=40, validate_max=True
)


class ApprovalForm(forms.ModelForm):
    """The yearly approval: by order and by the pedagogical council."""

    class Meta:
        model = Approval
        fields = ["academic_year", "order_number", "order_date", "council_protocol_number", "council_date"]
        widgets = {"order_date": _date_input(), "council_date": _date_input()}

    def __init__(self, *args, year=None, **kwargs):
        """``year``: the one academic year a program was sent for approval for, if any."""
        super().__init__(*args, **kwargs)
        if year is not None:
            self.fields["academic_year"].queryset = AcademicYear.objects.filter(pk=year.pk)
            self.fields["academic_year"].empty_label = None
            self.initial["academic_year"] = year
            return
        self.fields["academic_year"].queryset = AcademicYear.objects.order_by("-start")
        if not self.is_bound and not self.initial.get("academic_year"):
            self.initial["academic_year"] = _current_year()


class ReturnForm(forms.Form):
    review_comment = forms.CharField(
        label=_("What to change"),
        widget=_textarea(4),
        max_length=4000,
        help_text=_("The methodist sees this comment beside the returned program."),
    )

    def clean_review_comment(self):
        comment = self.cleaned_data["review_comment"].strip()
        if not comment:
            raise ValidationError(_("Say what to change when returning a program."))
        return comment


# --- clubs --------------------------------------------------------------------------------


class ClubForm(forms.ModelForm):
    class Meta:
        model = Club
        fields = ["name", "slug", "kind", "organisation", "description"]
        widgets = {"description": _textarea(5)}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Latin letters, digits and hyphens; made from the name when empty.")
        self.fields["organisation"].queryset = within_scope(
            Organisation.objects.order_by("name"), user, "pk", keep=_keep(self.instance.organisation_id)
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = unique_slug(Club, cleaned["name"])
        return cleaned


class ClubPhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG, WebP or GIF up to 10 MB; a thumbnail is made automatically."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        self.cleaned_data["decoded"] = decode_upload(upload)
        return upload


# --- groups and schedules -----------------------------------------------------------------


class GroupFilter(django_filters.FilterSet):
    academic_year = django_filters.ModelChoiceFilter(
        label=capfirst(_("academic year")), queryset=AcademicYear.objects.order_by("-start")
    )
    club = django_filters.ModelChoiceFilter(label=capfirst(_("club")), queryset=scoped_clubs)
    teacher = django_filters.ModelChoiceFilter(label=capfirst(_("teacher")), queryset=scoped_teachers)

    class Meta:
        model = Group
        fields = ["academic_year", "club", "teacher"]


class GroupForm(forms.ModelForm):
    """The methodist's form: everything about a group."""

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
        widgets = {"enrol_from": _date_input(), "enrol_until": _date_input()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.instance
        self.fields["club"].queryset = within_scope(
            Club.objects.order_by("name"), user, keep=_keep(group.club_id)
        )
        self.fields["program"].queryset = scoped_programs(user, keep=group.program_id)
        self.fields["teacher"].queryset = within_scope(_teachers(), user, keep=_keep(group.teacher_id))
        self.fields["venue"].queryset = within_scope(
            Venue.objects.order_by("name"), user, keep=_keep(group.venue_id)
        )
        self.fields["room"].queryset = group_rooms(user, group)
        self.fields["academic_year"].queryset = AcademicYear.objects.order_by("-start")
        if not self.is_bound and self.instance.pk is None and not self.initial.get("academic_year"):
            self.initial["academic_year"] = _current_year()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
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
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class SlotForm(forms.ModelForm):
    room = RoomChoiceField(label=capfirst(_("room")), queryset=Room.objects.none(), required=False)

    class Meta:
        model = ScheduleSlot
        fields = ["weekday", "starts", "ends", "room"]
        widgets = {"starts": _time_input(), "ends": _time_input()}

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms if rooms is not None else room_choices()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
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
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # the group as edited on this page (its new teacher and year), not as stored
        form.instance.group = self.instance
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.instance.group = self.instance
        return form

    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            if self._should_delete_form(form) or form.errors or not form.cleaned_data:
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

    def save_all(self):
        """Save every kept lesson, changed or not: each copies the group's teacher and year."""
        self.save()
        for form in self.initial_forms:
            if form.instance.pk and not self._should_delete_form(form) and not form.has_changed():
                form.instance.save()


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


class _Rollback(Exception):
    pass


def save_group_with_schedule(form, formset) -> bool:
    """Save the group and its lessons together or nothing at all.

    The lessons are checked for clashes against the group as it will be (its teacher and
    year), so the group is saved first inside the transaction and rolled back when any
    lesson is refused. The exclusion constraints in the database stay the last word.
    """
    if not form.is_valid():
        formset.is_valid()  # show the lessons' own mistakes at once
        return False
    adding = form.instance._state.adding
    try:
        with transaction.atomic():
            form.save()
            if not formset.is_valid():
                raise _Rollback
            formset.save_all()
    except _Rollback:
        pass
    except IntegrityError:
        formset._non_form_errors = formset.error_class(
            [_("A room or the teacher is already taken at this time by another group. Check the schedule.")],
            renderer=formset.renderer,
        )
    else:
        return True
    if adding:
        form.instance.pk = None
        form.instance._state.adding = True
    return False


class TimetableForm(forms.Form):
    """What the weekly timetable shows: a year, and a venue or a teacher (of the user's own
    organisations, see centre.scope)."""

    academic_year = forms.ModelChoiceField(
        label=capfirst(_("academic year")), queryset=AcademicYear.objects.order_by("-start"), required=False
    )
    venue = forms.ModelChoiceField(label=capfirst(_("venue")), queryset=Venue.objects.none(), required=False)
    teacher = forms.ModelChoiceField(
        label=capfirst(_("teacher")), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = scoped_venues(request)
        self.fields["teacher"].queryset = scoped_teachers(request)


# --- applications -------------------------------------------------------------------------


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=capfirst(_("status")), choices=Application.Status.choices)
    club = django_filters.ModelChoiceFilter(
        label=capfirst(_("club")), field_name="group__club", queryset=scoped_clubs
    )
    group = django_filters.ModelChoiceFilter(label=capfirst(_("group")), queryset=scoped_current_groups)
    year = django_filters.ModelChoiceFilter(
        label=capfirst(_("academic year")),
        field_name="group__academic_year",
        queryset=AcademicYear.objects.order_by("-start"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only (no decision after 3 working days)"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Application
        fields = ["status", "club", "group", "year", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=_textarea(3), max_length=2000)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for the rejection."))
        return reason


NEW_RECORD = "new"


class AcceptForm(forms.Form):
    """How to enrol a child the organisation already knows by name and date of birth (linked
    to another parent): link the application to one of its records, after checking the
    documents, or make a new record. Radio buttons: it works without JavaScript."""

    record = forms.ChoiceField(
        label=_("Who is this child?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose: link to a known child or make a new record.")},
    )

    def __init__(self, *args, records=(), personal_data=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(record.pk), self._label(record, number, personal_data))
            for number, record in enumerate(records, start=1)
        ]
        choices.append((NEW_RECORD, capfirst(AcceptChoice.NEW.label)))
        self.fields["record"].choices = choices

    @staticmethod
    def _label(record, number, personal_data) -> str:
        """The known child as staff tell namesakes apart: name, birth year and groups, to the
        roles that read personal data; a number to the others."""
        if not personal_data:
            return _("The known child No. %(number)s: link after checking the documents") % {"number": number}
        groups = ", ".join(
            f"{enrolment.group.club.name}: {enrolment.group.name}"
            for enrolment in getattr(record, "active_enrolments", [])
        )
        return _(
            "The known child %(child)s, born in %(year)s (groups: %(groups)s): link after checking the documents"
        ) % {
            "child": record.full_name,
            "year": record.birth_date.year,
            "groups": groups or "—",
        }

    def service_kwargs(self) -> dict:
        """The choice as application_accept takes it."""
        value = self.cleaned_data["record"]
        if value == NEW_RECORD:
            return {"choice": AcceptChoice.NEW}
        return {"choice": AcceptChoice.LINK, "link_to": int(value)}
