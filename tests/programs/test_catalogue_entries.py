"""The catalogue's entries follow every write to groups, programs, clubs, venues and lessons:
the database's triggers keep them (programs migration 0006), whoever writes, however."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from programs.models import CatalogueEntry, CatalogueSearch, Club, Group, Program, ScheduleSlot
from programs.services import application_accept, application_submit
from tests.factories import VenueFactory
from tests.programs.factories import ClubFactory, ProgramFactory, catalogue_group
from tests.programs.helpers import application_data

pytestmark = pytest.mark.django_db

URL = reverse("programs:catalogue")


def entry(group) -> CatalogueEntry:
    return CatalogueEntry.objects.get(group=group)


def found(client, **params) -> list[str]:
    """The clubs the catalogue lists, built afresh (not from the visitor cache)."""
    cache.clear()
    response = client.get(URL, params)
    return re.findall(r'data-testid="club-card" data-slug="([^"]+)"', response.content.decode())


def test_a_new_group_of_a_published_program_gets_its_entry_with_what_the_filters_need():
    group = catalogue_group(weekdays=(3, 1), age_min=9, age_max=12)
    row = entry(group)
    assert (row.club_id, row.club_name, row.program_id) == (group.club_id, group.club.name, group.program_id)
    assert (row.age_min, row.age_max, row.places, row.enrolled_count) == (9, 12, group.places, 0)
    assert row.direction_id == group.program.direction_id
    assert row.levels == group.program.levels
    assert row.district == group.venue.district
    assert row.weekdays == [1, 3]
    assert CatalogueSearch.objects.filter(group=group).exists()


def test_a_group_of_an_unpublished_program_has_no_entry_until_the_program_is_published():
    group = catalogue_group(program=ProgramFactory(status=Program.Status.DRAFT))
    assert not CatalogueEntry.objects.filter(group=group).exists()
    Program.objects.filter(pk=group.program_id).update(status=Program.Status.PUBLISHED)
    assert CatalogueEntry.objects.filter(group=group).exists()
    program = Program.objects.get(pk=group.program_id)
    program.status = Program.Status.ARCHIVED
    program.save()
    assert not CatalogueEntry.objects.filter(group=group).exists()
    assert not CatalogueSearch.objects.filter(group=group).exists()


def test_edits_of_group_club_venue_and_lessons_reach_the_entry():
    group = catalogue_group(weekdays=(1,))
    group.age_max = 16
    group.places = 20
    group.save()
    Club.objects.filter(pk=group.club_id).update(name="Переименованный клуб")
    venue = group.venue
    venue.district = "Заречный"
    venue.save()
    ScheduleSlot.objects.filter(group=group).update(weekday=5)
    row = entry(group)
    assert (row.age_max, row.places) == (16, 20)
    assert row.club_name == "Переименованный клуб"
    assert row.district == "Заречный"
    assert row.weekdays == [5]
    ScheduleSlot.objects.filter(group=group).delete()
    assert entry(group).weekdays == []


def test_a_group_moved_to_another_venue_or_deleted_leaves_no_stale_entry():
    group = catalogue_group()
    other = VenueFactory(organisation=group.club.organisation, district="Новый")
    Group.objects.filter(pk=group.pk).update(venue=other, room=None)
    assert entry(group).district == "Новый"
    ScheduleSlot.objects.filter(group=group).delete()
    Group.objects.filter(pk=group.pk).delete()
    assert not CatalogueEntry.objects.filter(group_id=group.pk).exists()
    assert not CatalogueSearch.objects.filter(group_id=group.pk).exists()


def test_an_enrolment_changes_the_free_places_the_catalogue_filters_on(client, methodist):
    group = catalogue_group(places=1, club=ClubFactory(slug="tiny"))
    assert found(client, free="on") == ["tiny"]
    application = application_submit(group=group, data=application_data())
    application_accept(application=application, by=methodist)
    assert entry(group).enrolled_count == 1
    assert found(client, free="on") == []


def test_search_follows_edits_of_program_and_club_texts(client):
    group = catalogue_group(club=ClubFactory(slug="chess", name="Шахматный клуб", description=""))
    assert found(client, q="гроссмейстер") == []
    Club.objects.filter(pk=group.club_id).update(description="Занятия ведёт гроссмейстер.")
    assert found(client, q="гроссмейстер") == ["chess"]
    program = group.program
    program.description = "Дебюты, эндшпиль и турниры."
    program.save()
    # words of the program and of the club together find the club
    assert found(client, q="эндшпиль гроссмейстер") == ["chess"]


def test_bulk_created_groups_get_their_entries_through_statement_triggers():
    """bulk_create and COPY (generate_data) save no model: the triggers still see them."""
    group = catalogue_group()
    rows = [
        Group(
            club=group.club,
            program=group.program,
            academic_year=group.academic_year,
            name=f"Поток {n}",
            teacher=group.teacher,
            venue=group.venue,
            age_min=7,
            age_max=10,
            places=10,
        )
        for n in range(100)
    ]
    Group.objects.bulk_create(rows)
    assert CatalogueEntry.objects.filter(club=group.club).count() == 101
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE %s AND NOT tgisinternal", ["%catalogue%"]
        )
        assert cursor.fetchone()[0] == 9


def test_words_alone_are_ranked_from_the_search_rows_with_the_same_clubs_and_cards(client):
    """A search with no other filter skips the entries for ranking (CatalogueSearch carries
    the club and year); the page, the total and the cards are those of the entries' way."""
    from django.http import QueryDict

    from programs.catalogue import catalogue_clubs, catalogue_entries
    from programs.filters import CatalogueFilter

    for n in range(3):
        catalogue_group(club=ClubFactory(slug=f"alpha-{n}", name=f"Альфа {n}"))
    catalogue_group(club=ClubFactory(slug="chess", name="Шахматы", description="Дебюты."))
    filterset = CatalogueFilter(QueryDict("q=альфа"), queryset=catalogue_entries())
    rows = filterset.search_rows()
    assert rows is not None
    assert CatalogueFilter(QueryDict("q=альфа&age=9"), queryset=catalogue_entries()).search_rows() is None
    pages = []
    for ranked_rows in (None, rows):
        page = catalogue_clubs(filterset.qs, searching=True, rows=ranked_rows).page(1)
        cards = page.object_list
        pages.append(
            (page.paginator.count, [(card.club.slug, card.groups, card.free_places) for card in cards])
        )
    assert pages[0] == pages[1]
    assert [slug for slug, _groups, _free in pages[1][1]] == ["alpha-0", "alpha-1", "alpha-2"]
    assert found(client, q="альфа") == ["alpha-0", "alpha-1", "alpha-2"]
