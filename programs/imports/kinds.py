"""Which resource reads which kind of file."""

from programs.imports.catalogue import GroupResource, ProgramResource
from programs.imports.learners import LearnerResource
from programs.models import ImportBatch

RESOURCES = {
    ImportBatch.Kind.PROGRAMS: ProgramResource,
    ImportBatch.Kind.GROUPS: GroupResource,
    ImportBatch.Kind.LEARNERS: LearnerResource,
}
SHEET_TITLES = {
    ImportBatch.Kind.PROGRAMS: "Программы",
    ImportBatch.Kind.GROUPS: "Группы",
    ImportBatch.Kind.LEARNERS: "Дети",
}


def resource_for(kind: str, *, organisation, by, source: str = ""):
    """The resource that imports files of this kind into the organisation, as the user."""
    return RESOURCES[kind](organisation=organisation, by=by, source=source)
