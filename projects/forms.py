"""Forms and formsets of the staff pages; all render through crispy (bootstrap5)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from centre.models import Learner, Organisation, Person
from projects.access import clubs_for_user, learners_for_user
from projects.models import (
    Competition,
    Outcome,
    Project,
    ProjectFile,
    ProjectMember,
    ProjectType,
    Result,
)
from projects.uploads import DIPLOMA_EXTENSIONS, check_document, reencode_photo

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LearnerChoiceField(forms.ModelChoiceField):
    """Staff pick a child by full name and year of birth (there may be two Ivanovs)."""

    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.birth_date:%Y}"


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "type",
            "format",
            "club",
            "supervisor",
            "academic_year",
            "stage",
            "partner",
            "partner_case",
            "is_public",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "partner_case": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = clubs_for_user(user)
        current_type = self.instance.type_id if self.instance.pk else None
        self.fields["type"].queryset = ProjectType.objects.filter(Q(is_active=True) | Q(pk=current_type))
        self.fields["supervisor"].queryset = Person.objects.filter(is_active=True)
        self.fields["partner"].queryset = Organisation.objects.filter(
            kind__in=[
                Organisation.Kind.INDUSTRIAL_PARTNER,
                Organisation.Kind.UNIVERSITY,
                Organisation.Kind.OTHER,
            ]
        )
        person = getattr(user, "person", None)
        if not self.instance.pk and person is not None and not self.initial.get("supervisor"):
            self.initial["supervisor"] = person.pk  # a teacher usually supervises their own project


class MemberForm(forms.ModelForm):
    class Meta:
        model = ProjectMember
        fields = ["learner", "role"]
        field_classes = {"learner": LearnerChoiceField}


class BaseMemberFormSet(BaseInlineFormSet):
    """Members of a project. The project form must be validated first: the format it sets on
    the shared instance decides how many members are allowed."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        learners = learners_for_user(user, self.instance)
        for form in self.forms:
            form.fields["learner"].queryset = learners
            form.fields["learner"].error_messages["invalid_choice"] = _(
                "You cannot add this child: choose a child of your club."
            )

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["learner"].queryset = learners_for_user(self.user, self.instance)
        return form

    def clean(self):
        # our checks first: they name the child, Django's unique check only the field
        if any(self.errors):
            return
        learners, leaders = [], 0
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            learner = form.cleaned_data.get("learner")
            if learner is None:
                continue
            if learner in learners:
                raise ValidationError(_("%(name)s is listed twice.") % {"name": learner.full_name})
            learners.append(learner)
            if form.cleaned_data.get("role") == ProjectMember.Role.LEADER:
                leaders += 1
        if leaders > 1:
            raise ValidationError(_("A project has only one team leader."))
        if not learners:
            raise ValidationError(_("Add at least one member to the project."))
        if self.instance.format == Project.Format.INDIVIDUAL and len(learners) != 1:
            raise ValidationError(_("An individual project has exactly one member."))
        if self.instance.format == Project.Format.GROUP and len(learners) < 2:
            raise ValidationError(_("A group project has at least two members."))
        super().clean()


MemberFormSet = inlineformset_factory(
    Project,
    ProjectMember,
    form=MemberForm,
    formset=BaseMemberFormSet,
    extra=3,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


def _check_constraints(formset):
    """Run the model's constraints with the inline key included (a ModelForm leaves it out),
    so a duplicate of a stored result is explained on its row rather than failing on save."""
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE"):
            continue
        try:
            form.instance.validate_constraints()
        except ValidationError as error:
            form.add_error(None, error)
    if any(formset.errors):
        raise ValidationError(_("Correct the rows marked below."))


class PrivateFileInput(forms.ClearableFileInput):
    """A file input that never links the stored file: private files have no public URL
    (they are served by an access-checked view), so the form only offers a replacement."""

    def is_initial(self, value):
        return False


class DiplomaMixin:
    def clean_diploma(self):
        diploma = self.cleaned_data.get("diploma")
        if diploma and not getattr(diploma, "_committed", False):
            check_document(diploma, extensions=DIPLOMA_EXTENSIONS)
        return diploma


class ProjectResultForm(DiplomaMixin, forms.ModelForm):
    class Meta:
        model = Result
        fields = ["competition", "learner", "nomination", "outcome", "place", "date", "diploma"]
        field_classes = {"learner": LearnerChoiceField}
        widgets = {"date": DATE_WIDGET, "diploma": PrivateFileInput}


class BaseResultFormSet(BaseInlineFormSet):
    """Results of one project; the child, if named, must be one of its members."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = Learner.objects.filter(project_memberships__project=self.instance)
        competitions = Competition.objects.select_related("academic_year")
        for form in self.forms:
            form.fields["learner"].queryset = members
            form.fields["learner"].required = False
            form.fields["learner"].empty_label = _("the whole team")
            form.fields["learner"].error_messages["invalid_choice"] = _(
                "This child is not a member of the project."
            )
            form.fields["competition"].queryset = competitions

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("competition"):
                continue
            key = (
                data["competition"].pk,
                getattr(data.get("learner"), "pk", None),
                data.get("nomination", ""),
            )
            if key in seen:
                raise ValidationError(_("The same result is entered twice."))
            seen.add(key)
        _check_constraints(self)
        super().clean()


ProjectResultFormSet = inlineformset_factory(
    Project,
    Result,
    form=ProjectResultForm,
    formset=BaseResultFormSet,
    extra=2,
    can_delete=True,
    max_num=100,
    validate_max=True,
)


class CompetitionForm(forms.ModelForm):
    class Meta:
        model = Competition
        fields = ["title", "kind", "level", "direction", "organiser", "starts_on", "ends_on", "is_official"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}


class CompetitionResultForm(DiplomaMixin, forms.ModelForm):
    class Meta:
        model = Result
        fields = ["project", "learner", "nomination", "outcome", "place", "date", "diploma"]
        field_classes = {"learner": LearnerChoiceField}
        widgets = {"date": DATE_WIDGET, "diploma": PrivateFileInput}


class BaseCompetitionResultFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        projects = Project.objects.select_related("academic_year")
        if self.instance.academic_year_id:
            projects = projects.filter(academic_year=self.instance.academic_year_id)
        for form in self.forms:
            form.fields["project"].queryset = projects
            form.fields["learner"].queryset = Learner.objects.all()

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not (data.get("project") or data.get("learner")):
                continue
            learner = data.get("learner")
            key = (
                ("learner", learner.pk) if learner else ("project", data["project"].pk),
                data.get("nomination", ""),
            )
            if key in seen:
                raise ValidationError(_("The same result is entered twice."))
            seen.add(key)
        _check_constraints(self)
        super().clean()


CompetitionResultFormSet = inlineformset_factory(
    Competition,
    Result,
    form=CompetitionResultForm,
    formset=BaseCompetitionResultFormSet,
    extra=3,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, up to 5 MB."))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_image(self):
        return reencode_photo(self.cleaned_data["image"])


class ProjectFileForm(forms.ModelForm):
    class Meta:
        model = ProjectFile
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        check_document(upload)
        return upload


class AchievementYearForm(forms.Form):
    year = forms.ModelChoiceField(label=_("Academic year"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from centre.models import AcademicYear

        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = AcademicYear.objects.order_by("-start")


OUTCOME_CHOICES = Outcome.choices
