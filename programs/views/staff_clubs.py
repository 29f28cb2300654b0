"""Staff pages of clubs: the list, the form and the photos (checked and resized with Pillow).
A reader of the registers (the education authority) gets the list and each club's page
without the forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centre.pagination import paginate
from centre.roles import Action, action_required, can
from centre.search import prefix_query
from programs.access import edits_club, get_club_for_user
from programs.forms.clubs import ClubForm, ClubPhotoForm
from programs.images import club_photo_add, club_photo_delete
from programs.models import Club, ClubPhoto


@require_GET
@action_required(Action.EDIT_PROGRAMS, Action.VIEW_REGISTERS)
def club_list(request):
    clubs = (
        Club.objects.for_user(request.user)
        .select_related("organisation")
        .annotate(group_count=Count("groups", distinct=True), photo_count=Count("photos", distinct=True))
    )
    text = request.GET.get("q", "").strip()
    query = prefix_query(text)
    if query is not None:
        clubs = clubs.filter(search=query)
    page = paginate(request, clubs.order_by("name", "pk"))
    return render(
        request,
        "programs/staff/club_list.html",
        {"page": page, "q": text, "can_create": can(request.user, Action.EDIT_PROGRAMS)},
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.EDIT_PROGRAMS)
def club_create(request):
    return _club_form(request, Club())


@require_http_methods(["GET", "POST"])
@action_required(Action.EDIT_PROGRAMS, Action.VIEW_REGISTERS)
def club_edit(request, pk):
    """The club's form for its organisation's methodists; the same page without the forms for
    a reader of the registers (the education authority), who changes nothing."""
    if request.method == "POST":
        if not can(request.user, Action.EDIT_PROGRAMS):
            raise PermissionDenied
        return _club_form(request, get_club_for_user(request, pk, write=True))
    club = get_club_for_user(request, pk)
    if edits_club(request.user, club):
        return _club_form(request, club)
    return render(
        request,
        "programs/staff/club_detail.html",
        {
            "club": club,
            "photos": club.photos.all(),
            "groups": club.groups.select_related("academic_year").order_by("-academic_year__start", "name"),
        },
    )


def _club_form(request, club, *, photo_form=None):
    if request.method == "POST" and photo_form is None:
        form = ClubForm(request.POST, instance=club, user=request.user)
        if form.is_valid():
            club = form.save()
            messages.success(request, _("The club is saved."))
            return redirect("programs:staff_club_edit", pk=club.pk)
    else:
        form = ClubForm(instance=club, user=request.user)
    return render(
        request,
        "programs/staff/club_form.html",
        {
            "form": form,
            "club": club if club.pk else None,
            "photos": club.photos.all() if club.pk else [],
            "photo_form": photo_form or (ClubPhotoForm() if club.pk else None),
        },
    )


@require_POST
@action_required(Action.EDIT_PROGRAMS)
def club_photo_upload(request, pk):
    club = get_club_for_user(request, pk, write=True)
    form = ClubPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        club_photo_add(club=club, image=form.cleaned_data["decoded"], caption=form.cleaned_data["caption"])
        messages.success(request, _("The photo is added."))
        return redirect("programs:staff_club_edit", pk=club.pk)
    return _club_form(request, club, photo_form=form)


@require_POST
@action_required(Action.EDIT_PROGRAMS)
def club_photo_remove(request, pk, photo_pk):
    club = get_club_for_user(request, pk, write=True)
    photo = get_object_or_404(ClubPhoto.objects.for_user(request.user, write=True), pk=photo_pk, club=club)
    club_photo_delete(photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect("programs:staff_club_edit", pk=club.pk)
