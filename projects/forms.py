"""Forms and formsets of the staff pages; all render through crispy (bootstrap5)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from centre import choosers
from centre.choosers import PersonChoiceField, RecordChoiceField
from centre.forms import DateInput
from centre.models import AcademicYear, Learner, Organisation
from centre.roles import Action, can
from projects.access import (
    PARTNER_KINDS,
    clubs_for_user,
    competitions_for_user,
    editable_projects,
    learners_for_user,
    partners_for_user,
    supervisors_for_user,
)
from projects.models import (
    NOT_A_MEMBER,
    ONE_LEADER,
    Competition,
    Project,
    ProjectFile,
    ProjectMember,
    ProjectType,
    Result,
)
from projects.uploads import DIPLOMA_EXTENSIONS, check_document, reencode_photo


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
        # clubs, staff and partners are many at national size: chosen by a search
        field_classes = {
            "club": RecordChoiceField,
            "supervisor": PersonChoiceField,
            "partner": RecordChoiceField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        self.fields["club"].queryset = clubs_for_user(user, project)
        current_type = project.type_id if project.pk else None
        self.fields["type"].queryset = ProjectType.objects.filter(Q(is_active=True) | Q(pk=current_type))
        self.fields["supervisor"].queryset = supervisors_for_user(user, project)
        self.fields["partner"].queryset = partners_for_user(user, project)
        choosers.show_personal(self, user)
        person = getattr(user, "person", None)
        if not self.instance.pk and person is not None and not self.initial.get("supervisor"):
            self.initial["supervisor"] = person.pk  # a teacher usually supervises their own project


class MemberForm(forms.ModelForm):
    class Meta:
        model = ProjectMember
        fields = ["learner", "role"]
        field_classes = {"learner": PersonChoiceField}


def _member_error(user):
    if can(user, Action.EDIT_PROJECTS):
        return _("You cannot add this child: choose a child of your organisation.")
    return _("You cannot add this child: choose a child of your club.")


class BaseMemberFormSet(BaseInlineFormSet):
    """Members of a project. The project form must be validated first: the format it sets on
    the shared instance decides how many members are allowed."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        kwargs.setdefault("queryset", ProjectMember.objects.select_related("learner"))
        super().__init__(*args, **kwargs)
        learners = learners_for_user(user, self.instance)
        for form in self.forms:
            self._prepare(form, learners)
        choosers.load_current(self.forms, "learner")

    def _prepare(self, form, learners):
        form.fields["learner"].queryset = learners
        form.fields["learner"].error_messages["invalid_choice"] = _member_error(self.user)
        choosers.show_personal(form, self.user)

    @property
    def empty_form(self):
        form = super().empty_form
        self._prepare(form, learners_for_user(self.user, self.instance))
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
            raise ValidationError(ONE_LEADER)
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


class ResultRowsFormSet(BaseInlineFormSet):
    """Rows of results: the same result twice is refused, and the model's constraints run
    with the inline key included (a ModelForm leaves it out), so a duplicate of a stored
    result is explained on its row rather than failing on save. ``result_key`` says what
    makes a row's result one of a kind (None: an empty row)."""

    def result_key(self, data):
        raise NotImplementedError

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            key = self.result_key(data) if data and not data.get("DELETE") else None
            if key is None:
                continue
            if key in seen:
                raise ValidationError(_("The same result is entered twice."))
            seen.add(key)
        for form in self.forms:
            if not form.has_changed() or form.cleaned_data.get("DELETE"):
                continue
            try:
                form.instance.validate_constraints()
            except ValidationError as error:
                form.add_error(None, error)
        if any(self.errors):
            raise ValidationError(_("Correct the rows marked below."))
        super().clean()


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
        field_classes = {"competition": RecordChoiceField, "learner": PersonChoiceField}
        widgets = {"date": DateInput, "diploma": PrivateFileInput}


class BaseResultFormSet(ResultRowsFormSet):
    """Results of one project at the competitions of the user's organisations; the child,
    if named, must be one of its members (all of them listed: a project has at most 40)."""

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault(
            "queryset", Result.objects.for_user(user, write=True).select_related("competition", "learner")
        )
        super().__init__(*args, **kwargs)
        members = Learner.objects.filter(project_memberships__project=self.instance)
        competitions = competitions_for_user(user)
        for form in self.forms:
            learner = form.fields["learner"]
            learner.queryset = members
            learner.limit = MemberFormSet.max_num
            learner.required = False
            learner.empty_label = _("the whole team")
            learner.error_messages["invalid_choice"] = NOT_A_MEMBER
            form.fields["competition"].queryset = competitions
            choosers.show_personal(form, user)
        choosers.load_current(self.forms, "learner")
        choosers.load_current(self.forms, "competition")

    def result_key(self, data):
        """What makes a row's result one of a kind: competition, child (or the team), nomination."""
        if not data.get("competition"):
            return None
        return (data["competition"].pk, getattr(data.get("learner"), "pk", None), data.get("nomination", ""))


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
        fields = [
            "title",
            "kind",
            "level",
            "direction",
            "organiser",
            "starts_on",
            "ends_on",
            "is_official",
            "organisation",
        ]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}
        field_classes = {"organisation": RecordChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # the organisations the user works for (their own and its subdivisions)
        own = Organisation.objects.for_user(user, write=True).exclude(kind__in=PARTNER_KINDS)
        current = self.instance.organisation_id
        self.fields["organisation"].queryset = (
            own | Organisation.objects.filter(pk=current) if current is not None else own
        )
        person = getattr(user, "person", None)
        if current is None and person is not None and not self.initial.get("organisation"):
            self.initial["organisation"] = person.organisation_id


class CompetitionResultForm(DiplomaMixin, forms.ModelForm):
    class Meta:
        model = Result
        fields = ["project", "learner", "nomination", "outcome", "place", "date", "diploma"]
        field_classes = {"project": RecordChoiceField, "learner": PersonChoiceField}
        widgets = {"date": DateInput, "diploma": PrivateFileInput}


class BaseCompetitionResultFormSet(ResultRowsFormSet):
    """Results at one of the user's organisations' competitions: of their projects of the
    competition's year and of their own children; another organisation's are not shown."""

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault(
            "queryset", Result.objects.for_user(user, write=True).select_related("project", "learner")
        )
        super().__init__(*args, **kwargs)
        projects = editable_projects(user)
        if self.instance.academic_year_id:
            projects = projects.filter(academic_year=self.instance.academic_year_id)
        learners = Learner.objects.for_user(user, write=True)
        for form in self.forms:
            form.fields["project"].queryset = projects
            form.fields["learner"].queryset = learners
            choosers.show_personal(form, user)
        choosers.load_current(self.forms, "project")
        choosers.load_current(self.forms, "learner")

    def result_key(self, data):
        """What makes a row's result one of a kind: the child (or the team), the nomination."""
        learner, project = data.get("learner"), data.get("project")
        if not (learner or project):
            return None
        return (("learner", learner.pk) if learner else ("project", project.pk), data.get("nomination", ""))


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
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = AcademicYear.objects.order_by("-start")
