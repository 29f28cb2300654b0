"""Russian full-text search helpers shared by the catalogue, showcase and staff lists."""

import re
from collections.abc import Callable, Iterable

from django.contrib.postgres.search import SearchQuery

_WORD = re.compile(r"[\w]+", re.UNICODE)
_LATIN_OR_DIGIT = re.compile(r"[a-z0-9]")
MAX_WORDS = 8
# A word this short is matched whole, not as a beginning: «ИИ» stemmed is «и», and «и…»
# is half the dictionary.
SHORT_WORD = 2


def normal_word(word: str) -> str:
    """A word as the search compares it: lower case, «е» for «ё»."""
    return word.strip().lower().replace("ё", "е")


def search_words(text: str | None) -> list[str]:
    """The words of a query (letters and digits only, at most MAX_WORDS), in normal form."""
    return [normal_word(word) for word in _WORD.findall((text or "").replace("_", " "))][:MAX_WORDS]


def word_query(word: str, config: str = "russian", *, whole: bool = False) -> SearchQuery:
    """What one word finds. A typed word of three letters or more is stemmed and matched as
    a beginning («робот» finds «Робототехника»); with `whole` (a listed synonym, a word
    known to be complete) it is stemmed and matched whole, which PostgreSQL also estimates
    far better (a beginning is guessed high, and a search of several guesses was read by a
    full scan: 120 ms at national scale instead of 13). A shorter word is matched whole,
    stemmed; a Russian stop word («по», «на») matches nothing and drops out of the query. A
    typed two-letter word with a Latin letter or a digit (IT, VR, 3D, 3д) is matched,
    unstemmed, at the head of a word instead: «IT-квантум», «VR/AR», «3D-модели» (English
    calls «it» a stop word and the Russian configuration would drop it)."""
    if whole:
        return SearchQuery(word, config=config, search_type="raw")
    if len(word) > SHORT_WORD:
        return SearchQuery(f"{word}:*", config=config, search_type="raw")
    if len(word) == SHORT_WORD and _LATIN_OR_DIGIT.search(word):
        return SearchQuery(f"{word}:*", config="simple", search_type="raw")
    return SearchQuery(word, config=config, search_type="raw")


def prefix_query(
    text: str | None,
    config: str = "russian",
    *,
    spellings: Callable[[str], Iterable[str]] | None = None,
    synonyms: Callable[[str], Iterable[str]] | None = None,
) -> SearchQuery | None:
    """A query finding what has every word of `text` (see word_query). A row matches a word
    when it matches the word, one of its `spellings(word)` (the same typed word in other
    letters, matched as it is: as a beginning) or one of its `synonyms(word)` (whole words).
    Only letters and digits reach to_tsquery: no syntax errors from users."""
    words = [word for word in search_words(text) if word]
    if not words:
        return None
    combined = None
    for word in words:
        group = word_query(word, config)
        beginnings, seen = [word], {word}
        for other in spellings(word) if spellings else ():
            if other and not _covered(other, seen, beginnings):
                beginnings.append(other)
                seen.add(other)
                group |= word_query(other, config)
        for other in synonyms(word) if synonyms else ():
            if other and not _covered(other, seen, beginnings):
                seen.add(other)
                group |= word_query(other, config, whole=True)
        combined = group if combined is None else combined & group
    return combined


def _covered(word: str, seen: set[str], beginnings: list[str]) -> bool:
    """Whether the query already finds what `word` would: the same word, or a beginning of it
    matched as a beginning («робот» typed covers «робототехника»)."""
    return word in seen or any(len(other) > SHORT_WORD and word.startswith(other) for other in beginnings)


# Latin letters as Russian words are commonly typed in them («robot», «tantsy», «shakhmaty»):
# the longest spelling first.
_LATIN_TO_CYRILLIC = [
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "йо"),
    ("ye", "е"),
    ("x", "кс"),
    *zip("abvgdezijklmnoprstufhcwq", "абвгдезийклмнопрстуфхквк", strict=True),
]
_VOWELS = set("aeiouаеиоуыэюя")


def latin_to_cyrillic(word: str) -> str | None:
    """A Latin word spelt in Russian letters («robot» → «робот», «tantsy» → «танцы»), or None
    when the word is not all Latin letters. «y» is «й» after a vowel and «ы» elsewhere."""
    if not word.isascii() or not word.isalpha():
        return None
    out, position = [], 0
    while position < len(word):
        for latin, cyrillic in _LATIN_TO_CYRILLIC:
            if word.startswith(latin, position):
                out.append(cyrillic)
                position += len(latin)
                break
        else:  # a «y» of no pair above
            out.append("й" if out and out[-1][-1] in _VOWELS else "ы")
            position += 1
    return "".join(out)
