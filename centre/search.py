"""Russian full-text search helpers shared by the catalogue, showcase and staff lists."""

import re

from django.contrib.postgres.search import SearchQuery

_WORD = re.compile(r"[\w]+", re.UNICODE)
MAX_WORDS = 8


def prefix_query(text: str | None, config: str = "russian") -> SearchQuery | None:
    """A query where every word is stemmed and matched as a prefix, so that «робот» finds
    «Робототехника». Only letters and digits reach to_tsquery: no syntax errors from users."""
    words = [word for word in _WORD.findall((text or "").replace("_", " ")) if word][:MAX_WORDS]
    if not words:
        return None
    raw = " & ".join(f"{word}:*" for word in words)
    return SearchQuery(raw, config=config, search_type="raw")
