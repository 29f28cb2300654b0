"""Issue 17's row in `make bench`: the statistics page of the whole generated territory as a
member of its education authority (`statistics`, 4 clients), read after a refresh of the
year's figures timed in-process (the refresh's own time is reported beside the row); and a
check that the figures equal what was generated — at nation scale seed 004's press release
(1,287 organisations = 850 + 437, 62,067 clubs at schools, 2,364,966 children = 648,295 +
1,417,639 + 299,032, 18,828 teachers, 479 in technical groups, technical 3.6 % and coverage
77.6 % of the pupils). Imported once Django is set up (bench/run.py); without the
statistics (programs.statistics or its page) the row is left out with a line saying so."""

import time
from decimal import Decimal
from importlib.util import find_spec

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from centre.demo import DEMO_PASSWORD
from centre.models import AcademicYear, GeneratedRange, Organisation, Person
from centre.roles import Role, assign_roles

AUTHORITY_USER = "bench-authority"
# seed 004, as the press release gives it (the nation scale's figures, written out again
# here so the check does not lean on the generator's own arithmetic)
SEED_004 = {
    "organisations": 1_287,
    "education organisations": 850,
    "culture and sport organisations": 437,
    "clubs at schools": 62_067,
    "children": 2_364_966,
    "children in education organisations": 648_295,
    "children in clubs at schools": 1_417_639,
    "children in culture and sport": 299_032,
    "teachers": 18_828,
    "teachers of technical groups": 479,
    "technical share %": Decimal("3.6"),
    "coverage %": Decimal("77.6"),
    "education share %": Decimal("21.3"),
    "schools share %": Decimal("46.5"),
    "culture and sport share %": Decimal("9.8"),
}

_report: dict = {}


def generated_authority() -> Organisation | None:
    """The generated education authority (its territory is every generated organisation)."""
    for generated in GeneratedRange.objects.filter(table=Organisation._meta.db_table).order_by("id"):
        found = Organisation.objects.filter(
            kind=Organisation.Kind.AUTHORITY, pk__range=(generated.first_id, generated.last_id)
        ).first()
        if found:
            return found
    return None


def authority_member(authority: Organisation) -> str:
    """A login of the generated authority (Role.AUTHORITY): made for the run, kept between runs,
    moved to the authority if the data was made anew."""
    User = get_user_model()
    user = User.objects.filter(username=AUTHORITY_USER).first()
    if user is None:
        user = User.objects.create_user(AUTHORITY_USER, password=DEMO_PASSWORD)
        assign_roles(user, [Role.AUTHORITY])
    Person.objects.update_or_create(
        user=user,
        defaults={
            "surname": "Нагрузочный",
            "name": "Орган",
            "position": "специалист",
            "organisation": authority,
        },
    )
    return AUTHORITY_USER


def statistics_pages() -> dict[str, dict]:
    """The statistics row's spec, after a refresh of the current year (timed)."""
    _report.clear()
    if find_spec("programs.statistics") is None:
        print("skipping statistics: programs.statistics does not exist yet")
        return {}
    try:
        path = reverse("programs:statistics")
    except NoReverseMatch:
        print("skipping statistics: programs:statistics does not exist yet")
        return {}
    authority = generated_authority()
    if authority is None:
        print("skipping statistics: no generated authority")
        return {}
    from programs.statistics import refresh

    year = AcademicYear.objects.current()
    started = time.monotonic()
    done = refresh(year)
    _report["refresh_seconds"] = round(time.monotonic() - started, 1)
    _report["refresh_status"] = done.status
    _report["check"] = check(year, authority)
    return {"statistics": {"path": path, "login": f"{authority_member(authority)}:{DEMO_PASSWORD}"}}


def territory(authority: Organisation) -> list[int]:
    return [authority.pk, *Organisation.objects.filter(authority=authority).values_list("pk", flat=True)]


def measured(year, authority) -> dict:
    """The statistics' figures of the generated territory, under SEED_004's names."""
    from programs.statistics import CULTURE_SPORT, EDUCATION, SCHOOLS, figures

    f = figures(year, territory(authority))
    technical = [d for d in f.directions if d.technical]
    return {
        "organisations": f.organisations,
        "education organisations": f.kinds[EDUCATION].organisations,
        "culture and sport organisations": f.kinds[CULTURE_SPORT].organisations,
        "clubs at schools": f.totals.clubs_at_schools,
        "children": f.totals.learners,
        "children in education organisations": f.kinds[EDUCATION].learners,
        "children in clubs at schools": f.kinds[SCHOOLS].learners,
        "children in culture and sport": f.kinds[CULTURE_SPORT].learners,
        "teachers": f.totals.teachers,
        "teachers of technical groups": sum(d.teachers for d in technical),
        "technical share %": f.technical_share,
        "coverage %": f.totals.share,
        "education share %": f.kinds[EDUCATION].share,
        "schools share %": f.kinds[SCHOOLS].share,
        "culture and sport share %": f.kinds[CULTURE_SPORT].share,
    }


def expected(scale_name: str) -> dict:
    """What the statistics must say: seed 004 at nation scale; at a smaller one, the scale's
    own figures (the generator's plan), where the seed's are the nation's."""
    if scale_name == "nation":
        return dict(SEED_004)
    from centre.generate import SCALES
    from programs.statistics import share

    f = SCALES[scale_name].figures
    return {
        "organisations": f.organisations,
        "education organisations": f.centres,
        "culture and sport organisations": f.culture_sport,
        "clubs at schools": f.school_clubs,
        "children": f.learners,
        "children in education organisations": f.centre_learners,
        "children in clubs at schools": f.school_learners,
        "children in culture and sport": f.culture_learners,
        "teachers": f.teachers,
        "technical share %": share(f.technical_learners, f.pupils),
        "coverage %": share(f.learners, f.pupils),
        "education share %": share(f.centre_learners, f.pupils),
        "schools share %": share(f.school_learners, f.pupils),
        "culture and sport share %": share(f.culture_learners, f.pupils),
    }


def check(year, authority) -> dict:
    scale = GeneratedRange.objects.values_list("scale", flat=True).first()
    want, got = expected(scale), measured(year, authority)
    rows = [
        {"figure": name, "expected": str(value), "measured": str(got[name]), "ok": got[name] == value}
        for name, value in want.items()
    ]
    return {"scale": scale, "rows": rows, "ok": all(row["ok"] for row in rows)}


def report() -> dict:
    """The refresh's time and the check, for results.json (empty without the row)."""
    return dict(_report)


def markdown(results) -> list[str]:
    stats = results.get("statistics")
    if not stats:
        return []
    page = results["pages"].get("statistics", {})
    lines = [
        "",
        f"Statistics (issue 17): the whole generated territory's page as its authority's member, p95 "
        f"{page.get('p95_ms', '—')} ms at {page.get('users', 4)} clients, read from the precomputed rows after a "
        f"refresh of the year that took {stats['refresh_seconds']} s ({stats['refresh_status']}). "
        f"Figures against {'seed 004' if stats['check']['scale'] == 'nation' else 'the scale'}: "
        f"{'all equal' if stats['check']['ok'] else 'DIFFERENT'}.",
        "",
        "| figure | expected | measured | |",
        "|---|---:|---:|---|",
        *(
            f"| {row['figure']} | {row['expected']} | {row['measured']} | {'ok' if row['ok'] else '**differs**'} |"
            for row in stats["check"]["rows"]
        ),
    ]
    return lines
