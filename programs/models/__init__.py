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
from programs.models.attendance import AttendanceMark, AttendanceMonth, Lesson
from programs.models.catalogue import CatalogueEntry, CatalogueEntryQuerySet, CatalogueSearch, SearchSynonyms
from programs.models.clubs import Club, ClubPhoto
from programs.models.exchange import PackageImport, PackageToken, TeacherFeed, Tombstone, token_digest
from programs.models.groups import Group, GroupQuerySet, PlacesQuerySet, ScheduleSlot, TimeRange
from programs.models.imports import ImportBatch
from programs.models.offers import LeaveRequest, LeaveRequestQuerySet, Offer, OfferQuerySet
from programs.models.orders import LeavingReason, Order, OrderQuerySet
from programs.models.programs import Approval, Module, Program, ProgramQuerySet
from programs.models.reference import AGE_VALIDATORS, Direction, Disability, Level, Profile
from programs.models.statistics import StatisticsRefresh, StatisticsRow

__all__ = [
    "StatisticsRefresh",
    "StatisticsRow",
    "PackageImport",
    "PackageToken",
    "TeacherFeed",
    "Tombstone",
    "token_digest",
    "OrderQuerySet",
    "Order",
    "LeavingReason",
    "ImportBatch",
    "Lesson",
    "AttendanceMonth",
    "AttendanceMark",
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
    "LeaveRequest",
    "LeaveRequestQuerySet",
    "Level",
    "Module",
    "Offer",
    "OfferQuerySet",
    "PlacesQuerySet",
    "Profile",
    "Program",
    "ProgramQuerySet",
    "ScheduleSlot",
    "SearchSynonyms",
    "TimeRange",
    "age_in_group",
    "age_problem",
]
