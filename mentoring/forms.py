"""Forms of the mentoring area.

Every choice of a program, a person or an organisation is one of the user's organisations'
(``for_user(user, write=True)``): another's, sent by hand, is "select a valid choice".
People and partner organisations are chosen with the shared chooser (centre.choosers): a
search field and a short list, never a select of everyone. Children appear in it by full
name, with birth year and group only for those who may read personal data."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre import choosers
from centre.forms import DateInput, contact_inputs
from centre.models import Learner, Organisation, Person
from mentoring.access import person_of
from mentoring.models import ExternalPerson, Feedback, Form, Meeting, MentoringProgram, Pair, PlanItem
from mentoring.services import TRANSITIONS


class _ExternalLabel:
    """An external participant is told apart by who they are and where they come from."""

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.get_kind_display()}, {obj.organisation})"


class ExternalChoiceField(_ExternalLabel, choosers.PersonChoiceField):
    pass


class ExternalMultipleChoiceField(_ExternalLabel, choosers.PersonMultipleChoiceField):
    pass


def _home_organisation(user):
    """The organisation the user works for, as a form's first choice."""
    person = person_of(user)
    return person.organisation_id if person is not None else None


class ProgramFilter(forms.Form):
    """The dashboard's and the export's choice of one program of the user's organisations."""

    program = forms.ModelChoiceField(queryset=MentoringProgram.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = MentoringProgram.objects.for_user(user)


class MentoringProgramForm(forms.ModelForm):
    mentoring_forms = forms.TypedMultipleChoiceField(
        label=_("Forms of mentoring"),
        choices=Form.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    coordinator = choosers.PersonChoiceField(label=_("Coordinator"), queryset=Person.objects.none())

    class Meta:
        model = MentoringProgram
        fields = [
            "organisation",
            "title",
            "start",
            "end",
            "coordinator",
            "goals",
            "mentoring_forms",
            "status",
        ]
        widgets = {"start": DateInput(), "end": DateInput(), "goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = choosers.organisations_to_change(user)
        kept = self.instance.coordinator_id  # an edited program keeps its coordinator
        self.fields["coordinator"].queryset = choosers.working_staff(user, keep=[kept] if kept else None)
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("organisation", _home_organisation(user))


class ExternalPersonForm(forms.ModelForm):
    """Someone from a partner: where they work or study (``organisation``), and which of the
    user's organisations works with them (``host``)."""

    # partners are nobody's own records, and a country has many: searched, not listed
    organisation = choosers.RecordChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(
            kind__in=[
                Organisation.Kind.INDUSTRIAL_PARTNER,
                Organisation.Kind.UNIVERSITY,
                Organisation.Kind.OTHER,
            ]
        ).order_by("name", "pk"),
        help_text=_("An industrial partner, a university or a college."),
    )

    class Meta:
        model = ExternalPerson
        fields = ["surname", "name", "patronymic", "kind", "organisation", "position", "email", "host"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = choosers.organisations_to_change(user)
        if not self.is_bound:
            self.initial.setdefault("host", _home_organisation(user))
        # someone else's details: the right keyboards, no autofill of the user's own name
        contact_inputs(self, others=("",))


class PairForm(forms.ModelForm):
    """A new pair: one mentor (from one of three choosers) and its mentees (from any of three)."""

    # querysets: the user's organisations' people, set in __init__
    mentor_person = choosers.PersonChoiceField(
        label=_("Mentor: staff member"), queryset=Person.objects.none(), required=False
    )
    mentor_learner = choosers.PersonChoiceField(
        label=_("Mentor: learner"), queryset=Learner.objects.none(), required=False
    )
    mentor_external = ExternalChoiceField(
        label=_("Mentor: external participant"), queryset=ExternalPerson.objects.none(), required=False
    )
    mentee_persons = choosers.PersonMultipleChoiceField(
        label=_("Mentees: staff members"), queryset=Person.objects.none(), required=False
    )
    mentee_learners = choosers.PersonMultipleChoiceField(
        label=_("Mentees: learners"), queryset=Learner.objects.none(), required=False
    )
    mentee_externals = ExternalMultipleChoiceField(
        label=_("Mentees: external participants"), queryset=ExternalPerson.objects.none(), required=False
    )

    class Meta:
        model = Pair
        fields = ["program", "form", "start", "planned_end", "status", "goals"]
        widgets = {
            "start": DateInput(),
            "planned_end": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = MentoringProgram.objects.for_user(user, write=True).exclude(
            status=MentoringProgram.Status.COMPLETED
        )
        staff = choosers.working_staff(user)
        learners = Learner.objects.for_user(user, write=True).order_by("surname", "name", "patronymic", "pk")
        external = (
            ExternalPerson.objects.for_user(user, write=True)
            .select_related("organisation")
            .order_by("surname", "name", "patronymic", "pk")
        )
        for name, people in [
            ("mentor_person", staff),
            ("mentor_learner", learners),
            ("mentor_external", external),
            ("mentee_persons", staff),
            ("mentee_learners", learners),
            ("mentee_externals", external),
        ]:
            self.fields[name].queryset = people
        choosers.show_personal(self, user)
        self.fields["status"].choices = [(s.value, s.label) for s in Pair.OPEN_STATUSES]
        if not self.is_bound:
            # a new instance's empty fields would override field initials
            self.initial["start"] = timezone.localdate()

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

    def __init__(self, *args, participants, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        field.queryset = participants
        field.label_from_instance = lambda p: f"{p.get_role_display()}: {p.name_for(user)}"
        field.empty_label = None
