"""Forms of the staff pages of programs: the program and its modules, the yearly approval and
the director's return of a program for changes."""

from crispy_forms.layout import Column, Row
from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from centre.forms import DateInput
from centre.forms_renderer import PYTHON_WIDGETS
from centre.models import AcademicYear, Organisation, Person
from programs.forms.choices import offered, teachers
from programs.forms.layout import inner_helper
from programs.models import Approval, Direction, Disability, Level, Module, Profile, Program
from programs.slugs import unique_slug


class ProfileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.direction} — {obj.name}"


class ProgramForm(forms.ModelForm):
    default_renderer = PYTHON_WIDGETS  # one of the staff sweep's slowest pages (centre/forms_renderer.py)
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
            "announcement": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 4}),
            "equipment": forms.Textarea(attrs={"rows": 3}),
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
        self.fields["authors"].queryset = offered(teachers(), user, keep=authors)
        self.fields["partners"].queryset = offered(
            Organisation.objects.order_by("name"), user, "pk", keep=partners
        )
        self._offer_directions(user)
        self._offer_organisations(user)

    def _offer_directions(self, user):
        """The directions list of the countries of the user's organisations (Russia's six or
        Kazakhstan's), and an edited program's own direction."""
        keep = Q(pk=self.instance.direction_id) if self.instance.direction_id else Q(pk__in=[])
        directions = (
            Direction.objects.for_user(user, write=True) if user is not None else Direction.objects.all()
        )
        self.fields["direction"].queryset = (directions | Direction.objects.filter(keep)).order_by(
            "position", "name"
        )
        profiles = self.fields["profile"].queryset
        keep_profile = Q(pk=self.instance.profile_id) if self.instance.profile_id else Q(pk__in=[])
        self.fields["profile"].queryset = profiles.filter(
            Q(direction__in=self.fields["direction"].queryset) | keep_profile
        )

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
        self.helper = inner_helper(
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
        widgets = {"order_date": DateInput(), "council_date": DateInput()}

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
            self.initial["academic_year"] = AcademicYear.objects.current()


class ReturnForm(forms.Form):
    review_comment = forms.CharField(
        label=_("What to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The methodist sees this comment beside the returned program."),
        error_messages={"required": Program.CHANGES_NEEDED},
    )
