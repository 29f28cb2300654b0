"""Filters of the showcase, the staff lists and the gifted bank, bound to the query string."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from centre.forms_renderer import PythonWidgetForm
from centre.models import AcademicYear
from programs.models import Club, Direction
from projects.access import editable_projects
from projects.models import GIFTED_LEVELS, Competition, Project, ProjectType, Result


def _years(request=None):
    return AcademicYear.objects.order_by("-start")


# Only clubs that have projects are offered: a national catalogue has tens of thousands of
# clubs, and a select of all of them took seconds to render.
def _clubs_with_public_projects(request=None):
    return Club.objects.filter(Exists(Project.objects.public().filter(club=OuterRef("pk")))).order_by("name")


def _clubs_with_projects(request=None):
    """Clubs of the user's organisations with projects the user may work with (the staff
    lists): another organisation's clubs are neither listed nor accepted."""
    if request is None:
        return Club.objects.none()
    projects = editable_projects(request.user)
    return Club.objects.filter(Exists(projects.filter(club=OuterRef("pk")))).order_by("name")


class ShowcaseFilter(django_filters.FilterSet):
    direction = django_filters.ModelChoiceFilter(
        label=_("Direction"), queryset=Direction.objects.all(), method="filter_direction"
    )
    club = django_filters.ModelChoiceFilter(label=_("Club"), queryset=_clubs_with_public_projects)
    year = django_filters.ModelChoiceFilter(
        label=_("Academic year"), field_name="academic_year", queryset=_years
    )

    class Meta:
        model = Project
        fields = ["direction", "club", "year"]
        form = PythonWidgetForm  # a key page of the benchmark: widgets written in Python (centre/forms_renderer.py)

    def filter_direction(self, queryset, name, value):
        return queryset.in_direction(value) if value else queryset


class StaffProjectFilter(ShowcaseFilter):
    club = django_filters.ModelChoiceFilter(label=_("Club"), queryset=_clubs_with_projects)
    type = django_filters.ModelChoiceFilter(label=_("Project type"), queryset=ProjectType.objects.all())
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Project.Stage.choices)
    level = django_filters.ChoiceFilter(
        label=_("Competition level"), choices=Competition.Level.choices, method="filter_result"
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Result"), choices=Result.Outcome.choices, method="filter_result"
    )

    class Meta:
        model = Project
        fields = ["year", "club", "direction", "type", "stage", "level", "outcome"]

    def filter_result(self, queryset, name, value):
        # level and outcome together mean one result with both: applied once in filter_queryset
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        level = self.form.cleaned_data.get("level")
        outcome = self.form.cleaned_data.get("outcome")
        if level or outcome:  # one result with both
            results = Result.objects.filter(project=OuterRef("pk")).filter_by(level=level, outcome=outcome)
            queryset = queryset.filter(Exists(results))
        return queryset


class ResultFilter(django_filters.FilterSet):
    year = django_filters.ModelChoiceFilter(
        label=_("Academic year"), field_name="competition__academic_year", queryset=_years
    )
    club = django_filters.ModelChoiceFilter(
        label=_("Club"), field_name="project__club", queryset=_clubs_with_projects
    )
    direction = django_filters.ModelChoiceFilter(
        label=_("Direction"), queryset=Direction.objects.all(), method="filter_direction"
    )
    level = django_filters.ChoiceFilter(
        label=_("Competition level"), field_name="competition__level", choices=Competition.Level.choices
    )
    outcome = django_filters.ChoiceFilter(label=_("Result"), choices=Result.Outcome.choices)

    class Meta:
        model = Result
        fields = ["year", "club", "direction", "level", "outcome"]

    def filter_direction(self, queryset, name, value):
        return queryset.filter_by(direction=value) if value else queryset


class GiftedFilter(django_filters.FilterSet):
    """Filters of the bank of gifted children (over qualifying results)."""

    year = django_filters.ModelChoiceFilter(
        label=_("Academic year"), field_name="competition__academic_year", queryset=_years
    )
    direction = django_filters.ModelChoiceFilter(
        label=_("Direction"), queryset=Direction.objects.all(), method="filter_direction"
    )
    level = django_filters.ChoiceFilter(
        label=_("Competition level"),
        field_name="competition__level",
        choices=[(level.value, level.label) for level in GIFTED_LEVELS],
    )

    class Meta:
        model = Result
        fields = ["year", "direction", "level"]

    def filter_direction(self, queryset, name, value):
        return queryset.filter_by(direction=value) if value else queryset

    def described(self) -> str:
        """The filters in force, as the audit log says them ("Academic year: 2025/2026")."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        said = []
        for name, value in self.form.cleaned_data.items():
            if value:
                field = self.form.fields[name]
                if not isinstance(field, forms.ModelChoiceField):
                    value = dict(field.choices).get(value, value)  # a level's label, not its code
                said.append(f"{field.label}: {value}")
        return "; ".join(said)
