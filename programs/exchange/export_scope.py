"""What the federal package holds: the querysets of each section, full or incremental.

Exported are the published programs (of the chosen organisations), their groups of the current
and later academic years, those groups' lessons, the programs' organisations (partners) and
profiles (programDirections). An incremental package (``since``) holds:

- every exported record that changed since then, and what hangs below a changed record (a
  program just published brings its groups and lessons, whose own rows did not change);
- what a changed record hangs from (a changed lesson brings its group, program, partner,
  profile), so that every uuid a package names is in it;
- tombstones: rows deleted since then (programs.Tombstone, written by triggers), and records
  that changed since then but are no longer exported (a program unpublished: it, its groups
  and their lessons).

Every queryset is a subquery of the others (no id lists in Python): memory does not grow with
the catalogue."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Greatest

from centre.models import AcademicYear, Organisation
from programs.models import Group, Profile, Program, ScheduleSlot, Tombstone


@dataclass(frozen=True)
class Scope:
    organisation_ids: tuple[int, ...] | None = None
    since: datetime.datetime | None = None

    # --- the records a full package would hold -------------------------------------------

    def _programs(self) -> QuerySet:
        programs = Program.objects.all()
        if self.organisation_ids is not None:
            programs = programs.filter(organisation_id__in=self.organisation_ids)
        return programs

    def all_programs(self) -> QuerySet:
        return self._programs().filter(status=Program.Status.PUBLISHED)

    def all_groups(self) -> QuerySet:
        return Group.objects.filter(
            program__in=self.all_programs(), academic_year__in=AcademicYear.objects.current_and_later()
        )

    def all_slots(self) -> QuerySet:
        return ScheduleSlot.objects.filter(group__in=self.all_groups())

    # --- what this package holds (incremental: changed, below changed, above changed) ----

    def _changed_below_program(self, since) -> Q:
        years = AcademicYear.objects.current_and_later()
        groups = Group.objects.filter(program=OuterRef("pk"), academic_year__in=years, updated_at__gt=since)
        slots = ScheduleSlot.objects.filter(
            group__program=OuterRef("pk"), group__academic_year__in=years, updated_at__gt=since
        )
        return Q(updated_at__gt=since) | Exists(groups) | Exists(slots)

    def programs(self) -> QuerySet:
        programs = self.all_programs()
        if self.since is not None:
            programs = programs.filter(self._changed_below_program(self.since))
        return programs

    def groups(self) -> QuerySet:
        groups = self.all_groups()
        if self.since is not None:
            since = self.since
            groups = groups.filter(
                Q(updated_at__gt=since)
                | Q(program__updated_at__gt=since)
                | Exists(ScheduleSlot.objects.filter(group=OuterRef("pk"), updated_at__gt=since))
            )
        return groups

    def slots(self) -> QuerySet:
        slots = self.all_slots()
        if self.since is not None:
            since = self.since
            slots = slots.filter(
                Q(updated_at__gt=since)
                | Q(group__updated_at__gt=since)
                | Q(group__program__updated_at__gt=since)
            )
        return slots

    def partners(self) -> QuerySet:
        partners = Organisation.objects.filter(
            Exists(self.all_programs().filter(organisation=OuterRef("pk")))
        )
        if self.since is not None:
            partners = partners.filter(
                Q(updated_at__gt=self.since) | Exists(self.programs().filter(organisation=OuterRef("pk")))
            )
        return partners

    def profiles(self) -> QuerySet:
        profiles = Profile.objects.filter(Exists(self.all_programs().filter(profile=OuterRef("pk"))))
        if self.since is not None:
            profiles = profiles.filter(
                Q(updated_at__gt=self.since) | Exists(self.programs().filter(profile=OuterRef("pk")))
            )
        return profiles

    # --- tombstones (incremental only): (uuid, local id, time) rows ----------------------

    def deleted(self, kind: str) -> QuerySet:
        """Rows of one kind deleted since then (a profile's has no organisation: it is
        everyone's reference data, sent to every organisation's package)."""
        rows = Tombstone.objects.filter(kind=kind, deleted_at__gt=self.since)
        if self.organisation_ids is not None:
            rows = rows.filter(
                Q(organisation_id__in=self.organisation_ids)
                | Q(kind=Tombstone.Kind.PROGRAM_DIRECTION, organisation_id__isnull=True)
            )
        return rows.order_by("pk").values_list("uuid", "local_id", "deleted_at")

    def _withdrawn_programs(self) -> QuerySet:
        return self._programs().exclude(status=Program.Status.PUBLISHED)

    def withdrawn(self, kind: str) -> QuerySet:
        """Records that changed since then (or whose program did) and are no longer exported
        because their program is not published any more."""
        since = self.since
        programs = self._withdrawn_programs()
        if kind == Tombstone.Kind.PROGRAM:
            rows = programs.filter(updated_at__gt=since).annotate(ts=F("updated_at"))
        elif kind == Tombstone.Kind.GROUP:
            rows = Group.objects.filter(
                Q(updated_at__gt=since) | Q(program__updated_at__gt=since),
                program__in=programs,
                academic_year__in=AcademicYear.objects.current_and_later(),
            ).annotate(ts=Greatest("updated_at", "program__updated_at"))
        elif kind == Tombstone.Kind.SCHEDULE:
            rows = ScheduleSlot.objects.filter(
                Q(updated_at__gt=since)
                | Q(group__updated_at__gt=since)
                | Q(group__program__updated_at__gt=since),
                group__program__in=programs,
                group__academic_year__in=AcademicYear.objects.current_and_later(),
            ).annotate(ts=Greatest("updated_at", "group__updated_at", "group__program__updated_at"))
        else:
            return None
        return rows.order_by("pk").values_list("uuid", "pk", "ts")
