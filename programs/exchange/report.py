"""How an import's report names its objects and outcomes: one set of labels, for the
methodist's page (programs/views/staff_package.py) and the command
(programs/management/commands/import_package.py, which renders them in Russian)."""

from django.utils.translation import gettext_lazy

from programs.models import Tombstone

OBJECTS = dict(Tombstone.Kind.choices) | {"package": gettext_lazy("package file")}
OUTCOMES = {
    "created": gettext_lazy("added to the portal"),
    "updated": gettext_lazy("updated in the portal"),
    "unchanged": gettext_lazy("left as it was"),
    "deleted": gettext_lazy("removed"),
    "skipped": gettext_lazy("not imported"),
}
