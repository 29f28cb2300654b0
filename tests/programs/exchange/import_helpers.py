"""What the import's tests share: the hand-written packages, their academic year, and the
report's entries looked up by uuid."""

from pathlib import Path

from tests.factories import AcademicYearFactory

PACKAGES = Path(__file__).parent / "packages"
# the uuids of tests/programs/exchange/packages/quirks.xml
PREFIX = "6f1c2d3e-0000-4000-8000-000000000"
PARTNER = PREFIX + "001"
PROFILE = PREFIX + "201"
CONSTRUCTOR, FOOTBALL, UNKNOWN_FOCUS, DELETED_PROGRAM = (PREFIX + n for n in ("301", "302", "303", "304"))
GROUP_1, GROUP_2, GROUP_OF_UNKNOWN, GROUP_WITHOUT_PROGRAM, GROUP_WITHOUT_TEACHER = (
    PREFIX + n for n in ("401", "402", "403", "404", "405")
)
SLOT_TUESDAY, SLOT_MONDAY_THURSDAY, SLOT_OF_SKIPPED, DELETED_SLOT = (
    PREFIX + n for n in ("501", "502", "503", "504")
)


def package(name: str) -> bytes:
    return (PACKAGES / name).read_bytes()


def package_year():
    """The academic year the hand-written packages' groups begin in."""
    return AcademicYearFactory(label="2026/2027")


def entries(result) -> dict:
    """The report's entries by uuid (a uuid reported twice keeps its last entry)."""
    report = result.report if hasattr(result, "report") else result
    return {entry["uuid"]: entry for entry in report}
