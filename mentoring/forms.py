"""Forms of the mentoring area. Children appear in choices by full name only."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.models import Learner, Organisation, Person
from mentoring.models import ExternalPerson, Feedback, Form, Meeting, MentoringProgram, Pair, PlanItem
from mentoring.services import TRANSITIONS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FullNameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class FullNameMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class ExternalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.get_kind_display()}, {obj.organisation})"


class ExternalMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.get_kind_display()}, {obj.organisation})"


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on a field it has, or on the whole form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class MentoringProgramForm(forms.ModelForm):
    forms = forms.TypedMultipleChoiceField(
        label=_("Forms of mentoring"),
        choices=Form.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    coordinator = FullNameChoiceField(label=_("Coordinator"), queryset=Person.objects.filter(is_active=True))

    class Meta:
        model = MentoringProgram
        fields = ["title", "start", "end", "coordinator", "goals", "forms", "status"]
        widgets = {"start": DateInput(), "end": DateInput(), "goals": forms.Textarea(attrs={"rows": 4})}


class ExternalPersonForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(
            kind__in=[
                Organisation.Kind.INDUSTRIAL_PARTNER,
                Organisation.Kind.UNIVERSITY,
                Organisation.Kind.OTHER,
            ]
        ),
        help_text=_("An industrial partner, a university or a college."),
    )

    class Meta:
        model = ExternalPerson
        fields = ["surname", "name", "patronymic", "kind", "organisation", "position", "email"]


class PairForm(forms.ModelForm):
    """A new pair: one mentor (from one of three lists) and its mentees (from any of three)."""

    mentor_person = FullNameChoiceField(
        label=_("Mentor: staff member"), queryset=Person.objects.filter(is_active=True), required=False
    )
    mentor_learner = FullNameChoiceField(
        label=_("Mentor: learner"), queryset=Learner.objects.all(), required=False
    )
    mentor_external = ExternalChoiceField(
        label=_("Mentor: external participant"),
        queryset=ExternalPerson.objects.select_related("organisation"),
        required=False,
    )
    mentee_persons = FullNameMultipleChoiceField(
        label=_("Mentees: staff members"), queryset=Person.objects.filter(is_active=True), required=False
    )
    mentee_learners = FullNameMultipleChoiceField(
        label=_("Mentees: learners"), queryset=Learner.objects.all(), required=False
    )
    mentee_externals = ExternalMultipleChoiceField(
        label=_("Mentees: external participants"),
        queryset=ExternalPerson.objects.select_related("organisation"),
        required=False,
    )

    class Meta:
        model = Pair
        fields = ["program", "form", "start", "planned_end", "status", "goals"]
        widgets = {
            "start": DateInput(),
            "planned_end": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }

    # People lists can be long (a city has thousands of children): each shows at most this
    # many, narrowed by a surname search, plus whatever was chosen.
    CHOICES_LIMIT = 50
    PEOPLE_FIELDS = (
        "mentor_person",
        "mentor_learner",
        "mentor_external",
        "mentee_persons",
        "mentee_learners",
        "mentee_externals",
    )

    def __init__(self, *args, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = MentoringProgram.objects.exclude(
            status=MentoringProgram.Status.COMPLETED
        )
        for name in self.PEOPLE_FIELDS:
            field = self.fields[name]
            field.queryset = self._limited(field.queryset, name, search.strip())
            field.help_text = _("At most %(limit)s are listed: search by surname to find others.") % {
                "limit": self.CHOICES_LIMIT
            }
        self.fields["status"].choices = [(s.value, s.label) for s in Pair.OPEN_STATUSES]
        if not self.is_bound:
            # a new instance's empty fields would override field initials
            self.initial["start"] = timezone.localdate()

    def _limited(self, queryset, name, search):
        matching = queryset.filter(surname__istartswith=search) if search else queryset
        first = matching.order_by("surname", "name", "pk").values("pk")[: self.CHOICES_LIMIT]
        posted = self.data.getlist(self.add_prefix(name)) if hasattr(self.data, "getlist") else []
        chosen = [value for value in posted if str(value).isdigit()]
        return queryset.filter(Q(pk__in=first) | Q(pk__in=chosen))

    def clean(self):
        data = super().clean()
        mentors = [data.get(name) for name in ("mentor_person", "mentor_learner", "mentor_external")]
        mentors = [m for m in mentors if m]
        if len(mentors) != 1:
            raise ValidationError(
                _("Choose one mentor: a staff member, a learner or an external participant.")
            )
        mentees = [
            *(data.get("mentee_persons") or []),
            *(data.get("mentee_learners") or []),
            *(data.get("mentee_externals") or []),
        ]
        if not mentees:
            raise ValidationError(_("Choose at least one mentee."))
        data["mentor"], data["mentees"] = mentors[0], mentees
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("program", "form", "mentor", "mentees", "start", "planned_end", "goals", "status")
        }


class PairUpdateForm(forms.ModelForm):
    class Meta:
        model = Pair
        fields = ["goals", "planned_end"]
        widgets = {"planned_end": DateInput(), "goals": forms.Textarea(attrs={"rows": 3})}


class PairStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason for termination"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, pair: Pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Pair.Status(s).label) for s in TRANSITIONS[pair.status]]
        self.fields["on"].help_text = _("For a completed or terminated pair: the day it ended.")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "format", "topic", "duration_minutes", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # a new instance's empty fields would override field initials
            self.initial.update(date=timezone.localdate(), duration_minutes=45)


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["title", "due_date"]
        widgets = {"due_date": DateInput()}


class FeedbackForm(forms.ModelForm):
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction, 1 to 10"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 11)],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["participant", "kind", "satisfaction", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        field.queryset = participants
        field.label_from_instance = lambda p: f"{p.get_role_display()}: {p.name}"
        field.empty_label = None
