"""The projects step of erasing a child (centre.erasure).

The child's consents are withdrawn by the core, which already hides every project with the
child from public pages; this step also takes those projects off the showcase for good (so a
consent entered later by mistake cannot bring the child back) and deletes the diploma scans
of the child's own results, which carry the full name. Only the records erased are touched:
their projects and results are the organisation's own.
"""

from django.utils.translation import ngettext

from projects.models import Project, Result


def erase_learner(learners, old) -> list[str]:
    hidden = 0
    for project in Project.objects.filter(memberships__learner__in=learners, is_public=True).distinct():
        project.is_public = False
        project.save(update_fields=["is_public", "updated_at"])
        hidden += 1
    scans = 0
    for result in Result.objects.filter(learner__in=learners).exclude(diploma=""):
        result.diploma = ""  # django-cleanup removes the old scan after commit (centre.files)
        result.save(update_fields=["diploma"])
        scans += 1
    said = [
        (
            hidden,
            ngettext(
                "%(count)s project taken off the public pages",
                "%(count)s projects taken off the public pages",
                hidden,
            ),
        ),
        (scans, ngettext("%(count)s diploma scan deleted", "%(count)s diploma scans deleted", scans)),
    ]
    return [text % {"count": count} for count, text in said if count]
