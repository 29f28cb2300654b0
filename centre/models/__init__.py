"""The core records every area shares, by subject: organisations (and their venues and
rooms), people (staff, learners, guardians), consents, academic years, and the log of
access to personal data. Every model imports from here: ``from centre.models import Learner``."""

from centre.models.access_log import PersonalDataAccess, PersonalDataAccessQuerySet
from centre.models.consents import Consent, ConsentQuerySet
from centre.models.installation import Installation
from centre.models.messages import OutgoingMessage
from centre.models.organisations import Organisation, Room, Venue
from centre.models.people import (
    Child,
    FullNameMixin,
    Guardian,
    GuardianQuerySet,
    Guardianship,
    Learner,
    LearnerQuerySet,
    Person,
    Relation,
    Sex,
)
from centre.models.preferences import UserPreference
from centre.models.territories import TerritoryPupils
from centre.models.years import (
    CURRENT_YEAR_CACHE_KEY,
    AcademicYear,
    AcademicYearQuerySet,
    CalendarDay,
    GeneratedRange,
)
from centre.phones import phone_digits, phone_validator

__all__ = [
    "CURRENT_YEAR_CACHE_KEY",
    "AcademicYear",
    "AcademicYearQuerySet",
    "CalendarDay",
    "Child",
    "Consent",
    "ConsentQuerySet",
    "FullNameMixin",
    "GeneratedRange",
    "Guardian",
    "GuardianQuerySet",
    "Guardianship",
    "Installation",
    "Learner",
    "LearnerQuerySet",
    "Organisation",
    "OutgoingMessage",
    "PersonalDataAccess",
    "PersonalDataAccessQuerySet",
    "Person",
    "Relation",
    "Room",
    "Sex",
    "TerritoryPupils",
    "UserPreference",
    "Venue",
    "phone_digits",
    "phone_validator",
]
