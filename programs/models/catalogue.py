"""The public catalogue's narrow rows, written only by the database (migration 0006)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from centre.models import AcademicYear, Venue
from centre.search import latin_to_cyrillic, normal_word, search_words
from programs.models.clubs import Club
from programs.models.groups import Group, PlacesQuerySet
from programs.models.programs import Program
from programs.models.reference import Direction, Profile


class CatalogueEntryQuerySet(PlacesQuerySet):
    def current(self):
        return self.filter(academic_year_id=AcademicYear.objects.current_id())

    def on_weekday(self, weekday: int):
        return self.filter(weekdays__contains=[weekday])


class CatalogueEntry(models.Model):
    """A group of a published program as the public catalogue filters, sorts and searches
    it: one narrow row with what it needs of the group, its program, club, venue and
    lessons. Written only by the database: triggers on those tables keep it in step with
    every write, bulk loads included (migration 0006). One table to read instead of a
    semi-join over five keeps a catalogue page's cost nearly flat from a centre to a
    country. The search words are kept beside it (CatalogueSearch): here they would make
    every row three times wider and every scan slower."""

    group = models.OneToOneField(
        Group, primary_key=True, on_delete=models.DO_NOTHING, related_name="catalogue_entry"
    )
    club = models.ForeignKey(Club, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    club_name = models.CharField(max_length=200)
    club_slug = models.CharField(max_length=120)
    program = models.ForeignKey(Program, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    direction = models.ForeignKey(
        Direction, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    profile = models.ForeignKey(
        Profile, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    levels = ArrayField(models.CharField(max_length=20))
    adapted = models.BooleanField()
    age_min = models.PositiveSmallIntegerField()
    age_max = models.PositiveSmallIntegerField()
    funding = models.CharField(max_length=20)
    price = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    venue = models.ForeignKey(Venue, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    district = models.CharField(max_length=120)
    weekdays = ArrayField(models.PositiveSmallIntegerField())
    places = models.PositiveSmallIntegerField()
    enrolled_count = models.PositiveSmallIntegerField()
    enrol_from = models.DateField(null=True)
    enrol_until = models.DateField(null=True)

    objects = CatalogueEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        default_permissions = ()
        indexes = [
            # a page of clubs by name is read in index order and stops after twenty clubs
            models.Index(fields=["academic_year", "club_name", "club"], name="programs_entry_name_idx"),
            # a parent's usual question, a direction for a child's age: counted from the index
            # alone (16 ms to 7 ms at national scale); PostgreSQL 18 skip-scans it by age alone
            models.Index(
                fields=["academic_year", "direction", "age_min", "age_max"],
                include=["club", "club_name", "funding", "places", "enrolled_count"],
                name="programs_entry_dir_age_idx",
            ),
        ]

    def __str__(self):
        return f"{self.club_name}: {self.group_id}"


class CatalogueSearch(models.Model):
    """The words of a catalogue entry's program and club, for the catalogue's search: kept
    beside the entries, not in them, so that the entries stay narrow for every other
    filter. Written only by the database, with the entries (migration 0006)."""

    group = models.OneToOneField(
        Group, primary_key=True, on_delete=models.DO_NOTHING, related_name="catalogue_search"
    )
    # a search with no other filter ranks clubs from these rows alone
    club = models.ForeignKey(Club, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    club_name = models.CharField(max_length=200)
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    search = SearchVectorField()

    class Meta:
        verbose_name = _("catalogue search words")
        verbose_name_plural = _("catalogue search words")
        default_permissions = ()
        indexes = [GinIndex(fields=["search"], name="programs_catalogue_search_idx")]

    def __str__(self):
        return str(self.group_id)


SYNONYMS_CACHE_KEY = "search-synonyms"
SYNONYMS_SECONDS = 300
# a typed word this long that begins a listed word is taken for it («прогр» → программирование)
SYNONYM_PREFIX_MIN = 4
_ENDING = "аеиоуыэюяйь"


def _word_stem(word: str) -> str:
    """A listed word without its vowel ending (at least SYNONYM_PREFIX_MIN letters left):
    «танцы» → «танц», so that «танцевальный» is taken for it."""
    stem = word.rstrip(_ENDING)
    return stem if len(stem) >= SYNONYM_PREFIX_MIN else word


class SearchSynonymsQuerySet(models.QuerySet):
    def word_lists(self) -> list[tuple[str, ...]]:
        """Every row's words in normal form, kept in the cache until a row changes (or for
        SYNONYMS_SECONDS): the catalogue's search reads them on every query. A listed
        «word» that is not one word of letters and digits («3d-печать», «c++») is left out:
        the search builds its query of single words."""
        return cache.get_or_set(
            SYNONYMS_CACHE_KEY,
            lambda: [
                tuple(word for word in map(normal_word, words) if search_words(word) == [word])
                for words in self.order_by("pk").values_list("words", flat=True)
            ],
            SYNONYMS_SECONDS,
        )

    def forget_cached(self) -> None:
        """Drop the cached word lists (after rows were written without signals: bulk_create)."""
        cache.delete(SYNONYMS_CACHE_KEY)

    def synonyms(self, word: str) -> list[str]:
        """The listed words that count as `word` in a search, found for the word or its
        spelling in Russian letters («lego» → лего, легоконструирование). A word matches a
        listed one when they are equal, when the word is at least four letters of its
        beginning («прогр»), or when it begins with the listed word less its vowel ending
        («танцевальный» for «танцы»)."""
        word = normal_word(word)
        asked = [word, *spellings(word)]
        found = []
        for row in self.word_lists():
            if any(_same_word(typed, listed) for typed in asked for listed in row):
                found.extend(listed for listed in row if listed not in found and listed not in asked)
        return found


def spellings(word: str) -> list[str]:
    """The typed word in other letters: a Latin word spelt in Russian ones («robot» → робот)."""
    spelt = latin_to_cyrillic(normal_word(word))
    return [spelt] if spelt and spelt != word else []


def _same_word(typed: str, listed: str) -> bool:
    if typed == listed:
        return True
    if len(typed) >= SYNONYM_PREFIX_MIN and listed.startswith(typed):
        return True
    stem = _word_stem(listed)
    return len(stem) >= SYNONYM_PREFIX_MIN and typed.startswith(stem)


class SearchSynonyms(models.Model):
    """Words the catalogue's search takes as one («IT, айти, программирование»; «лего, lego»):
    a word of a query that is in a row's ``words`` finds what any of them would. Kept as data,
    so that a methodist (through the admin) can add the words parents actually type."""

    words = ArrayField(models.CharField(max_length=40), verbose_name=_("words"))

    objects = SearchSynonymsQuerySet.as_manager()

    class Meta:
        verbose_name = _("search synonyms")
        verbose_name_plural = _("search synonyms")
        indexes = [GinIndex(fields=["words"], name="programs_synonyms_words_idx")]

    def __str__(self):
        return ", ".join(self.words)

    def clean(self):
        words = [normal_word(word) for word in self.words or []]
        self.words = list(dict.fromkeys(word for word in words if word))
        not_words = [word for word in self.words if search_words(word) != [word]]
        if not_words:
            raise ValidationError(
                {
                    "words": _("Each entry must be one word of letters and digits: %(words)s.")
                    % {"words": ", ".join(not_words)}
                }
            )
        if len(self.words) < 2:
            raise ValidationError({"words": _("List at least two words that mean the same.")})


@receiver([post_save, post_delete], sender=SearchSynonyms)
def _forget_synonyms(**kwargs):
    # now for this process, and again after the commit for a search that read the old rows meanwhile
    cache.delete(SYNONYMS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SYNONYMS_CACHE_KEY))
