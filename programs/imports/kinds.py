"""Which resource reads which kind of file."""

from django.utils.translation import pgettext_lazy

from programs.imports.catalogue import GroupResource, ProgramResource
from programs.imports.learners import LearnerResource
from programs.models import ImportBatch

RESOURCES = {
    ImportBatch.Kind.PROGRAMS: ProgramResource,
    ImportBatch.Kind.GROUPS: GroupResource,
    ImportBatch.Kind.LEARNERS: LearnerResource,
}
SHEET_TITLES = {
    ImportBatch.Kind.PROGRAMS: pgettext_lazy("import sheet", "Programs"),
    ImportBatch.Kind.GROUPS: pgettext_lazy("import sheet", "Groups"),
    ImportBatch.Kind.LEARNERS: pgettext_lazy("import sheet", "Children"),
}


def resource_for(kind: str, *, organisation, by, source: str = ""):
    """The resource that imports files of this kind into the organisation, as the user."""
    return RESOURCES[kind](organisation=organisation, by=by, source=source)
