"""The staff member's own settings ("my settings"): for now whether the inbox of the landing
page comes by e-mail once a day (Person.daily_digest, centre.inbox). The page changes the
user's own staff record only: there is no other record to reach from it."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from centre.inbox import digest_address, set_daily_digest
from centre.models import Person
from centre.roles import Action, action_required


class DigestForm(forms.Form):
    daily_digest = forms.BooleanField(
        label=gettext_lazy("Send me the list of what waits for me by e-mail every morning"),
        required=False,
        help_text=gettext_lazy(
            "The letter has the counts of the staff page with their links, and comes only on "
            "days when something waits."
        ),
    )

    def __init__(self, *args, address: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address

    def clean_daily_digest(self):
        wanted = self.cleaned_data["daily_digest"]
        if wanted and not self.address:
            raise forms.ValidationError(
                _(
                    "Your login and your staff record have no e-mail address to write to: ask the "
                    "administrator to add one, then turn the letter on."
                )
            )
        return wanted


@require_http_methods(["GET", "POST"])
@action_required(Action.VIEW_STAFF_AREA)
def preferences(request):
    person = Person.objects.filter(user=request.user).select_related("user").first()
    address = digest_address(person) if person else ""
    if person is not None and request.method == "POST":
        form = DigestForm(request.POST, address=address)
        if form.is_valid():
            set_daily_digest(person=person, wanted=form.cleaned_data["daily_digest"])
            if person.daily_digest:
                messages.success(
                    request, _("The daily letter is on: it goes to %(address)s.") % {"address": address}
                )
            else:
                messages.success(request, _("The daily letter is off."))
            return redirect("staff_preferences")
    elif person is not None:
        form = DigestForm(initial={"daily_digest": person.daily_digest}, address=address)
    else:
        if request.method == "POST":
            messages.error(request, _("Your login has no staff record: there is nothing to set."))
        form = None
    return render(
        request, "centre/staff/preferences.html", {"form": form, "person": person, "address": address}
    )
