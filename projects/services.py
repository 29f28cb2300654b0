"""Writes: each function is one transaction. Database constraints are the last line: an
IntegrityError raised by a race between two editors becomes a Russian ValidationError."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from projects.models import GiftedBankView, Project, ProjectFile, ProjectPhoto


def _integrity(error: IntegrityError):
    text = str(error)
    if "projects_result_unique" in text:
        return ValidationError(_("This result is already recorded."))
    if "projects_projectmember" in text:
        return ValidationError(_("A child is listed twice or the project has two team leaders."))
    if "projects_project_unique_title" in text:
        return ValidationError(_("This club already has a project with this title in this year."))
    return ValidationError(_("The record conflicts with another one; reload the page and try again."))


@transaction.atomic
def project_save(*, form, members, user) -> Project:
    """Save a project and its members from a valid form and member formset."""
    creating = form.instance.pk is None
    project = form.save(commit=False)
    if creating:
        project.created_by = user
    try:
        with transaction.atomic():
            project.save()
            members.instance = project
            members.save()
    except IntegrityError as error:
        raise _integrity(error) from error
    return project


@transaction.atomic
def results_save(*, formset) -> list:
    """Save a results formset (of a project or of a competition)."""
    try:
        with transaction.atomic():
            return formset.save()
    except IntegrityError as error:
        raise _integrity(error) from error


@transaction.atomic
def competition_save(*, form):
    return form.save()


@transaction.atomic
def photo_add(*, project: Project, image, caption: str = "") -> ProjectPhoto:
    """Store a photo that the form already decoded and re-encoded (projects.uploads)."""
    position = project.photos.count() + 1
    photo = ProjectPhoto(project=project, caption=caption, position=position)
    photo.image.save(image.name, image, save=False)
    photo.save()
    return photo


@transaction.atomic
def photo_delete(*, photo: ProjectPhoto) -> None:
    photo.delete()  # django-cleanup removes the file after commit (centre.files)


@transaction.atomic
def file_add(*, form, project: Project) -> ProjectFile:
    item = form.save(commit=False)
    item.project = project
    item.save()
    return item


@transaction.atomic
def file_delete(*, item: ProjectFile) -> None:
    item.delete()  # django-cleanup removes the file after commit (centre.files)


def gifted_bank_log(*, user, format: str, filters: dict, rows: int) -> GiftedBankView:
    """Record who read the bank of gifted children, when, with which filters."""
    return GiftedBankView.objects.create(user=user, format=format, filters=filters, rows=rows)
