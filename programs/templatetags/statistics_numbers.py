"""``{% load statistics_numbers %}``: ``{{ value|count }}`` «2 364 966» and ``{{ share|percent }}``
«77,6 %» in the active language (programs.statistics.formats)."""

from django import template

from programs.statistics import formats

register = template.Library()

register.filter("count", formats.count)
register.filter("percent", formats.percent)
