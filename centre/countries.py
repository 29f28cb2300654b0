"""The countries an installation or an organisation can be in. Which one it is decides, as
data and never as an ``if`` in a template, the directions list, the currency and its format,
the names of authorities and acts, the funding kinds, the consent and erasure texts and the
time zone: ``profile_of(code)`` (docs/decisions.md, "A country profile").

The words live here, in code (they are translated, and the law's wording changes with a
release, not with an administrator's edit); which country a record is in is a database
field (``Organisation.country``, ``Installation.country``). Nothing here imports a model:
``centre.models`` imports this module."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.formats import get_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    RUSSIA = "RU", _("Russia")
    KAZAKHSTAN = "KZ", _("Kazakhstan")


DEFAULT_COUNTRY = Country.RUSSIA

NBSP = "\u00a0"

# the values of programs.Group.Funding, which stay the same in every country (the exchange,
# the filters and the stored rows use them); only the words shown change
FREE, CERTIFICATE, PAID = "free", "certificate", "paid"


def format_amount(amount, sign: str) -> str:
    """«1 500 ₽», «12 000 ₸», «1 500,50 ₽»: the active language's separators (ru, kk: thousands
    apart by a no-break space, a decimal comma; en: «1,500.50 ₽»), the sign after a no-break
    space, kopecks or tiyn only when the amount is not whole."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    whole, fraction = divmod(abs(value), 1)
    thousands = get_format("THOUSAND_SEPARATOR").replace(" ", NBSP)  # never broken at a line end
    digits = f"{int(whole):,}".replace(",", thousands)
    if fraction:
        digits += get_format("DECIMAL_SEPARATOR") + f"{fraction:.2f}"[2:]
    return f"{'-' if value < 0 else ''}{digits}{NBSP}{sign}"


def add_working_days(
    start: datetime.date, days: int, days_off: Iterable[datetime.date] = ()
) -> datetime.date:
    """The date ``days`` working days after ``start``: Saturdays, Sundays and ``days_off`` (an
    organisation's holidays) are skipped."""
    off = set(days_off)
    day, remaining = start, days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            remaining -= 1
    return day


@dataclass(frozen=True)
class CountryProfile:
    """What a country changes in the portal. Words are lazy translations: read them inside
    the request's language."""

    code: str
    name: Promise
    currency: str  # ISO 4217, as JSON-LD's priceCurrency and the open data write it
    currency_sign: str
    time_zone: str
    # the ministry whose acts govern supplementary education
    education_authority: Promise
    # the act on supplementary education as forms and orders name it, and as an order's
    # preamble cites it ("In accordance with ...")
    education_act: Promise
    education_grounds: Promise
    personal_data_law: Promise
    # the application form's consent (stored on the application as shown), the consent to
    # publication, and what staff are told about a withdrawal and erasure
    consent_text: Promise
    publication_consent_text: Promise
    erasure_text: Promise
    # the deadline for erasing the data after a withdrawal or a request: calendar days, or
    # working days when erasure_working_days
    erasure_days: int
    erasure_working_days: bool
    funding_labels: Mapping[str, Promise] = field(default_factory=dict)
    # every zone of the country (tzdata's zone1970.tab): local_time_zone keeps a deployment's own
    time_zones: tuple[str, ...] = ()

    def money(self, amount) -> str:
        return format_amount(amount, self.currency_sign)

    def funding_label(self, value: str) -> str:
        label = self.funding_labels.get(value)
        return str(label) if label is not None else value

    @property
    def funding_choices(self) -> list[tuple[str, str]]:
        return [(value, str(label)) for value, label in self.funding_labels.items()]

    def erasure_due(
        self, requested_on: datetime.date, days_off: Iterable[datetime.date] = ()
    ) -> datetime.date:
        """The last day to erase the data asked for (or the consent withdrawn) on ``requested_on``."""
        if self.erasure_working_days:
            return add_working_days(requested_on, self.erasure_days, days_off)
        return requested_on + datetime.timedelta(days=self.erasure_days)


RUSSIA = CountryProfile(
    code=Country.RUSSIA,
    name=Country.RUSSIA.label,
    currency="RUB",
    currency_sign="₽",
    time_zone="Europe/Moscow",
    education_authority=_("Ministry of Education of the Russian Federation"),
    education_act=_(
        "Procedure for organising and carrying out educational activity in supplementary general "
        "education programs (order of the Ministry of Education of Russia of 27.07.2022 No. 629)"
    ),
    education_grounds=_(
        "In accordance with the Procedure for organising and carrying out educational activity in "
        "supplementary general education programs (order of the Ministry of Education of Russia of "
        "27.07.2022 No. 629) and the organisation's rules of admission,"
    ),
    personal_data_law=_("Federal Law of 27.07.2006 No. 152-FZ «On personal data»"),
    consent_text=_(
        "I, the child's legal guardian, consent to the processing of personal data, mine and the "
        "child's (surname, first name, patronymic, date of birth, contact phone, e-mail address), "
        "for considering the application and enrolling in the club in accordance with Federal Law "
        "of 27.07.2006 No. 152-FZ «On personal data». The consent is valid until withdrawn."
    ),
    publication_consent_text=_(
        "I, the child's legal guardian, consent to the publication of the child's first name, the "
        "initial of the surname and achievements on the organisation's public pages (art. 10.1 of "
        "Federal Law No. 152-FZ «On personal data»). The consent is valid until withdrawn."
    ),
    erasure_text=_(
        "A withdrawn consent or a guardian's request: the child's data must be erased within 30 days "
        "(art. 21 part 5 of Federal Law No. 152-FZ «On personal data»)."
    ),
    erasure_days=30,
    erasure_working_days=False,
    funding_labels={
        FREE: _("free (budget)"),
        CERTIFICATE: _("PFDO certificate"),
        PAID: _("paid"),
    },
    time_zones=(
        *("Europe/Kaliningrad", "Europe/Moscow", "Europe/Simferopol", "Europe/Kirov", "Europe/Volgograd"),
        *("Europe/Astrakhan", "Europe/Saratov", "Europe/Ulyanovsk", "Europe/Samara", "Asia/Yekaterinburg"),
        *("Asia/Omsk", "Asia/Novosibirsk", "Asia/Barnaul", "Asia/Tomsk", "Asia/Novokuznetsk"),
        *("Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Chita", "Asia/Yakutsk", "Asia/Khandyga"),
        *("Asia/Vladivostok", "Asia/Ust-Nera", "Asia/Magadan", "Asia/Sakhalin", "Asia/Srednekolymsk"),
        *("Asia/Kamchatka", "Asia/Anadyr"),
    ),
)

KAZAKHSTAN = CountryProfile(
    code=Country.KAZAKHSTAN,
    name=Country.KAZAKHSTAN.label,
    currency="KZT",
    currency_sign="₸",
    time_zone="Asia/Almaty",
    education_authority=_("Ministry of Education of the Republic of Kazakhstan"),
    education_act=_(
        "Standard rules of activity of organisations of supplementary education (order of the "
        "Minister of Education of the Republic of Kazakhstan of 31.08.2022 No. 385)"
    ),
    education_grounds=_(
        "In accordance with the Standard rules of activity of organisations of supplementary "
        "education (order of the Minister of Education of the Republic of Kazakhstan of 31.08.2022 "
        "No. 385) and the organisation's rules of admission,"
    ),
    personal_data_law=_(
        "Law of the Republic of Kazakhstan of 21.05.2013 No. 94-V «On personal data and their protection»"
    ),
    consent_text=_(
        "I, the child's legal guardian, consent to the collection and processing of personal data, "
        "mine and the child's (surname, first name, patronymic, date of birth, contact phone, e-mail "
        "address), for considering the application and enrolling in the club in accordance with the "
        "Law of the Republic of Kazakhstan of 21.05.2013 No. 94-V «On personal data and their "
        "protection». The consent is valid until withdrawn."
    ),
    publication_consent_text=_(
        "I, the child's legal guardian, consent to the publication of the child's first name, the "
        "initial of the surname and achievements on the organisation's public pages, in accordance "
        "with the Law of the Republic of Kazakhstan No. 94-V «On personal data and their protection». "
        "The consent is valid until withdrawn."
    ),
    erasure_text=_(
        "A withdrawn consent or a guardian's request: the child's data must be erased within one "
        "working day (Law of the Republic of Kazakhstan No. 94-V «On personal data and their protection»)."
    ),
    erasure_days=1,
    erasure_working_days=True,
    funding_labels={
        FREE: _("free (local budget)"),
        CERTIFICATE: _("voucher"),
        PAID: _("paid"),
    },
    time_zones=(
        "Asia/Almaty",
        "Asia/Qyzylorda",
        "Asia/Qostanay",
        "Asia/Aqtobe",
        "Asia/Aqtau",
        "Asia/Atyrau",
        "Asia/Oral",
    ),
)

PROFILES = {profile.code: profile for profile in (RUSSIA, KAZAKHSTAN)}


def profile_of(code) -> CountryProfile:
    """The profile of a country code (a Country, "RU", "KZ"); Russia's for a blank or unknown one."""
    return PROFILES.get(str(code or ""), PROFILES[DEFAULT_COUNTRY])


INSTALLATION_COUNTRY_KEY = "installation-country"
INSTALLATION_COUNTRY_SECONDS = 300


def installation_profile() -> CountryProfile:
    """The installation's country's profile: pages that belong to no organisation (the public
    catalogue's filters). Its country is kept in the cache (Installation.save() forgets it): the
    catalogue asks on every request."""
    code = cache.get(INSTALLATION_COUNTRY_KEY)
    if code is None:
        code = apps.get_model("centre", "Installation").current().country
        cache.set(INSTALLATION_COUNTRY_KEY, code, INSTALLATION_COUNTRY_SECONDS)
    return profile_of(code)


def local_time_zone(profile: CountryProfile) -> str:
    """The time zone of a country's organisations' pages, lessons and feeds: the deployment's
    own ``settings.TIME_ZONE`` unless it is another country's zone (Russia spans eleven zones:
    an Omsk installation sets Asia/Omsk for its centres), else the country's capital's. No
    query: the zones are the profiles' (tzdata's zone1970.tab)."""
    deployment = settings.TIME_ZONE
    if any(deployment in other.time_zones for other in PROFILES.values() if other is not profile):
        return profile.time_zone
    return deployment


def erasure_due(organisation, requested_on: datetime.date) -> datetime.date:
    """The day by which ``organisation`` must erase data asked for on ``requested_on``: its
    country's deadline, working days skipping weekends and its academic calendar's days off."""
    profile = organisation.profile
    days_off = ()
    if profile.erasure_working_days:
        # a few weeks ahead is more than any working-day deadline needs
        days_off = organisation.calendar_days.filter(
            date__gt=requested_on, date__lte=requested_on + datetime.timedelta(days=60)
        ).values_list("date", flat=True)
    return profile.erasure_due(requested_on, days_off)
