"""The import's smaller rules: a run holds its organisation's advisory lock, an import into
one organisation adds no shared profile, an adapted program with no known kind of disability
is not marked adapted (a note asks for the kinds), and a dismissed teacher is never given a
group."""

import pytest
from django.db import connection
from django.utils import translation

from programs.exchange import importing
from programs.exchange.importing import import_package
from programs.models import Direction, Group, Profile, Program
from tests.factories import OrganisationFactory, PersonFactory
from tests.programs.exchange.import_helpers import (
    CONSTRUCTOR,
    FOOTBALL,
    GROUP_1,
    PROFILE,
    entries,
    package,
    package_year,
)

pytestmark = pytest.mark.django_db


def run(content=None, **kwargs):
    with translation.override("ru"):
        return import_package(content or package("quirks.xml"), **kwargs)


def quirks(old: str, new: str) -> bytes:
    content = package("quirks.xml").decode()
    assert old in content
    return content.replace(old, new, 1).encode()


def _held(key: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
            "AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(%s, 0)",
            [key],
        )
        return cursor.fetchone()[0] == 1


@pytest.mark.parametrize("into", [True, False], ids=["organisation", "all"])
def test_a_run_holds_its_organisations_lock(monkeypatch, into):
    package_year()
    home = OrganisationFactory() if into else None
    key = f"package-import|{home.pk if home else 'all'}"
    seen = []
    real = importing.Run.run

    def watched(self):
        seen.append(_held(key))
        return real(self)

    monkeypatch.setattr(importing.Run, "run", watched)
    run(organisation=home, dry_run=True)
    assert seen == [True]


def test_an_import_into_an_organisation_adds_no_profile():
    package_year()
    home = OrganisationFactory()
    before = Profile.objects.count()
    report = entries(run(organisation=home))
    assert Profile.objects.count() == before
    assert report[PROFILE]["outcome"] == "skipped"
    assert report[PROFILE]["reason"] == (
        "Профиля нет на портале, а импорт в организацию профилей не добавляет: программы будут без профиля."
    )
    football = Program.objects.get(uuid=FOOTBALL)
    assert football.profile is None
    assert any("без профиля" in note for note in report[FOOTBALL]["notes"])


def test_an_import_into_an_organisation_reuses_a_profile_of_the_same_name():
    package_year()
    home = OrganisationFactory()
    same = Profile.objects.create(direction=Direction.objects.get(slug="sport"), name="мини-футбол")
    report = entries(run(organisation=home))
    assert report[PROFILE]["outcome"] == "unchanged"
    football = Program.objects.get(uuid=FOOTBALL)
    assert football.profile == same


def test_an_adapted_program_with_no_known_kind_is_not_marked_adapted():
    package_year()
    content = quirks(
        "<item>deafness</item>\n          <item>musculoskeletal_disorders</item>\n          <item>complex_disorders</item>",
        "<item>no_such_kind</item>",
    )
    report = entries(run(content))
    program = Program.objects.get(uuid=CONSTRUCTOR)
    assert (program.is_adapted, program.disabilities) == (False, [])
    assert (
        "Программа указана как адаптированная, но ни один вид ОВЗ не распознан: "
        "укажите виды на странице программы." in report[CONSTRUCTOR]["notes"]
    )
    program.full_clean(exclude=["slug", "created_by", "renewal_year"])  # the program's form can save it


def test_an_active_teacher_is_preferred_to_a_dismissed_namesake():
    package_year()
    home = OrganisationFactory()
    PersonFactory(organisation=home, surname="Иванова", name="Анна", patronymic="Петровна", is_active=False)
    active = PersonFactory(organisation=home, surname="Иванова", name="Алла", patronymic="Павловна")
    run(organisation=home)
    assert Group.objects.get(uuid=GROUP_1).teacher == active


def test_a_dismissed_teacher_only_skips_the_group_saying_so():
    package_year()
    home = OrganisationFactory()
    dismissed = PersonFactory(
        organisation=home, surname="Иванова", name="Анна", patronymic="Петровна", is_active=False
    )
    report = entries(run(organisation=home))
    assert report[GROUP_1]["outcome"] == "skipped"
    assert report[GROUP_1]["reason"] == (
        "Педагог «Иванова А. П.» уволен: группа не импортируется, укажите в пакете работающего педагога."
    )
    assert not Group.objects.filter(uuid=GROUP_1).exists() and not Group.objects.filter(teacher=dismissed)
