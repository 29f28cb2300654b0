"""Staff forms for platforms, orders, reports and products (rendered with crispy).

Every choice is of the user's organisations (centre.scope); staff are chosen with the shared
chooser (centre.choosers), a search field and a short list, not a select of everyone."""

import django_filters
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from centre import choosers
from centre.forms import DateInput
from centre.forms_renderer import PythonWidgetForm
from centre.models import AcademicYear, Organisation
from innovation.models import Order, OrderCoverage, Platform, Product, YearlyReport
from innovation.models.common import outside_period


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


def _kept(instance, relation: str):
    """The people an edited record names in a many-to-many field; None for a new record."""
    if instance.pk is None:
        return None
    return (
        getattr(instance, relation)
        .through.objects.filter(**{instance._meta.model_name: instance})
        .values("person")
    )


class PlatformForm(forms.ModelForm):
    class Meta:
        model = Platform
        fields = [
            "organisation",
            "theme",
            "level",
            "kind",
            "network",
            "supervising_body",
            "first_year",
            "last_year",
            "status",
            "closed_on",
            "responsible",
            "goals",
            "description",
        ]
        field_classes = {"responsible": choosers.PersonMultipleChoiceField}
        widgets = {
            "theme": _textarea(2),
            "closed_on": DateInput(),
            "goals": _textarea(4),
            "description": _textarea(4),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # an edited platform's organisation is among them
        self.fields["organisation"].queryset = choosers.organisations_to_change(user)
        self.fields["responsible"].queryset = choosers.working_staff(
            user, keep=_kept(self.instance, "responsible")
        )


class OrderForm(forms.ModelForm):
    """Edit an act itself: its issuer, number, date, title and scan."""

    class Meta:
        model = Order
        fields = ["kind", "issuer", "number", "date", "title", "file"]
        widgets = {"date": DateInput(), "title": _textarea(2)}


class OrderCreateForm(OrderForm):
    """A new act for a platform, with the academic year it grants or renews the status for."""

    academic_year = forms.ModelChoiceField(
        label=_("Academic year"),
        queryset=AcademicYear.objects.all(),
        to_field_name="label",
        help_text=_("The academic year the order grants or renews the status for."),
    )

    class Meta(OrderForm.Meta):
        fields = ["academic_year", *OrderForm.Meta.fields]

    def __init__(self, *args, platform: Platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform = platform
        # the act is the platform's organisation's record: its uniqueness is checked within it
        self.instance.organisation = platform.organisation
        if not self.is_bound:
            current = AcademicYear.objects.current()
            if current and platform.covers(current.label):
                self.fields["academic_year"].initial = current.label

    def clean_academic_year(self):
        year = self.cleaned_data["academic_year"]
        if outside := outside_period(self.platform, year.label):
            raise forms.ValidationError(outside)
        return year


class OrderLinkForm(forms.ModelForm):
    """Record that an act already entered also covers this platform in a year."""

    class Meta:
        model = OrderCoverage
        fields = ["order", "academic_year"]

    def __init__(self, *args, platform: Platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.platform = platform
        # the acts the platform's organisation has entered (an order covers its own organisation's)
        self.fields["order"].queryset = Order.objects.filter(organisation=platform.organisation).order_by(
            "-date", "number"
        )
        self.fields["order"].label_from_instance = lambda order: f"{order} — {order.issuer}"


class YearlyReportForm(forms.ModelForm):
    class Meta:
        model = YearlyReport
        fields = [
            "academic_year",
            "teams",
            "participants",
            "staff",
            "summary",
            "dissemination",
            "status",
            "submitted_on",
        ]
        field_classes = {"staff": choosers.PersonMultipleChoiceField}
        widgets = {
            "summary": _textarea(5),
            "dissemination": _textarea(3),
            "submitted_on": DateInput(),
        }

    def __init__(self, *args, platform: Platform, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.platform = platform
        self.fields["staff"].queryset = choosers.working_staff(user, keep=_kept(self.instance, "staff"))


class ProductForm(forms.ModelForm):
    link = forms.URLField(label=capfirst(_("link")), required=False, assume_scheme="https")

    class Meta:
        model = Product
        fields = ["academic_year", "kind", "title", "description", "link", "file"]
        widgets = {"title": _textarea(2), "description": _textarea(3)}

    def __init__(self, *args, platform: Platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.platform = platform


class PlatformFilter(django_filters.FilterSet):
    """The dashboard's filter: by organisation, level and status, kept in the query string."""

    organisation = django_filters.ModelChoiceFilter(
        label=_("organisation"),
        queryset=Organisation.objects.none(),  # the user's, set in __init__
        empty_label=_("all organisations"),
    )
    level = django_filters.ChoiceFilter(
        label=_("level"), choices=Platform.Level.choices, empty_label=_("all levels")
    )
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Platform.Status.choices, empty_label=_("all statuses")
    )

    class Meta:
        model = Platform
        fields = ["organisation", "level", "status"]
        form = PythonWidgetForm  # a key page of the benchmark: widgets written in Python (centre/forms_renderer.py)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # the organisations whose platforms the user reads (an authority: its territory's)
        self.filters["organisation"].queryset = (
            Organisation.objects.for_user(user).filter(innovation_platforms__isnull=False).distinct()
        )
