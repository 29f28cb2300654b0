"""Applying a package's partners (organisations), programDirections (profiles) and programs.

Each ``apply_*`` takes the run, the record and its uuid, and answers (outcome, our record,
name, reason); it raises Skip (or a ValidationError) when the object cannot be applied."""

import math

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from centre.models import Organisation
from centre.phones import phone_validator
from programs.exchange.codes import (
    OVZ_TYPES,
    PARTNER_TYPES,
    PROGRAM_FOCUSES,
    PROGRAM_LEVELS,
    PROGRAM_STATES,
    PROGRAM_TYPES,
)
from programs.exchange.importing_base import Skip, assign, record_name, required, validate
from programs.models import Direction, Level, Profile, Program
from programs.slugs import unique_slug

__all__ = ["apply_partner", "apply_profile", "apply_program", "record_name"]

MONTHS_IN = {"month": 1, "months": 1, "мес": 1, "year": 12, "years": 12, "год": 12, "лет": 12}


def known_codes(record, name: str, dictionary) -> list[str]:
    """Our values of a list of codes; a code we do not know is named in the notes, kept out."""
    values = []
    for code in record.codes(name):
        ours = dictionary.ours(code)
        if ours is None:
            known = (
                " " + _("(not in the package's own dictionary either)")
                if _unlisted(record, dictionary, code)
                else ""
            )
            record.note(
                _("«%(field)s»: unknown %(dictionary)s code «%(code)s», left out%(known)s.")
                % {"field": name, "dictionary": dictionary.name, "code": code, "known": known}
            )
        elif ours not in values:
            values.append(ours)
    return values


def _unlisted(record, dictionary, code) -> bool:
    listed = getattr(record, "dictionaries", {}).get(dictionary.name)
    return listed is not None and code not in listed


def direction_for(run, record) -> Direction:
    code = record.text("focusCode")
    if not code:
        raise Skip(_("«focusCode» is empty: a program needs its direction."))
    slug = PROGRAM_FOCUSES.ours(code)
    directions = run.cache.get("directions")
    if directions is None:
        directions = run.cache["directions"] = {
            direction.slug: direction for direction in Direction.objects.all()
        }
    direction = directions.get(slug) if slug else None
    if direction is None:
        raise Skip(_("Unknown focus code «%(code)s»: no direction of the portal.") % {"code": code})
    written = PROGRAM_FOCUSES.code(slug)
    if code != written:
        record.note(_("«focusCode»: «%(code)s» read as «%(written)s».") % {"code": code, "written": written})
    return direction


def _checked(record, name: str, value: str, validator) -> str:
    if not value:
        return ""
    try:
        validator(value)
    except ValidationError:
        record.note(_("«%(field)s»: «%(value)s» is not valid, left empty.") % {"field": name, "value": value})
        return ""
    return value


def apply_partner(run, record, key):
    name = record.text("publicName", max_length=300) or record.text("shortName", max_length=300)
    if run.organisation is not None:
        if str(key) == str(run.organisation.uuid):
            reason = _("The organisation the package is imported into: its record is kept as it is.")
        else:
            reason = _("Not created: an import into an organisation puts every program into «%(name)s».") % {
                "name": run.organisation
            }
        return "unchanged", run.organisation, name, reason
    required(name, "publicName")
    existing = Organisation.objects.filter(uuid=key).first()
    organisation = existing or Organisation(uuid=key)
    code = record.text("typeOrg")
    kind = PARTNER_TYPES.ours(code) if code else None
    if code and kind is None:
        record.note(_("«typeOrg»: unknown code «%(code)s», read as another organisation.") % {"code": code})
    if existing is not None and (
        kind is None or PARTNER_TYPES.code(existing.kind) == PARTNER_TYPES.code(kind)
    ):
        kind = existing.kind  # a subdivision stays one: its code is a centre's
    values = {
        "name": name,
        "short_name": record.text("shortName", max_length=120),
        "kind": kind or Organisation.Kind.OTHER,
        "address": record.text("actualAddress", max_length=300) or record.text("address", max_length=300),
        "phone": _checked(record, "phone", record.text("phone", max_length=40), phone_validator),
        "website": _checked(record, "site", record.text("site", max_length=200), URLValidator()),
        "email": _checked(record, "email", record.text("email", max_length=254), EmailValidator()),
        "ogrn": record.text("ogrn", max_length=15),
    }
    if not assign(organisation, values):
        return "unchanged", organisation, name, ""
    validate(organisation, exclude=["parent", "authority"])
    organisation.save()
    return ("updated" if existing else "created"), organisation, name, ""


def apply_profile(run, record, key):
    name = required(record.text("name", max_length=100), "name")
    direction = direction_for(run, record)
    profile = Profile.objects.filter(uuid=key).first()
    if profile is None:
        same = Profile.objects.filter(direction=direction, name__iexact=name).first()
        if same is not None:
            return (
                "unchanged",
                same,
                name,
                _("The portal has this profile under its own uuid: that one is used."),
            )
        if run.organisation is not None:
            # profiles are shared by every organisation: one organisation's import adds none
            raise Skip(
                _(
                    "The portal has no such profile, and an import into an organisation adds no "
                    "profiles: its programs will have none."
                )
            )
        profile = Profile(uuid=key, direction=direction, name=name)
        validate(profile)
        profile.save()
        return "created", profile, name, ""
    if profile.name == name and profile.direction_id == direction.pk:
        return "unchanged", profile, name, ""
    if run.organisation is not None:
        return (
            "unchanged",
            profile,
            name,
            _("Profiles are shared by every organisation: an import into one does not change them."),
        )
    assign(profile, {"name": name, "direction_id": direction.pk})
    validate(profile)
    profile.save()
    return "updated", profile, name, ""


def duration_months(record) -> int:
    number = required(record.integer("duration"), "duration")
    unit = record.text("durationunit").lower() or "month"
    if unit in MONTHS_IN:
        return number * MONTHS_IN[unit]
    per_month = {"week": 4.345, "weeks": 4.345, "day": 30, "days": 30}.get(unit)
    if per_month is None:
        record.note(_("«durationunit»: unknown unit «%(unit)s», read as months.") % {"unit": unit})
        return number
    months = max(1, math.ceil(number / per_month))
    record.note(
        _("«duration»: %(number)s %(unit)s read as %(months)s months.")
        % {"number": number, "unit": unit, "months": months}
    )
    return months


def program_values(run, record, key, title: str, existing=None) -> dict:
    """The program's fields from the record (an existing program keeps its hours a year when
    no group of the package gives them: an incremental package may carry the program alone)."""
    announcement = record.text("announce", max_length=400)
    if not announcement:
        announcement = title[:400]
        record.note(_("«announce» is empty: the title is the announcement."))
    description = record.text("detailDescription") or record.text("programContent")
    if not description:
        description = announcement
        record.note(_("«detailDescription» is empty: the announcement is the description."))
    levels = known_codes(record, "levelSet", PROGRAM_LEVELS)
    if not levels:
        levels = [Level.BASIC.value]
        record.note(_("«levelSet» names no level of ours: «basic» is set, check it."))
    disabilities = known_codes(record, "ovzTypes", OVZ_TYPES)
    adapted = bool(disabilities)
    if not disabilities and (record.boolean("ovz") or record.boolean("invalidAdapted")):
        # an adapted program names its kinds (Program.clean): without them it is not marked so
        record.note(
            _(
                "The program is marked adapted, but no kind of disability is recognised: "
                "name the kinds on the program's page."
            )
        )
    hours = run.hours.get(str(key)) or (existing.hours_per_year if existing is not None else None)
    if not hours:
        hours = 1
        record.note(_("No group gives the hours a year («hoursYear»): 1 is set, correct it."))
    state = record.text("state")
    if state and PROGRAM_STATES.ours(state) not in (None, Program.Status.DRAFT):
        record.note(_("«state» «%(state)s»: imported as a draft all the same.") % {"state": state})
    program_type = record.text("programType")
    if program_type and not PROGRAM_TYPES.knows(program_type):
        record.note(_("«programType»: unknown code «%(code)s».") % {"code": program_type})
    return {
        "title": title,
        "announcement": announcement,
        "description": description,
        "goals": record.text("goals"),
        "expected_results": record.text("results"),
        "equipment": record.text("technicalBase"),
        "age_min": required(record.integer("minAge"), "minAge"),
        "age_max": required(record.integer("maxAge"), "maxAge"),
        "duration_months": duration_months(record),
        "hours_per_year": hours,
        "group_size_min": record.integer("minPersons") or (existing.group_size_min if existing else 8),
        "group_size_max": record.integer("maxPersons") or (existing.group_size_max if existing else 15),
        "levels": levels,
        "is_adapted": adapted,
        "disabilities": disabilities,
    }


def _profile(run, record, direction):
    reference = record.text("directionUuid")
    if not reference:
        return None
    try:
        profile = run.resolve("programDirection", reference)
    except Skip as problem:
        record.note(_("%(reason)s The program has no profile.") % {"reason": problem.args[0]})
        return None
    if profile.direction_id != direction.pk:
        record.note(_("«directionUuid» names a profile of another direction: the program has no profile."))
        return None
    return profile


def apply_program(run, record, key):
    title = required(record.text("name", max_length=250) or record.text("fullName", max_length=250), "name")
    if run.organisation is not None:
        organisation = run.organisation
    else:
        organisation = run.resolve("partner", record.text("partnerUuid"))
    existing = Program.objects.filter(uuid=key).first()
    if existing is not None and (
        existing.organisation_id != organisation.pk or not run.owns(existing.organisation_id)
    ):
        raise Skip(_("The portal has this uuid in another organisation."))
    direction = direction_for(run, record)
    values = program_values(run, record, key, title, existing)
    profile = _profile(run, record, direction)
    values.update(direction_id=direction.pk, profile_id=profile.pk if profile else None)
    if existing is not None:
        if not any(getattr(existing, name) != value for name, value in values.items()):
            return "unchanged", existing, title, ""
        if existing.status not in (Program.Status.DRAFT, Program.Status.RETURNED):
            # kept as it is (so are its groups and lessons: importing_groups.Published)
            reason = _("The program is %(status)s: its changes are made on its page, not by an import.") % {
                "status": existing.get_status_display()
            }
            return "unchanged", existing, title, reason
    program = existing or Program(
        uuid=key,
        organisation=organisation,
        status=Program.Status.DRAFT,
        created_by=run.by,
        slug=unique_slug(Program, title),
    )
    assign(program, values)
    validate(program, exclude=["slug", "created_by", "renewal_year"])
    program._history_user = run.by  # the history names who imported it
    program.save()
    return ("updated" if existing else "created"), program, title, ""
