"""Forms of the staff pages of applications: rejecting one, how to enrol a child the
organisation may already know, and moving one in the waiting line."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from programs.models import Application
from programs.services import AcceptChoice
from programs.services.waitlist import REASON_MAX_LENGTH


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": Application.REASON_NEEDED},
    )


NEW_RECORD = "new"


class AcceptForm(forms.Form):
    """How to enrol a child the organisation already knows by name and date of birth (linked
    to another parent): link the application to one of its records, after checking the
    documents, or make a new record. Radio buttons: it works without JavaScript."""

    record = forms.ChoiceField(
        label=_("Who is this child?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose: link to a known child or make a new record.")},
    )

    def __init__(self, *args, records=(), personal_data=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(record.pk), self._label(record, number, personal_data))
            for number, record in enumerate(records, start=1)
        ]
        choices.append((NEW_RECORD, capfirst(AcceptChoice.NEW.label)))
        self.fields["record"].choices = choices

    @staticmethod
    def _label(record, number, personal_data) -> str:
        """The known child as staff tell namesakes apart: name, birth year and groups, to the
        roles that read personal data; a number to the others."""
        if not personal_data:
            return _("The known child No. %(number)s: link after checking the documents") % {"number": number}
        groups = ", ".join(
            f"{enrolment.group.club.name}: {enrolment.group.name}"
            for enrolment in getattr(record, "active_enrolments", [])
        )
        return _(
            "The known child %(child)s, born in %(year)s (groups: %(groups)s): link after checking the documents"
        ) % {
            "child": record.full_name,
            "year": record.birth_date.year,
            "groups": groups or "—",
        }

    def service_kwargs(self) -> dict:
        """The choice as application_accept takes it."""
        value = self.cleaned_data["record"]
        if value == NEW_RECORD:
            return {"choice": AcceptChoice.NEW}
        return {"choice": AcceptChoice.LINK, "link_to": int(value)}


class MoveForm(forms.Form):
    """Staff move a waiting application to another place in its group's line, saying why
    (kept in the change history)."""

    position = forms.IntegerField(
        label=_("New place in the line"),
        min_value=1,
        max_value=10000,
        error_messages={"required": _("Give the new place in the line (1 is offered the next free place).")},
    )
    reason = forms.CharField(
        label=_("Reason for the move"),
        max_length=REASON_MAX_LENGTH,
        # the number is REASON_MAX_LENGTH, said before it cuts
        help_text=_("Required; kept in the change history. Up to 100 characters."),
        error_messages={"required": _("Say why the application moves in the line.")},
    )
