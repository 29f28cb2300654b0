"""{% club_structured_data club %}: the club page's schema.org JSON-LD block
(programs.catalogue.structured), written in the page's head."""

from django import template
from django.utils.html import format_html

from programs.catalogue.structured import club_courses, json_ld

register = template.Library()


@register.simple_tag
def club_structured_data(club):
    """A `<script type="application/ld+json">` data block: never executed, so the strict
    Content-Security-Policy needs no exception for it."""
    return format_html('<script type="application/ld+json">{}</script>', json_ld(club_courses(club)))
