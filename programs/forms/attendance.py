"""Forms of the attendance register (one lesson's marks) and the academic calendar (days
without lessons)."""

import datetime
from typing import NamedTuple

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from centre.forms import DateInput
from centre.models import CalendarDay
from programs.models import AttendanceMark

Status = AttendanceMark.Status

#: the short labels of the register's buttons (a phone shows the four in a row or two)
BUTTONS = [
    (Status.PRESENT, pgettext_lazy("attendance", "present")),
    (Status.ILL, pgettext_lazy("attendance", "illness")),
    (Status.VALID, pgettext_lazy("attendance", "valid reason")),
    (Status.NO_REASON, pgettext_lazy("attendance", "no reason")),
]


class MarkButton(NamedTuple):
    value: str
    label: str
    id: str
    checked: bool
    style: str


BUTTON_STYLES = {
    Status.PRESENT: "btn-outline-success",
    Status.ILL: "btn-outline-secondary",
    Status.VALID: "btn-outline-secondary",
    Status.NO_REASON: "btn-outline-danger",
}


class LessonMarksForm(forms.Form):
    """A radio group per child enrolled on the lesson's day: present or the reason of the
    absence. A child left without a choice keeps no mark (or the mark they have); the button
    «All the others present» fills every child left without a choice with "present"."""

    ALL_PRESENT = "all_present"

    def __init__(self, *args, enrolments, marks: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = list(enrolments)
        for enrolment in self.enrolments:
            self.fields[self.field_name(enrolment)] = forms.ChoiceField(
                label=enrolment.learner.full_name,
                choices=BUTTONS,
                required=False,
                initial=marks.get(enrolment.pk),
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            )

    @staticmethod
    def field_name(enrolment) -> str:
        return f"child-{enrolment.pk}"

    def rows(self):
        """(enrolment, bound field, its buttons) in the order of the list. The buttons are
        plain data the template writes out: rendering 4 radio widgets a child through the
        widget templates was most of a 60-child lesson page's time (docs/performance.md)."""
        labels = [(value, str(label)) for value, label in BUTTONS]
        rows = []
        for enrolment in self.enrolments:
            field = self[self.field_name(enrolment)]
            chosen = str(field.value() or "")
            buttons = [
                MarkButton(value, label, f"{field.auto_id}_{index}", value == chosen, BUTTON_STYLES[value])
                for index, (value, label) in enumerate(labels)
            ]
            rows.append((enrolment, field, buttons))
        return rows

    def statuses(self, *, all_present: bool = False) -> dict[int, str]:
        """Enrolment id → the chosen status, for the children given one (all of them with
        ``all_present``); no entry for a child left without a choice."""
        chosen = {}
        for enrolment in self.enrolments:
            status = self.cleaned_data.get(self.field_name(enrolment)) or ""
            if not status and all_present:
                status = Status.PRESENT
            if status:
                chosen[enrolment.pk] = status
        return chosen


class DaysOffForm(forms.Form):
    first = forms.DateField(label=_("Date"), widget=DateInput())
    last = forms.DateField(
        label=_("Until (for several days in a row)"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for one day. School holidays: their first and last day."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=CalendarDay.Kind.choices, initial=CalendarDay.Kind.HOLIDAY
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("For example «Осенние каникулы» or «Карантин». Up to 200 characters."),
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and last < first:
            self.add_error("last", _("The last day cannot be before the first."))
        elif first and last and (last - first).days >= 366:
            self.add_error("last", _("Add at most a year of days at once."))
        return data

    def days(self) -> list[datetime.date]:
        first = self.cleaned_data["first"]
        last = self.cleaned_data.get("last") or first
        return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
