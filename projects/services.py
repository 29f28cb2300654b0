"""Writes: each function is one transaction. Database constraints are the last line: an
IntegrityError raised by a race between two editors becomes the ValidationError of the
broken constraint (its violation_error_message, centre.errors)."""

from django.db import transaction

from centre.errors import database_rules
from projects.models import Competition, Project, ProjectFile, ProjectMember, ProjectPhoto, Result


@transaction.atomic
def project_save(*, form, members, user) -> Project:
    """Save a project and its members from a valid form and member formset."""
    creating = form.instance.pk is None
    project = form.save(commit=False)
    if creating:
        project.created_by = user
    with database_rules(Project, ProjectMember):
        project.save()
        members.instance = project
        members.save()
    return project


@transaction.atomic
def results_save(*, formset) -> list:
    """Save a results formset (of a project or of a competition)."""
    with database_rules(Result):
        return formset.save()


@transaction.atomic
def competition_save(*, form) -> Competition:
    with database_rules(Competition):
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
