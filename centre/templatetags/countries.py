"""A country's words and money in templates, read from a record's country profile, never from
an ``if`` on a country code: ``{% load countries %}``

- ``{{ amount|money:organisation }}`` — «1 500 ₽», «12 000 ₸»;
- ``{{ group.funding|funding:organisation }}`` — «сертификат ПФДО», «ваучер»;
- ``{{ group|group_funding }}`` — the label with the price of a paid group (reads
  ``group.club.organisation``: select it with the group);
- ``{{ offer.expires_at|local_time:organisation|date:"j E, H:i" }}`` — a moment on the
  organisation's country's clock (``local_time_zone``), whoever is reading;
- ``{% profile_of organisation as profile %}`` — anything else (``{{ profile.education_act }}``).

``organisation`` may be an Organisation (or anything with ``.profile``), a CountryProfile, a
country code, or empty: the installation's country."""

from django import template
from django.templatetags.tz import do_timezone

from centre.countries import CountryProfile, installation_profile, local_time_zone, profile_of

register = template.Library()


def profile_for(subject) -> CountryProfile:
    if isinstance(subject, CountryProfile):
        return subject
    if subject is None or subject == "":
        return installation_profile()
    profile = getattr(subject, "profile", None)
    if isinstance(profile, CountryProfile):
        return profile
    return profile_of(subject)


@register.filter
def money(amount, subject=None) -> str:
    return profile_for(subject).money(amount)


@register.filter
def funding(value, subject=None) -> str:
    return profile_for(subject).funding_label(value)


def group_funding_text(group) -> str:
    """«платно, 1 500 ₽», «ваучер»: a group's funding in its organisation's country's words."""
    profile = profile_for(group.club.organisation)
    label = profile.funding_label(group.funding)
    if group.price:
        return f"{label}, {profile.money(group.price)}"
    return label


@register.filter
def group_funding(group) -> str:
    return group_funding_text(group)


@register.filter
def local_time(value, subject=None):
    """An aware date-time in the zone of ``subject``'s country (the date filter after it
    keeps that zone); anything else is returned as it is."""
    return do_timezone(value, local_time_zone(profile_for(subject)))


@register.simple_tag(name="profile_of")
def profile_of_tag(subject=None) -> CountryProfile:
    return profile_for(subject)
