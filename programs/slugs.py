"""Latin addresses for the site made from Russian titles (programs and clubs)."""

from django.utils.text import slugify

_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
        "я": "ia",
    }
)  # fmt: skip


def unique_slug(model, text: str, *, max_length: int = 100) -> str:
    """A Latin address for the site from a Russian title, unique among the model's rows."""
    base = (
        slugify((text or "").lower().translate(_TRANSLIT))[:max_length].strip("-") or model._meta.model_name
    )
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug
