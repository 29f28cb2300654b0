"""The projects step of erasing a child (centre.erasure).

The child's consents are withdrawn by the core, which already hides every project with the
child from public pages; this step also takes those projects off the showcase for good (so a
consent entered later by mistake cannot bring the child back) and deletes the diploma scans
of the child's own results, which carry the full name.
"""

from projects.models import Project, Result


def erase_learner(learner, old) -> None:
    for project in Project.objects.filter(memberships__learner=learner, is_public=True).distinct():
        project.is_public = False
        project.save(update_fields=["is_public", "updated_at"])
    for result in Result.objects.filter(learner=learner).exclude(diploma=""):
        result.diploma.delete(save=False)
        result.diploma = ""
        result.save(update_fields=["diploma"])
