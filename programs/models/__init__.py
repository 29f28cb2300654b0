"""Programs, clubs, groups, schedules, applications and enrolments: one module a subject,
every model importable from ``programs.models``."""

from programs.models.applications import (
    Application,
    ApplicationQuerySet,
    Enrolment,
    EnrolmentQuerySet,
    age_in_group,
    age_problem,
)
from programs.models.catalogue import CatalogueEntry, CatalogueEntryQuerySet, CatalogueSearch
from programs.models.clubs import Club, ClubPhoto
from programs.models.groups import Group, GroupQuerySet, PlacesQuerySet, ScheduleSlot, TimeRange
from programs.models.programs import Approval, Module, Program, ProgramQuerySet
from programs.models.reference import AGE_VALIDATORS, Direction, Disability, Level, Profile

__all__ = [
    "AGE_VALIDATORS",
    "Application",
    "ApplicationQuerySet",
    "Approval",
    "CatalogueEntry",
    "CatalogueEntryQuerySet",
    "CatalogueSearch",
    "Club",
    "ClubPhoto",
    "Direction",
    "Disability",
    "Enrolment",
    "EnrolmentQuerySet",
    "Group",
    "GroupQuerySet",
    "Level",
    "Module",
    "PlacesQuerySet",
    "Profile",
    "Program",
    "ProgramQuerySet",
    "ScheduleSlot",
    "TimeRange",
    "age_in_group",
    "age_problem",
]
