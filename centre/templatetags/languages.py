"""The language switcher and the alternate addresses of the page in the other languages."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info

from centre.languages import current_language

register = template.Library()

# the switcher's short labels, each in its own language
SHORT = {"ru": "Рус", "kk": "Қаз", "en": "Eng"}


@register.simple_tag(takes_context=True)
def language_choices(context):
    """For each language: its code, its own name, a short label, the page's address in it
    (for hreflang) and the switcher's link; the active one marked."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    active = current_language()
    choices = []
    for code, _name in settings.LANGUAGES:
        address = translate_url(here, code)
        choices.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "short": SHORT.get(code, code),
                "address": address,
                "link": reverse("choose_language", kwargs={"code": code})
                + "?"
                + urlencode({"next": address}),
                "active": code == active,
            }
        )
    return choices
