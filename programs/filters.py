"""The filters of programs: the public catalogue's, which apply to catalogue entries (one a
group: a club is shown when one of its groups matches, see programs.catalogue), and the
staff lists' (programs, groups, applications), whose selects offer only what the user's
organisations hold (programs.forms.choices)."""

import django_filters
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centre.forms_renderer import PythonWidgetForm
from centre.models import AcademicYear
from centre.search import prefix_query
from programs.catalogue import SORT_CHOICES, SORT_NAME, catalogue_choices
from programs.forms.choices import readable_clubs, readable_current_groups, readable_teachers
from programs.models import (
    Application,
    CatalogueEntry,
    CatalogueSearch,
    Direction,
    Group,
    Level,
    Program,
    ScheduleSlot,
    SearchSynonyms,
)
from programs.models.catalogue import spellings

SEARCH_MAX_LENGTH = 100
VENUE_LIST_LIMIT = 60


def catalogue_query(text: str | None):
    """The catalogue's search for `text`: every word, its spelling in Russian letters or one
    of its synonyms (programs.models.catalogue: spellings, SearchSynonyms.objects.synonyms),
    in the words of the program and the club. None without a word."""
    return prefix_query(text, spellings=spellings, synonyms=SearchSynonyms.objects.synonyms)


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CheckboxFilter(django_filters.BooleanFilter):
    """A checkbox that narrows the list when ticked and leaves it alone when not."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. robots, dance, chess")}),
    )
    direction = django_filters.ChoiceFilter(
        label=_("Direction"),
        field_name="direction__slug",
        choices=[],
        empty_label=_("Any direction"),
    )
    profile = django_filters.ChoiceFilter(
        label=_("Profile"), field_name="profile", choices=[], empty_label=_("Any profile")
    )
    age = IntegerFilter(label=_("Child's age"), method="filter_age", min_value=3, max_value=18)
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, method="filter_level", empty_label=_("Any level")
    )
    funding = django_filters.ChoiceFilter(
        label=_("Funding"), choices=Group.Funding.choices, empty_label=_("Any funding")
    )
    district = django_filters.ChoiceFilter(
        label=_("District"), field_name="district", choices=[], empty_label=_("Any district")
    )
    venue = django_filters.ChoiceFilter(label=_("Venue"), choices=[], empty_label=_("Any venue"))
    weekday = django_filters.ChoiceFilter(
        label=_("Day of the week"),
        choices=ScheduleSlot.Weekday.choices,
        method="filter_weekday",
        empty_label=_("Any day"),
    )
    adapted = CheckboxFilter(label=_("Adapted for children with disabilities"), method="filter_adapted")
    free = CheckboxFilter(label=_("Only with free places"), method="filter_free")
    open = CheckboxFilter(label=_("Only open for applications"), method="filter_open")
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="keep", empty_label=None, null_label=None
    )

    class Meta:
        model = CatalogueEntry
        fields = []
        form = PythonWidgetForm  # its widgets written in Python: measured hot (centre/forms_renderer.py)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices kept a minute by catalogue_choices(); checking a chosen value needs no query.
        choices = catalogue_choices()
        data = self.data or {}
        directions = choices.offered_directions(
            str(data.get("direction") or ""), str(data.get("profile") or "")
        )
        venues = choices.venues
        self.filters["direction"].extra["choices"] = [
            (slug, name) for _pk, slug, name, _profiles in directions
        ]
        self.filters["profile"].extra["choices"] = [
            (name, [(str(pk), profile) for pk, profile in profiles])
            for _pk, _slug, name, profiles in directions
            if profiles
        ]
        districts = sorted({district for _pk, _name, district, _address in venues if district})
        self.filters["district"].extra["choices"] = [(district, district) for district in districts]
        self.filters["venue"].extra["choices"] = self._venue_choices(venues)
        if len(venues) > VENUE_LIST_LIMIT:
            self.filters["venue"].extra["help_text"] = _("Choose a district first to see its venues.")

    def _venue_choices(self, venues) -> list[tuple[str, str]]:
        """Every venue while there are few; with many (a city, a country) only those of the
        chosen district, so that the list stays usable, plus the venue already chosen."""
        data = self.data or {}
        district = data.get("district") or ""
        chosen = str(data.get("venue") or "")
        if len(venues) <= VENUE_LIST_LIMIT and not district:
            shown = venues
        else:
            shown = [row for row in venues if (district and row[2] == district) or str(row[0]) == chosen]
        return [(str(pk), name) for pk, name, _district, _address in shown]

    @property
    def sort_order(self) -> str:
        """The chosen order; a bad value elsewhere in the form does not undo a good one here."""
        if not self.is_bound:
            return SORT_NAME
        self.form.is_valid()
        return self.form.cleaned_data.get("sort") or SORT_NAME

    @property
    def is_searching(self) -> bool:
        """Whether the visitor's words narrow the list."""
        return self.search_query() is not None

    def search_query(self):
        """The search for the visitor's words (catalogue_query), built once per request."""
        if not hasattr(self, "_search_query"):
            valid = self.is_bound and self.form.is_valid()
            self._search_query = catalogue_query(self.form.cleaned_data.get("q")) if valid else None
        return self._search_query

    def search_rows(self):
        """The search's own rows when the visitor's words are the only filter and the list
        is by name: ranked without reading the entries (see CatalogueClubs). None otherwise."""
        if not self.is_searching or self.sort_order != SORT_NAME:
            return None
        data = self.form.cleaned_data
        if any(value not in (None, "", False) for name, value in data.items() if name not in ("q", "sort")):
            return None
        return CatalogueSearch.objects.filter(
            academic_year_id=AcademicYear.objects.current_id(), search=self.search_query()
        )

    def keep(self, queryset, name, value):
        return queryset

    def filter_search(self, queryset, name, value):
        query = self.search_query()
        if query is None:
            return queryset
        # the words of program and club together: a child's «робот кванториум» finds
        # the robotics program of the Quantorium club
        return queryset.filter(group_id__in=CatalogueSearch.objects.filter(search=query).values("group_id"))

    def filter_age(self, queryset, name, value):
        return queryset.for_age(value)

    def filter_level(self, queryset, name, value):
        return queryset.filter(levels__contains=[value])

    def filter_weekday(self, queryset, name, value):
        return queryset.on_weekday(int(value))

    def filter_adapted(self, queryset, name, value):
        return queryset.filter(adapted=True) if value else queryset

    def filter_free(self, queryset, name, value):
        return queryset.with_free_places() if value else queryset

    def filter_open(self, queryset, name, value):
        return queryset.open_for_enrolment() if value else queryset

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(name, label, shown value) of each filter the visitor set and the form accepted."""
        if not self.is_bound:
            return []
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        active = []
        for name, field in self.form.fields.items():
            value = data.get(name)
            if name == "sort" or value in (None, "", False):
                continue
            if isinstance(field, forms.BooleanField):
                shown = ""
            elif isinstance(field, forms.ModelChoiceField):
                shown = str(value)
            elif isinstance(field, forms.ChoiceField):
                shown = _choice_label(field.choices, value)
            else:
                shown = str(value)
            active.append((name, field.label, shown))
        return active


def _choice_label(choices, value) -> str:
    for key, label in choices:
        if isinstance(label, list | tuple):
            found = _choice_label(label, value)
            if found != value:
                return found
        elif str(key) == str(value):
            return str(label)
    return value


# --- staff lists -------------------------------------------------------------------------


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(label=capfirst(_("status")), choices=Program.Status.choices)
    # the directions of the countries of the organisations the user reads
    direction = django_filters.ModelChoiceFilter(
        label=capfirst(_("direction")),
        queryset=lambda request: Direction.objects.for_user(getattr(request, "user", None)),
    )
    level = django_filters.ChoiceFilter(
        label=capfirst(_("level")), choices=Level.choices, method="filter_level"
    )

    class Meta:
        model = Program
        fields = ["q", "status", "direction", "level"]
        form = PythonWidgetForm  # the staff sweep's slowest pages: widgets written in Python

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_level(self, queryset, name, value):
        return queryset.filter(levels__contains=[value])


class GroupFilter(django_filters.FilterSet):
    academic_year = django_filters.ModelChoiceFilter(
        label=capfirst(_("academic year")), queryset=AcademicYear.objects.order_by("-start")
    )
    club = django_filters.ModelChoiceFilter(label=capfirst(_("club")), queryset=readable_clubs)
    teacher = django_filters.ModelChoiceFilter(label=capfirst(_("teacher")), queryset=readable_teachers)

    class Meta:
        model = Group
        fields = ["academic_year", "club", "teacher"]
        form = PythonWidgetForm  # the staff sweep's slowest pages: widgets written in Python


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=capfirst(_("status")), choices=Application.Status.choices)
    club = django_filters.ModelChoiceFilter(
        label=capfirst(_("club")), field_name="group__club", queryset=readable_clubs
    )
    group = django_filters.ModelChoiceFilter(label=capfirst(_("group")), queryset=readable_current_groups)
    year = django_filters.ModelChoiceFilter(
        label=capfirst(_("academic year")),
        field_name="group__academic_year",
        queryset=AcademicYear.objects.order_by("-start"),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", widget=forms.CheckboxInput
    )  # label: __init__

    class Meta:
        model = Application
        fields = ["status", "club", "group", "year", "overdue"]
        form = PythonWidgetForm  # the staff sweep's slowest pages: widgets written in Python

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = Application.DECISION_WORKING_DAYS
        self.filters["overdue"].label = ngettext(
            "Overdue only (no decision after %(days)s working day)",
            "Overdue only (no decision after %(days)s working days)",
            days,
        ) % {"days": days}

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
