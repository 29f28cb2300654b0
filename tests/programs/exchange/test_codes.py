"""The code tables (programs/exchange/codes.py), both ways: every value of ours has the code the
export writes, that code is listed in its dictionary, and reading it back gives our value;
real packages' spellings (underscores, hyphens, capitals) read the same; an unknown code
reads as None."""

from importlib import import_module

import pytest

from centre.models import Organisation
from programs.exchange import codes
from programs.models import Group, Program
from programs.models.reference import Disability, Level

# our choices, and the dictionary that carries them
OURS = [
    (codes.PARTNER_TYPES, Organisation.Kind.values),
    (codes.PROGRAM_LEVELS, Level.values),
    (codes.OVZ_TYPES, Disability.values),
    (codes.PROGRAM_STATES, Program.Status.values),
    (codes.FINANCIAL_SOURCES, Group.Funding.values),
]
# values written with the code of a wider kind, read back as that kind
ALIASES = {
    (codes.PARTNER_TYPES.name, "subdivision"): "centre",
    (codes.PARTNER_TYPES.name, "culture_sport"): "centre",
    (codes.PARTNER_TYPES.name, "authority"): "other",
}


def test_the_dictionaries_are_the_package_s_nine():
    assert [d.name for d in codes.DICTIONARIES] == [
        "PartnerTypes",
        "Departments",
        "ProgramLevels",
        "ProgramRegistries",
        "OvzTypes",
        "ProgramTypes",
        "ProgramStates",
        "ProgramFocuses",
        "FinancialSources",
    ]


@pytest.mark.parametrize("dictionary", codes.DICTIONARIES, ids=lambda d: d.name)
def test_every_code_written_is_listed_and_codes_are_unique(dictionary):
    listed = [item.code for item in dictionary.items]
    assert set(dictionary.exports.values()) <= set(listed)
    normal = [dictionary.normal(code) for code in listed]
    assert len(normal) == len(set(normal)), "two codes read alike"
    assert all(item.name for item in dictionary.items)


@pytest.mark.parametrize(("dictionary", "values"), OURS, ids=lambda x: getattr(x, "name", ""))
def test_every_value_of_ours_has_a_code_that_reads_back(dictionary, values):
    for value in values:
        code = dictionary.code(value)
        assert dictionary.knows(code)
        assert dictionary.ours(code) == ALIASES.get((dictionary.name, value), value)


@pytest.mark.parametrize(("dictionary", "values"), OURS, ids=lambda x: getattr(x, "name", ""))
def test_every_code_reads_as_one_of_our_values_or_nothing(dictionary, values):
    for item in dictionary.items:
        assert dictionary.ours(item.code) in {*values, None}


def test_every_seeded_direction_has_a_focus_code_and_reads_back():
    # the seeding migration's list, not the rows (a flushed --reuse-db database may lack them)
    slugs = {
        slug for slug, _name, _profiles in import_module("programs.migrations.0002_directions").DIRECTIONS
    }
    assert slugs == {"technical", "science", "arts", "sport", "tourism", "social"}
    for slug in slugs:
        code = codes.PROGRAM_FOCUSES.code(slug)
        assert codes.PROGRAM_FOCUSES.ours(code) == slug
        assert codes.PROGRAM_FOCUSES.ours(code.replace("-", "_").upper()) == slug


def test_the_constant_codes_the_export_writes():
    assert codes.DEPARTMENTS.code("educations") == "educations"
    assert codes.PROGRAM_TYPES.code("general") == "general"
    assert [codes.PROGRAM_REGISTRIES.code(v) for v in ("certified", "paid", "other")] == [
        "certified",
        "paid",
        "other",
    ]


@pytest.mark.parametrize(
    ("dictionary", "code", "ours"),
    [
        (codes.PROGRAM_FOCUSES, "fizkulturno_sportivnoe", "sport"),
        (codes.PROGRAM_FOCUSES, "Turistsko-Kraevedcheskoe", "tourism"),
        (codes.PROGRAM_FOCUSES, " socialno_pedagogicheskoe ", "social"),
        (codes.OVZ_TYPES, "hearing-impairment", "hearing"),
        (codes.OVZ_TYPES, "DEAFNESS", "hearing"),
        (codes.OVZ_TYPES, "musculoskeletal_disorders", "musculoskeletal"),
        (codes.PARTNER_TYPES, "additional-professional", "other"),
        (codes.FINANCIAL_SOURCES, "PFDOD-certificate", "certificate"),
        (codes.PROGRAM_STATES, "wait-for-editing", "returned"),
    ],
)
def test_real_packages_spellings_read_the_same(dictionary, code, ours):
    assert dictionary.knows(code)
    assert dictionary.ours(code) == ours


@pytest.mark.parametrize(
    ("dictionary", "code"),
    [
        (codes.OVZ_TYPES, "chronic_diseases"),
        (codes.PROGRAM_FOCUSES, "voenno_patrioticheskoe"),
        (codes.PROGRAM_LEVELS, ""),
    ],
)
def test_an_unknown_code_reads_as_none(dictionary, code):
    assert not dictionary.knows(code)
    assert dictionary.ours(code) is None


def test_a_code_known_without_a_meaning_of_ours_reads_as_none():
    assert codes.FINANCIAL_SOURCES.knows("none")
    assert codes.FINANCIAL_SOURCES.ours("none") is None


def test_a_value_without_a_code_is_a_bug_not_a_silent_blank():
    with pytest.raises(KeyError):
        codes.PROGRAM_LEVELS.code("expert")


def test_a_table_writing_an_unlisted_code_is_refused():
    with pytest.raises(ValueError, match="not listed"):
        codes.Dictionary("Broken", (codes.Item("a", "A", "a"),), {"a": "a", "b": "b"})


def test_weekdays_both_ways():
    assert [codes.WEEKDAYS[n] for n in range(1, 8)] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert all(codes.WEEKDAY_NUMBERS[code] == n for n, code in codes.WEEKDAYS.items())
