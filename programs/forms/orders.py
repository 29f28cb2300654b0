"""Forms of orders about children: what an accept asks (the start date, the funding, the
draft or an order signed on paper), signing a draft or entering its paper number, and staff
ending a child's enrolment with a reason."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.forms import DateInput, form_hints
from centre.learner_forms import disabled_field, sex_field
from programs.forms.applications import NEW_RECORD, AcceptForm
from programs.models import Group, LeavingReason, Order
from programs.services import AcceptChoice

NUMBER_MAX_LENGTH = Order._meta.get_field("number").max_length
NUMBER_REQUIRED = _("Give the order's number.")
DATE_REQUIRED = _("Give the order's date.")


class AcceptOrderForm(forms.Form):
    """The confirmation of an accept: the start date, the funding source (the group's by
    default) and the order the child goes into: the draft enrolment order, or an order
    already signed on paper (its number and date). When the organisation knows a child of the
    applicant's identity linked to another parent, the choice between the records comes first
    (AcceptForm's)."""

    DRAFT = "draft"
    PAPER = "paper"

    enrolled_on = forms.DateField(
        label=_("Start date"), widget=DateInput(), error_messages={"required": _("Give the start date.")}
    )
    funding = forms.ChoiceField(label=_("Funding source"), choices=Group.Funding.choices)
    order = forms.ChoiceField(
        label=_("Order"),
        widget=forms.RadioSelect,
        choices=[
            (DRAFT, _("add to the draft enrolment order (the director signs it)")),
            (PAPER, _("the order is already signed on paper: enter its number and date")),
        ],
        initial=DRAFT,
    )
    number = forms.CharField(
        label=_("Number of the paper order"), max_length=NUMBER_MAX_LENGTH, required=False
    )
    signed_on = forms.DateField(label=_("Date of the paper order"), widget=DateInput(), required=False)
    # for the statistics: added to the child's record (a known record keeps what it has when
    # these are left empty)
    sex = sex_field(label=_("Child's sex"))
    disabled = disabled_field()

    def __init__(self, *args, group: Group, records=(), personal_data=False, **kwargs):
        kwargs.setdefault(
            "initial",
            {"enrolled_on": max(timezone.localdate(), group.academic_year.start), "funding": group.funding},
        )
        super().__init__(*args, **kwargs)
        # the values stay Group.Funding's; the words are the organisation's country's
        self.fields["funding"].choices = group.club.organisation.profile.funding_choices
        if records:
            chooser = AcceptForm(records=records, personal_data=personal_data)
            self.fields = {"record": chooser.fields["record"], **self.fields}
        if not personal_data:  # the child's sex and health are personal data
            del self.fields["sex"], self.fields["disabled"]
        form_hints(self)

    def clean(self):
        data = super().clean()
        if data.get("order") == self.PAPER:
            if not (data.get("number") or "").strip():
                self.add_error("number", NUMBER_REQUIRED)
            if not data.get("signed_on"):
                self.add_error("signed_on", DATE_REQUIRED)
        return data

    def service_kwargs(self) -> dict:
        """The choices as application_accept takes them."""
        data = self.cleaned_data
        kwargs = {"enrolled_on": data["enrolled_on"], "funding": data["funding"]}
        if data["order"] == self.PAPER:
            kwargs |= {"paper_number": data["number"].strip(), "paper_date": data["signed_on"]}
        if "record" in data:
            if data["record"] == NEW_RECORD:
                kwargs["choice"] = AcceptChoice.NEW
            else:
                kwargs |= {"choice": AcceptChoice.LINK, "link_to": int(data["record"])}
        return kwargs

    def learner_data(self) -> dict:
        """The sex and ОВЗ for the enrolled child's record (centre.learner_forms)."""
        return {"sex": self.cleaned_data.get("sex", ""), "disabled": bool(self.cleaned_data.get("disabled"))}


class SignForm(forms.Form):
    """The number and date a draft is signed with (by the director in the portal, or on
    paper); ``children``: how many the signer saw, so a child added meanwhile asks again."""

    number = forms.CharField(
        label=_("Order number"), max_length=NUMBER_MAX_LENGTH, error_messages={"required": NUMBER_REQUIRED}
    )
    signed_on = forms.DateField(
        label=_("Order date"), widget=DateInput(), error_messages={"required": DATE_REQUIRED}
    )
    children = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("signed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        form_hints(self)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"number": data["number"], "signed_on": data["signed_on"], "expected_count": data["children"]}


class EndEnrolmentForm(forms.Form):
    """Staff end a child's enrolment: the reason and the last day."""

    reason = forms.ChoiceField(
        label=_("Reason for leaving"),
        widget=forms.RadioSelect,
        choices=LeavingReason.choices,
        error_messages={"required": _("Choose the reason for leaving.")},
    )
    left_on = forms.DateField(
        label=_("End date"), widget=DateInput(), error_messages={"required": _("Give the end date.")}
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("left_on", timezone.localdate())
        super().__init__(*args, **kwargs)
