"""Staff edit a learner's statistics data: sex and ОВЗ (form 1-ДОП counts girls and boys and
children with disabilities). The other fields of the record come from the parent's application
or the XLSX import. Personal data: the learner is found in the user's own organisations
(``write``; an authority's territory is read-only) and every opening is recorded; never shown
on a public page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from centre.audit import record_personal_data_access
from centre.learner_forms import LearnerStatisticsForm
from centre.roles import Action, action_required
from centre.views.staff import get_learner_for_user


@require_http_methods(["GET", "POST"])
@action_required(Action.VIEW_PERSONAL_DATA)
def learner_edit(request, pk):
    learner = get_learner_for_user(request, pk, write=True)
    if request.method == "POST":
        form = LearnerStatisticsForm(request.POST, instance=learner)
        if form.is_valid():
            form.save()
            record_personal_data_access(
                request, learner, description=_("Learner's sex and disabilities changed")
            )
            messages.success(request, _("%(name)s: the changes are saved.") % {"name": learner.full_name})
            return redirect("staff_learner", pk=learner.pk)
    else:
        form = LearnerStatisticsForm(instance=learner)
    record_personal_data_access(request, learner, description=_("Learner's sex and disabilities"))
    return render(request, "centre/staff/learner_edit.html", {"learner": learner, "form": form})
