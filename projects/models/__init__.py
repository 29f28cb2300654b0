"""Student projects, competitions and results; the bank of gifted children
reads them. A package by subject; every name imports from ``projects.models``."""

from projects.models.competitions import GIFTED_LEVELS, GIFTED_OUTCOMES, NOT_A_MEMBER, Competition, Result
from projects.models.paths import upload_diploma, upload_file, upload_photo
from projects.models.projects import (
    ONE_LEADER,
    Project,
    ProjectFile,
    ProjectMember,
    ProjectPhoto,
    ProjectType,
)
from projects.models.queries import clubs_in_direction, publication_consent_exists

__all__ = [
    "GIFTED_LEVELS",
    "GIFTED_OUTCOMES",
    "NOT_A_MEMBER",
    "ONE_LEADER",
    "Competition",
    "Project",
    "ProjectFile",
    "ProjectMember",
    "ProjectPhoto",
    "ProjectType",
    "Result",
    "clubs_in_direction",
    "publication_consent_exists",
    "upload_diploma",
    "upload_file",
    "upload_photo",
]
