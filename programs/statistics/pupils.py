"""The number of a territory's schoolchildren of a year, entered by its education
authority (the statistics' shares are of it): the form on the statistics page and its
write, kept with who entered it."""

import re

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from centre.models import AcademicYear, Organisation, TerritoryPupils
from centre.scope import staff_organisations

# more than any country's schoolchildren: a typing slip, not a figure
MAX_PUPILS = 50_000_000


def authorities_of(user):
    """The education authorities whose figure the user may enter: those they work for (an
    administrator: every one)."""
    authorities = Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY).order_by("name")
    ids = staff_organisations(user)
    return authorities if ids is None else authorities.filter(pk__in=ids)


class GroupedIntegerField(forms.IntegerField):
    """A whole number typed as a report prints it, «3 047 637» (spaces between the digits
    go); anything else that is not digits is an error."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
        return super().to_python(value)


class PupilsForm(forms.Form):
    authority = forms.ModelChoiceField(
        label=_("Education authority"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose an education authority you work for.")},
    )
    academic_year = forms.ModelChoiceField(
        label=_("Academic year"),
        queryset=AcademicYear.objects.all(),
        empty_label=None,
        widget=forms.HiddenInput,
    )
    pupils = GroupedIntegerField(
        label=_("Schoolchildren of the territory"),
        min_value=1,
        max_value=MAX_PUPILS,
        help_text=_(
            "All pupils of the territory's general education schools this academic year, a whole number."
        ),
        error_messages={
            "required": _("Enter the number of schoolchildren."),
            "invalid": _("Enter the number of schoolchildren as a whole number, digits only."),
            "min_value": _("The number of schoolchildren must be above zero."),
            "max_value": _("This is more schoolchildren than any territory has: check the number."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities_of(user)


@transaction.atomic
def record_pupils(*, authority, academic_year, pupils: int, by) -> TerritoryPupils:
    """The territory's figure of the year, new or replacing the one recorded, with who
    entered it."""
    record, _created = TerritoryPupils.objects.update_or_create(
        authority=authority, academic_year=academic_year, defaults={"pupils": pupils, "entered_by": by}
    )
    return record
