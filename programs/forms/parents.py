"""Forms of the parent's own side: a child of «Мои дети», the request to leave a club, the
look-up of an application by its number, and staff's decision on a request to leave."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from centre.forms import DateInput, form_hints, say_limits
from centre.models import Child
from centre.validators import guard_person_names
from programs.services.leaving import REASON_MAX_LENGTH


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["surname", "name", "patronymic", "birth_date", "certificate_number", "relation"]
        widgets = {"birth_date": DateInput()}
        labels = {"relation": _("Who you are to the child")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_person_names(self, "surname", "name", "patronymic")
        self.fields["certificate_number"].help_text = _(
            "Optional: the number of the supplementary education certificate (ПФДО), digits only, up to 20."
        )
        self.fields["certificate_number"].widget.attrs.update({"inputmode": "numeric", "maxlength": "20"})
        for name in ("surname", "name", "patronymic", "birth_date"):
            self.fields[name].widget.attrs["autocomplete"] = "off"  # the child's, not the parent's
        form_hints(self, others=("surname", "name", "patronymic"))

    def _post_clean(self):
        # the service validates and saves (one rule: Child.clean); the form only parses
        pass

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the child is leaving"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 1000 characters: the club's staff read it."),
        error_messages={"required": _("Say why the child is leaving.")},
    )


# «З-2026-000123», «з 2026 123» or just «123»: the number as a parent copies it; a «3» typed
# for «З» counts only before a separator, else «345» would be read as 45
NUMBER_PATTERN = re.compile(
    r"^\s*(?:[ЗзZz]\s*[-–—\s]?\s*|3\s*[-–—\s]\s*)?(?:(\d{4})\s*[-–—\s]\s*)?(\d{1,9})\s*$"
)


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Application number"),
        max_length=30,
        help_text=_("As in the confirmation, for example З-2026-000123."),
        error_messages={"required": _("Enter the application's number.")},
    )
    contact = forms.CharField(
        label=_("Phone or e-mail given in the application"),
        max_length=254,
        error_messages={"required": _("Enter the phone or the e-mail given in the application.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["contact"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        say_limits(self)

    def clean_number(self):
        match = NUMBER_PATTERN.match(self.cleaned_data["number"])
        if match is None:
            raise forms.ValidationError(_("An application number looks like З-2026-000123."))
        year, pk = match.groups()
        return int(year) if year else None, int(pk)

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if "@" not in contact and len(re.sub(r"\D", "", contact)) < 6:
            raise forms.ValidationError(_("Enter a phone number (at least 6 digits) or an e-mail."))
        return contact


class LeaveDecisionForm(forms.Form):
    APPROVE, REFUSE = "approve", "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("approve: the child leaves the group today, the place goes to the next in line")),
            (REFUSE, _("refuse: the child stays in the group")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to approve or to refuse the request.")},
    )
    comment = forms.CharField(
        label=_("Comment for the parent"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing; up to 1000 characters."),
    )


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        error_messages={"required": _("Enter the six digits from the SMS.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
        )
