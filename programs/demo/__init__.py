"""Demo programs, clubs and groups drawn from the seeds (catalogue.py): «Малая Академия»'s and
its technopark's, and the clubs of the association's other centres and of the Omsk centre
(other_catalogues.py), each with its own families (families.py), the Kazakh centres' of seeds
000 and 002 (kazakhstan.py), and the year so far: holidays,
August's enrolment orders, the registers (year.py). Idempotent: records are
found by slug and name."""

from centre.roles import Role, has_role
from programs.demo.applications import demo_applications, other_applications
from programs.demo.catalogue import CATALOGUE
from programs.demo.clubs import load_clubs
from programs.demo.families import APPLICANTS_OF
from programs.demo.kazakhstan import load as load_kazakhstan
from programs.demo.other_catalogues import OTHER_CATALOGUES
from programs.demo.synonyms import load_synonyms
from programs.demo.year import load as load_year
from programs.models import Group, Program


def load(context, stdout=None):
    staff = context["staff"]
    groups = load_clubs(
        context,
        CATALOGUE,
        teachers=context["teachers"],
        author=staff["methodist"].user,
        director=staff["director"].user,
        groups_per_club=2,
        in_review=CATALOGUE[-1],  # one program waits for the director's review
    )
    demo_applications(context, groups)
    for key, rows in OTHER_CATALOGUES.items():
        people = [
            person for person in staff.values() if person.organisation_id == context["organisations"][key].pk
        ]
        director = next(p.user for p in people if has_role(p.user, Role.DIRECTOR))
        accepting = next((p.user for p in people if has_role(p.user, Role.METHODIST)), director)
        other_groups = load_clubs(
            context,
            rows,
            teachers=context["teachers_of"][key],
            author=accepting,
            director=director,
            groups_per_club=1,
        )
        other_applications(context["organisations"][key], other_groups, APPLICANTS_OF[key], by=accepting)
    # before the year: its holidays are Kazakhstan's, and the year signs its August orders
    load_kazakhstan(context, stdout)
    load_synonyms()
    load_year(context, stdout)
    if stdout:
        stdout.write(f"Programs: {Program.objects.count()} programs, {Group.objects.count()} groups.")
