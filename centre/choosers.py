"""Choosing a person (or any record) among many: a search box and a short list, no script.

At national size a select of every child of the country made staff forms time out at 30 s
(issue 13). A chooser field renders a text input ``<name>_q``, a «Найти» button and a select
(checkboxes for several values) holding only the current value(s) and at most ``LIMIT``
matches of the search within the queryset the form gives — already narrowed by
``for_user``. When the whole queryset is that small, it is listed without a search. The
button submits the form with ``SEARCH`` in the data: the view shows the bound form again
with the matches and saves nothing (``searching``). Validation is Django's own: a key
outside the queryset is "Выберите корректный вариант".

Enter pressed in a text field submits the form through its first submit button, which is a
chooser's «Найти» when a chooser comes before the save button: a search, which saves
nothing and keeps what was typed, rather than a save by accident.

It works without JavaScript, which every page of the portal must. django-autocomplete-light
and the admin's autocomplete are select2 widgets: an empty select that a script fills from
an AJAX view, so without the script nobody can choose anyone (docs/decisions.md).

    class PairForm(forms.Form):
        mentee = PersonChoiceField(label=_("Mentee"), queryset=Learner.objects.none())

        def __init__(self, *args, user, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["mentee"].queryset = Learner.objects.for_user(user, write=True)
            choosers.show_personal(self, user)  # birth year and group, for those who may

    # the view
    if request.method == "POST":
        form = PairForm(request.POST, user=request.user)
        if not choosers.searching(request, form) and form.is_valid():
            ...save...
"""

from django import forms
from django.db.models import Q
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorDict, flatatt
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centre.models import Learner, Organisation, Person
from centre.roles import Action, can

#: The most matches a chooser lists; a search that finds more asks for more letters.
LIMIT = 25
#: The name of every chooser's «Найти» button (its value is the field searched).
SEARCH = "chooser_search"
MAX_QUERY = 100
MAX_WORDS = 5


def searching(request, *forms_or_formsets) -> bool:
    """Whether the POST is a chooser's search rather than a save. If it is, the bound forms
    and formsets given are shown again as typed without errors (a half-filled form is not
    wrong yet) and the view must save nothing."""
    if request.method != "POST" or SEARCH not in request.POST:
        return False
    for item in forms_or_formsets:
        if hasattr(item, "management_form"):  # a formset
            item._errors = []
            item._non_form_errors = item.error_class()
            for form in item.forms:
                form._errors = ErrorDict()
        else:
            item._errors = ErrorDict()
    return True


def show_personal(form, user) -> None:
    """Tell every chooser of the form whether the user may read children's personal data
    (``Action.VIEW_PERSONAL_DATA``): only then do children's options show their birth year
    and group, which tell namesakes apart."""
    allowed = can(user, Action.VIEW_PERSONAL_DATA)
    for field in form.fields.values():
        if isinstance(field, ChooserMixin):
            field.personal = allowed


def load_current(forms_, name: str) -> None:
    """Read the current values of the chooser ``name`` of several forms (a formset's rows,
    all with the same queryset) and its short list in two queries, instead of two a row.
    Call it after the querysets and ``show_personal`` are set."""
    forms_ = list(forms_)
    if not forms_:
        return
    field = forms_[0].fields[name]
    keys = set()
    for form in forms_:
        keys.update(field.keys_of(form[name].value()))
    known = {}
    if keys:
        rows = field.rows(field.queryset.filter(**{f"{field.key}__in": keys}))
        known = {field.key_of(obj): obj for obj in rows}
    listed = field.listing()
    for form in forms_:
        form.fields[name].known = known
        form.fields[name].listed = listed


def organisations_to_change(user):
    """The centres and subdivisions whose records the user may change: the organisation a
    staff record belongs to is one of them (a handful, listed in a select)."""
    return Organisation.objects.for_user(user, write=True).filter(
        kind__in=[Organisation.Kind.CENTRE, Organisation.Kind.SUBDIVISION]
    )


def working_staff(user, *, keep=None):
    """Working staff of the user's organisations, and the people a record already names
    (``keep``, pks or a values queryset: someone who has since moved or left stays on the
    record they worked on)."""
    condition = Q(pk__in=Person.objects.for_user(user, write=True).filter(is_active=True).values("pk"))
    if keep is not None:
        condition |= Q(pk__in=keep)
    return Person.objects.filter(condition).order_by("surname", "name", "patronymic", "pk")


class Chosen:
    """What one chooser shows: the options (key, label, selected) and a line under them."""

    def __init__(self, *, options, query="", message=""):
        self.options = options
        self.query = query
        self.message = message


class ChooserWidget(forms.Widget):
    """The search input, its button and the short list. The list is given by the bound
    field just before rendering (``chosen``); the widget never reads the queryset."""

    template_name = "includes/chooser.html"
    allow_multiple_selected = False

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.chosen = Chosen(options=[])
        self.empty_label = None
        self.placeholder = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        attrs = dict(widget["attrs"])
        invalid = "is-invalid" in attrs.pop("class", "").split()
        if self.allow_multiple_selected:
            attrs.pop("required", None)  # a box need not be ticked; the field says if one must
        widget.update(
            {
                "attrs": attrs,
                "attrs_html": flatatt(attrs),
                "invalid": invalid,
                "multiple": self.allow_multiple_selected,
                "search_name": f"{name}_q",
                "search_id": f"{attrs['id']}_q" if attrs.get("id") else "",
                "search_button": SEARCH,
                "query": self.chosen.query,
                "options": self.chosen.options,
                "message": self.chosen.message,
                "empty_label": self.empty_label,
                "placeholder": self.placeholder,
            }
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # the project's template engine (templates/includes/), not the form renderer's
        return render_to_string(self.template_name, self.get_context(name, value, attrs))

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # unticked boxes send nothing: an empty list is an answer, not an omission
        return False if self.allow_multiple_selected else name not in data

    def id_for_label(self, id_):
        return f"{id_}_q" if self.allow_multiple_selected and id_ else id_


class MultipleChooserWidget(ChooserWidget):
    allow_multiple_selected = True


class ChooserBoundField(BoundField):
    @property
    def search_name(self) -> str:
        return f"{self.html_name}_q"

    @cached_property
    def query(self) -> str:
        if not self.form.is_bound:
            return ""
        typed = str(self.form.data.get(self.search_name) or "")[: MAX_QUERY * 2]
        # no control characters (a NUL cannot even reach the database)
        return " ".join("".join(ch if ch.isprintable() else " " for ch in typed).split())[:MAX_QUERY]

    @cached_property
    def chosen(self) -> Chosen:
        return self.field.choose(self.value(), self.query)

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        widget = widget or self.field.widget
        if isinstance(widget, ChooserWidget):
            widget.chosen = self.chosen
            widget.empty_label = getattr(self.field, "empty_label", None)
            widget.placeholder = self.field.placeholder
        return super().as_widget(widget, attrs, only_initial)


def _person_fields(model) -> tuple[str, ...]:
    names = {field.name for field in model._meta.get_fields()}
    return tuple(name for name in ("surname", "name", "patronymic") if name in names)


class ChooserMixin:
    """The chooser's behaviour, shared by the single and the multiple field.

    ``search_fields``: each word typed must begin (``lookup="istartswith"``, which the
    name indexes serve) or be contained in (``"icontains"``) one of these fields.
    ``limit``: the most matches shown. ``personal``: show children's birth year and group
    (set by ``show_personal``). ``known``: current objects already read (``load_current``).
    """

    bound_field_class = ChooserBoundField
    default_lookup = "istartswith"
    placeholder = gettext_lazy("Surname or its first letters")
    prompt = gettext_lazy("Type the first letters of the surname or first name and press «Find».")

    def __init__(self, queryset, *, search_fields=None, lookup=None, limit=LIMIT, personal=False, **kwargs):
        super().__init__(queryset, **kwargs)
        self.search_fields = tuple(search_fields or ())
        self.lookup = lookup or self.default_lookup
        self.limit = limit
        self.personal = personal
        self.known = {}
        self.listed = None

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.known, result.listed = {}, None  # each form reads its own
        return result

    # the queryset is never listed whole: the widget gets its options from choose()
    def _set_queryset(self, queryset):
        self._queryset = None if queryset is None else queryset.all()
        self.listed = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    @property
    def key(self) -> str:
        return self.to_field_name or "pk"

    def key_of(self, obj) -> str:
        return str(obj.serializable_value(self.to_field_name) if self.to_field_name else obj.pk)

    def keys_of(self, value) -> list[str]:
        """The current value(s) as keys that can be looked up (anything malformed dropped)."""
        if value is None or value == "":
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        field = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else None
        field = field or self.queryset.model._meta.pk
        keys = []
        for item in values:
            if hasattr(item, "_meta"):
                item = self.key_of(item)
            try:
                field.to_python(item)
            except (forms.ValidationError, TypeError, ValueError):
                continue
            if str(item) and str(item) not in keys:
                keys.append(str(item))
        return keys

    def fields_searched(self) -> tuple[str, ...]:
        return self.search_fields or _person_fields(self.queryset.model)

    def matches(self, query: str):
        """The queryset narrowed to the search (every word must match), or None."""
        words = query.split()[:MAX_WORDS]
        if not words:
            return None
        condition = Q()
        for word in words:
            either = Q()
            for name in self.fields_searched():
                either |= Q(**{f"{name}__{self.lookup}": word})
            condition &= either
        return self.queryset.filter(condition)

    def rows(self, queryset) -> list:
        """Read the objects to list, with what their labels need (one query more at most)."""
        rows = list(queryset)
        if self.personal and rows and _is_learner(rows[0]):
            _attach_groups(rows)
        return rows

    def listing(self) -> list:
        """The whole queryset when it holds at most ``limit`` rows (else the first
        ``limit + 1``, a sign to search instead): read once, shared by ``load_current``."""
        if self.listed is None:
            self.listed = self.rows(self.queryset[: self.limit + 1])
        return self.listed

    def choose(self, value, query: str) -> Chosen:
        """The options to show: the current value(s), then the matches of the search."""
        keys = self.keys_of(value)
        current = {key: self.known[key] for key in keys if key in self.known}
        missing = [key for key in keys if key not in current]
        if missing:
            for obj in self.rows(self.queryset.filter(**{f"{self.key}__in": missing})):
                current[self.key_of(obj)] = obj
        message = ""
        if query:
            source = self.matches(query)
            rows = self.rows(source[: self.limit + 1 + len(current)]) if source is not None else []
            found = [obj for obj in rows if self.key_of(obj) not in current]
            if not found:
                message = _("Nothing found for «%(query)s».") % {"query": query}
            elif len(found) > self.limit:
                found = found[: self.limit]
                message = _(
                    "More than %(limit)s found, the first %(limit)s are shown: refine the search."
                ) % {"limit": self.limit}
        else:
            rows = self.listing()
            found = [obj for obj in rows if self.key_of(obj) not in current]
            if len(rows) > self.limit:
                found = []
                message = str(self.prompt)
        options = [(key, self.option_label(current[key]), True) for key in keys if key in current]
        options += [(self.key_of(obj), self.option_label(obj), False) for obj in found]
        return Chosen(options=options, query=query, message=message)

    def option_label(self, obj) -> str:
        label = self.label_from_instance(obj)
        details = [detail for detail in (self.public_detail(obj), self.personal_detail(obj)) if detail]
        return ", ".join([label, *details]) if details else label

    def label_from_instance(self, obj):
        return getattr(obj, "full_name", None) or str(obj)

    def public_detail(self, obj) -> str:
        """What may tell namesakes apart for anyone: a staff member's position."""
        if hasattr(obj, "position") and _person_fields(type(obj)):
            return obj.position or ""
        return ""

    def personal_detail(self, obj) -> str:
        """A child's birth year and groups: only for users who may read personal data."""
        if not self.personal or not _is_learner(obj):
            return ""
        parts = [_("born %(year)s") % {"year": obj.birth_date.year}] if obj.birth_date else []
        parts += getattr(obj, "_chooser_groups", [])
        return ", ".join(parts)


def _is_learner(obj) -> bool:
    return isinstance(obj, Learner)


def _attach_groups(learners) -> None:
    """The names of the groups each child studies in, in one query. Through the reverse
    relation the programs app gives a learner (``enrolments``): no import of programs."""
    by_pk = {learner.pk: learner for learner in learners}
    for learner in learners:
        learner._chooser_groups = []
    if not hasattr(Learner, "enrolments"):
        return
    rows = (
        Learner.objects.filter(pk__in=by_pk, enrolments__status="active")
        .order_by("pk", "enrolments__group__name")
        .values_list("pk", "enrolments__group__name")
    )
    for pk, group in rows:
        if group and group not in by_pk[pk]._chooser_groups:
            by_pk[pk]._chooser_groups.append(group)


class PersonChoiceField(ChooserMixin, forms.ModelChoiceField):
    """One person (a child, a staff member, an outside mentor): searched by the first
    letters of surname, first name or patronymic, in any order."""

    widget = ChooserWidget


class PersonMultipleChoiceField(ChooserMixin, forms.ModelMultipleChoiceField):
    """Several people: the current ones ticked, the matches of the search beside them."""

    widget = MultipleChooserWidget


class RecordChoiceField(PersonChoiceField):
    """The same chooser for a record that is not a person (a club, a project, a competition,
    an organisation): words found anywhere in its title or name."""

    default_lookup = "icontains"
    placeholder = gettext_lazy("A word of the name")
    prompt = gettext_lazy("Type a word of the name and press «Find».")

    def fields_searched(self) -> tuple[str, ...]:
        if self.search_fields:
            return self.search_fields
        names = {field.name for field in self.queryset.model._meta.get_fields()}
        return tuple(name for name in ("title", "name", "short_name") if name in names)

    def label_from_instance(self, obj):
        return str(obj)
