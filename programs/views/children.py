"""«Мои дети»: the children a parent keeps in the account, typed once and chosen on every
application."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from centre.forms import show_errors
from centre.models import Child
from centre.pagination import paginate
from centre.roles import Action, action_required
from programs.access import get_own_child
from programs.forms.parents import ChildForm
from programs.services.parents import child_remove, child_save


@require_http_methods(["GET"])
@action_required(Action.USE_CABINET)
def children(request):
    page = paginate(request, Child.objects.of_parent(request.user))
    return render(request, "programs/parent/children.html", {"page": page, "children": page.object_list})


def _child_form(request, child=None):
    if request.method == "POST":
        form = ChildForm(request.POST, instance=child)
        if form.is_valid():
            try:
                saved = child_save(user=request.user, data=form.service_data(), child=child)
            except ValidationError as error:
                show_errors(form, error)
            else:
                text = (
                    _("%(name)s is in your list.") if child is None else _("%(name)s: the changes are saved.")
                )
                messages.success(request, text % {"name": saved.name})
                return redirect("programs:children")
    else:
        form = ChildForm(instance=child)
    return render(request, "programs/parent/child_form.html", {"form": form, "child": child})


@require_http_methods(["GET", "POST"])
@action_required(Action.USE_CABINET)
def child_add(request):
    return _child_form(request)


@require_http_methods(["GET", "POST"])
@action_required(Action.USE_CABINET)
def child_edit(request, pk):
    return _child_form(request, get_own_child(request, pk))


@require_http_methods(["GET", "POST"])
@action_required(Action.USE_CABINET)
def child_remove_view(request, pk):
    """A confirmation page (no script needed); the POST removes the child from the list."""
    child = get_own_child(request, pk)
    if request.method == "POST":
        child_remove(user=request.user, child=child)
        messages.success(request, _("%(name)s is removed from your list.") % {"name": child.name})
        return redirect("programs:children")
    return render(request, "programs/parent/child_remove.html", {"child": child})
