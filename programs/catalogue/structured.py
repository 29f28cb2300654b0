"""The club page's schema.org description (JSON-LD) for search engines' course listings.

One `Course` per program of the club's catalogue groups (a club may teach several), with its
`provider` (the club's organisation), a `CourseInstance` per group (where, when, who teaches:
the teacher by the short name the page shows) and an `Offer` per group (price a month in
roubles; 0 for a free or certificate group). Built from what the club page has already read
(programs.catalogue.club_page): the only extra query reads the groups' academic years.

The block is data, not script: `<script type="application/ld+json">` is never executed, so
the strict Content-Security-Policy (script-src 'self') stays as it is. Its text is escaped
as Django's json_script escapes (<, >, & as \\u003C, \\u003E, \\u0026): a title with
«</script>» cannot end the block or open markup."""

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from centre.countries import CountryProfile, local_time_zone
from centre.models import AcademicYear
from programs.models import Club, Group, ScheduleSlot
from programs.services import enrolment_problem

SCHEMA = "https://schema.org"

# ScheduleSlot.weekday (1 = Monday) → schema.org's DayOfWeek
DAYS = {
    ScheduleSlot.Weekday.MONDAY: f"{SCHEMA}/Monday",
    ScheduleSlot.Weekday.TUESDAY: f"{SCHEMA}/Tuesday",
    ScheduleSlot.Weekday.WEDNESDAY: f"{SCHEMA}/Wednesday",
    ScheduleSlot.Weekday.THURSDAY: f"{SCHEMA}/Thursday",
    ScheduleSlot.Weekday.FRIDAY: f"{SCHEMA}/Friday",
    ScheduleSlot.Weekday.SATURDAY: f"{SCHEMA}/Saturday",
    ScheduleSlot.Weekday.SUNDAY: f"{SCHEMA}/Sunday",
}

# Group.Funding → the Offer's category (Google's course listings know Free and Paid; a
# certificate group costs the family nothing: the regional ПФДО pays)
CATEGORIES = {
    Group.Funding.FREE: "Free",
    Group.Funding.CERTIFICATE: "Free",
    Group.Funding.PAID: "Paid",
}

IN_STOCK = f"{SCHEMA}/InStock"  # applications taken, places free
SOLD_OUT = f"{SCHEMA}/SoldOut"  # applications taken, every place taken: the waiting list
PRE_ORDER = f"{SCHEMA}/PreOrder"  # applications open later
OUT_OF_STOCK = f"{SCHEMA}/OutOfStock"  # applications closed this year

# what json_script escapes, and the two line separators JavaScript once choked on
_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_ld(data) -> SafeString:
    """`data` as the text of a `<script type="application/ld+json">`: JSON whose <, > and &
    are escaped, so nothing in it can close the element or be read as markup."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 — escaped just above


def absolute(path: str) -> str:
    """A page's address on the portal: PORTAL_URL, not the request's host, so that the
    visitors' cache (keyed by path) never serves one host's addresses to another."""
    return f"{settings.PORTAL_URL}{path}"


def _time(value: datetime.time) -> str:
    return value.strftime("%H:%M:%S")


def availability(group: Group, today: datetime.date) -> str:
    """Whether a parent can apply now, in schema.org's ItemAvailability."""
    if group.enrol_from and today < group.enrol_from:
        return PRE_ORDER
    if group.enrol_until and today > group.enrol_until:
        return OUT_OF_STOCK
    return IN_STOCK if enrolment_problem(group, today) is None else SOLD_OUT


def schedule(slot: ScheduleSlot, year: AcademicYear, zone: str) -> dict:
    return {
        "@type": "Schedule",
        "byDay": DAYS[slot.weekday],
        "startTime": _time(slot.starts),
        "endTime": _time(slot.ends),
        "duration": f"PT{slot.duration_minutes}M",
        "startDate": year.start.isoformat(),
        "endDate": year.end.isoformat(),
        "repeatFrequency": "P1W",
        "scheduleTimezone": zone,
    }


def place(venue, profile: CountryProfile) -> dict:
    # (a venue's district is a part of a town: neither PostalAddress's locality nor its region)
    address = {"@type": "PostalAddress", "streetAddress": venue.address, "addressCountry": profile.code}
    return {"@type": "Place", "name": venue.name, "address": address}


def offer(group: Group, url: str, today: datetime.date, profile: CountryProfile) -> dict:
    price = group.price if group.funding == Group.Funding.PAID and group.price else Decimal("0")
    data = {
        "@type": "Offer",
        "name": group.name,
        "url": f"{url}#group-{group.pk}",
        "category": CATEGORIES[group.funding],
        "price": f"{price:.2f}",
        "priceCurrency": profile.currency,
        "availability": availability(group, today),
    }
    if price:
        # the price is a month's: UN/CEFACT's MON
        data["priceSpecification"] = {
            "@type": "UnitPriceSpecification",
            "price": f"{price:.2f}",
            "priceCurrency": profile.currency,
            "referenceQuantity": {"@type": "QuantitativeValue", "value": 1, "unitCode": "MON"},
        }
    if group.enrol_from:
        data["availabilityStarts"] = group.enrol_from.isoformat()
    if group.enrol_until:
        data["availabilityEnds"] = group.enrol_until.isoformat()
    return data


def course_instance(group: Group, year: AcademicYear, url: str, profile: CountryProfile) -> dict:
    zone = local_time_zone(profile)
    return {
        "@type": "CourseInstance",
        "@id": f"{url}#group-{group.pk}",
        "name": group.name,
        # a program with distance learning has lessons on site too
        "courseMode": "blended" if group.program.is_distance else "onsite",
        "location": place(group.venue, profile),
        "startDate": year.start.isoformat(),
        "endDate": year.end.isoformat(),
        "courseSchedule": [schedule(slot, year, zone) for slot in group.slots.all()],
        "instructor": {"@type": "Person", "name": group.teacher.short_name},
        "maximumAttendeeCapacity": group.places,
    }


def club_courses(club: Club, today: datetime.date | None = None) -> list[dict]:
    """The club's Courses, one a program, as read by club_page (its catalogue_groups with
    program, teacher, venue and slots)."""
    today = today or timezone.localdate()
    groups = club.catalogue_groups
    years = AcademicYear.objects.in_bulk({group.academic_year_id for group in groups})
    url = absolute(club.get_absolute_url())
    organisation = club.organisation
    profile = organisation.profile
    provider = {
        "@type": "Organization",
        "name": organisation.name,
        "url": organisation.website or settings.PORTAL_URL,
    }
    by_program: dict[int, list[Group]] = {}
    for group in groups:
        by_program.setdefault(group.program_id, []).append(group)
    courses = []
    for program_groups in by_program.values():
        program = program_groups[0].program
        course = {
            "@context": SCHEMA,
            "@type": "Course",
            "@id": f"{url}#program-{program.pk}",
            "name": program.title,
            "description": program.announcement or program.description,
            "url": url,
            "inLanguage": "ru",
            "provider": provider,
            "typicalAgeRange": f"{program.age_min}-{program.age_max}",
            "timeRequired": f"P{program.duration_months}M",
            "about": str(program.direction),
            "hasCourseInstance": [
                course_instance(group, years[group.academic_year_id], url, profile)
                for group in program_groups
            ],
            "offers": [offer(group, url, today, profile) for group in program_groups],
        }
        if program.profile_id:
            course["keywords"] = program.profile.name
        if program.levels:
            course["educationalLevel"] = ", ".join(str(label) for label in program.get_level_labels())
        courses.append(course)
    return courses
