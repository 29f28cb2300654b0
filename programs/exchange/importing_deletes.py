"""Applying a package's tombstones (``isDeleted`` true): what they name is deleted when it
is the run's organisation's; a program that children are enrolled in (or applied to) is
archived instead; an organisation or a profile only by an administrator's run."""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from centre.models import Organisation
from programs.exchange.codes import WEEKDAYS
from programs.exchange.importing_base import Skip
from programs.exchange.importing_groups import slot_uuid
from programs.models import Application, Enrolment, Group, Profile, Program, ScheduleSlot


def _program(run, key):
    program = Program.objects.filter(uuid=key).first()
    if program is None:
        return None
    if not run.owns(program.organisation_id):
        raise Skip(_("It belongs to another organisation: not deleted."))
    name = program.title
    has_children = (
        Enrolment.objects.filter(group__program=program).exists()
        or Application.objects.filter(group__program=program).exists()
    )
    if not has_children:
        try:
            with transaction.atomic():
                ScheduleSlot.objects.filter(group__program=program).delete()
                Group.objects.filter(program=program).delete()
                program.delete()
            return "deleted", name, ""
        except ProtectedError:
            pass
    if program.status == Program.Status.ARCHIVED:
        return "unchanged", name, _("Already archived: children are enrolled, so it is not deleted.")
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.ARCHIVED, renewal="", renewal_year=None
    )
    return "updated", name, _("Archived, not deleted: children are enrolled or have applied.")


def _group(run, key):
    group = Group.objects.filter(uuid=key).select_related("club").first()
    if group is None:
        return None
    if not run.owns(group.club.organisation_id):
        raise Skip(_("It belongs to another organisation: not deleted."))
    if group.enrolments.exists() or group.applications.exists():
        raise Skip(_("Children are enrolled or have applied: the group is not deleted."))
    name = group.name
    group.delete()
    return "deleted", name, ""


def _schedule(run, key):
    keys = [key] + [slot_uuid(key, day) for day in WEEKDAYS]
    slots = list(ScheduleSlot.objects.filter(uuid__in=keys).select_related("group__club"))
    if not slots:
        return None
    if any(not run.owns(slot.group.club.organisation_id) for slot in slots):
        raise Skip(_("It belongs to another organisation: not deleted."))
    name = ", ".join(f"{slot.group.name}: {slot}" for slot in slots)
    ScheduleSlot.objects.filter(pk__in=[slot.pk for slot in slots]).delete()
    return "deleted", name, ""


def _partner(run, key):
    organisation = Organisation.objects.filter(uuid=key).first()
    if organisation is None:
        return None
    if run.organisation is not None:
        raise Skip(_("An import into an organisation deletes no organisation."))
    name = str(organisation)
    organisation.delete()  # ProtectedError while anything is its: reported by the run
    return "deleted", name, ""


def _profile(run, key):
    profile = Profile.objects.filter(uuid=key).first()
    if profile is None:
        return None
    if run.organisation is not None:
        raise Skip(_("Profiles are shared by every organisation: an import into one deletes none."))
    if profile.programs.exists():
        raise Skip(_("Programs have this profile: not deleted."))
    name = profile.name
    profile.delete()
    return "deleted", name, ""


DELETE = {
    "partner": _partner,
    "programDirection": _profile,
    "program": _program,
    "group": _group,
    "schedule": _schedule,
}


def apply_tombstone(run, record, key):
    """(outcome, name, reason) of a tombstone; a record the portal does not have is
    "unchanged" (already deleted, or never imported)."""
    done = DELETE[record.kind](run, key)
    if done is None:
        return "unchanged", "", _("Not in the portal: nothing to delete.")
    return done
