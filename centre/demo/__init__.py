"""Demo data of the core: seed 003's city association (Рубцовск) and seed 001's Omsk centre,
each organisation with its own staff, so that the portal's isolation can be seen.

Seed 003 is the report of Рубцовск's city methodological association of the centres of
supplementary education: the centre «Малая Академия» (its structural subdivision is the
children's technopark «Кванториум»), the centre of children's creativity, the tourism
station and the youth centre. Seed 001 is the report of the Omsk centre «Амурский»: its
innovation platforms are its own (innovation/demo.py). The city's education authority reads
the association's centres and changes nothing; Omsk is outside its territory.

The records are in records.py. Each function is idempotent: it finds records by their
natural keys.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from centre.demo.kazakhstan import load_kazakhstan
from centre.demo.records import (
    DEMO_LEARNERS,
    DEMO_PARENT,
    DEMO_PASSWORD,
    DEMO_STAFF,
    DEMO_TEACHERS,
    ORGANISATIONS,
    SCHOOLS,
    VENUES,
)
from centre.models import (
    CURRENT_YEAR_CACHE_KEY,
    AcademicYear,
    Consent,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    Person,
    Relation,
    Room,
    Venue,
)
from centre.roles import Role, assign_roles


def demo_guardian_phone(index: int) -> str:
    """The phone of the mother of DEMO_LEARNERS[index] (the first child's is the parent's)."""
    return f"+7 (913) 555-02-{index:02d}"


def load_core(stdout=None) -> dict:
    """Create the organisations, venues, academic years, staff, users and children."""
    User = get_user_model()

    organisations = {}
    for key, fields in ORGANISATIONS.items():
        values = dict(fields)
        name = values.pop("name")
        for link in ("parent", "authority"):
            values[link] = organisations[values[link]] if link in values else None
        organisations[key], _ = Organisation.objects.update_or_create(name=name, defaults=values)
    centre = organisations["centre"]

    venues = {}
    for key, owner, name, district, rooms, address in VENUES:
        organisation = organisations[owner]
        venue = Venue.objects.filter(name=name).order_by("pk").first()
        if venue is None:
            venue = Venue.objects.create(
                organisation=organisation, name=name, address=address, district=district
            )
        elif (venue.organisation_id, venue.address, venue.district) != (organisation.pk, address, district):
            venue.organisation, venue.address, venue.district = organisation, address, district
            venue.save()
        for room in rooms:
            Room.objects.get_or_create(venue=venue, name=room)
        venues[key] = venue

    years = ensure_academic_years()

    staff = {}
    for username, key, role, surname, name, patronymic, position in DEMO_STAFF:
        user = _demo_user(User, username, name, surname, is_staff=False)
        assign_roles(user, [role])
        person, _ = Person.objects.update_or_create(
            user=user,
            defaults={
                "surname": surname,
                "name": name,
                "patronymic": patronymic,
                "position": position,
                "organisation": organisations[key],
                "email": f"{username}@example.org",
            },
        )
        staff[username] = person
    teachers_of = {}
    for key, people in DEMO_TEACHERS.items():
        logins = [
            staff[row.username] for row in DEMO_STAFF if row.organisation == key and row.role == Role.TEACHER
        ]
        teachers_of[key] = logins + [
            Person.objects.get_or_create(
                surname=surname,
                name=name,
                patronymic=patronymic,
                organisation=organisations[key],
                defaults={"position": "Педагог дополнительного образования"},
            )[0]
            for surname, name, patronymic in people
        ]

    admin = _demo_user(User, "admin", "Администратор", "", is_staff=True)
    if not admin.is_superuser:
        admin.is_superuser = True
        admin.save(update_fields=["is_superuser"])

    parent_user = _demo_user(
        User, DEMO_PARENT.username, DEMO_PARENT.name, DEMO_PARENT.surname, is_staff=False
    )
    assign_roles(parent_user, [Role.PARENT])
    parent, _ = Guardian.objects.update_or_create(
        user=parent_user,
        defaults={
            "organisation": None,
            "surname": DEMO_PARENT.surname,
            "name": DEMO_PARENT.name,
            "patronymic": DEMO_PARENT.patronymic,
            "phone": DEMO_PARENT.phone,
            "email": "parent@example.org",
            "relation": Relation.MOTHER,
        },
    )
    if parent.email_confirmed_at is None:
        # the demo parent confirmed the e-mail long ago: the cabinet shows its applications
        Guardian.objects.filter(pk=parent.pk).update(email_confirmed_at=timezone.now())

    learners = []
    for index, (surname, name, patronymic, born, school, school_class) in enumerate(DEMO_LEARNERS):
        learner, _ = Learner.objects.update_or_create(
            surname=surname,
            name=name,
            patronymic=patronymic,
            birth_date=born,
            # the organisation's own record: a generated namesake elsewhere is another child
            school=school,
            organisation=centre,
            defaults={"school_class": school_class},
        )
        mother = female_form(surname)
        guardian = (
            parent
            if index == 0
            else recorded_guardian(centre, demo_guardian_phone(index), mother, "Мария", "Ивановна")
        )
        Guardianship.objects.get_or_create(
            guardian=guardian, learner=learner, defaults={"relation": Guardianship.Relation.MOTHER}
        )
        for kind in Consent.Kind.values:
            # the last child has processing consent only: never shown publicly
            if kind == Consent.Kind.PUBLICATION and index == len(DEMO_LEARNERS) - 1:
                continue
            Consent.objects.get_or_create(
                guardian=guardian,
                learner=learner,
                kind=kind,
                defaults={
                    "given_on": years["current"].start,
                    "text": "Согласие оформлено на бумаге.",
                },
            )
        learners.append(learner)

    context = {
        "organisations": organisations,
        "venues": venues,
        "staff": staff,
        "teachers_of": teachers_of,
    }
    # seeds 000 and 002: the Kazakh centres join the organisations, venues and staff
    kazakhstan = load_kazakhstan(
        context,
        demo_user=lambda username, name, surname: _demo_user(User, username, name, surname, is_staff=False),
    )

    if stdout:
        stdout.write(
            f"Core: {Organisation.objects.count()} organisations, "
            f"{Person.objects.filter(user__isnull=False).count()} staff logins, {len(learners)} children."
        )
    return {
        "organisations": organisations,
        "centre": centre,
        "technopark": organisations["technopark"],
        "schools": [organisations[key] for key in SCHOOLS],
        "venues": venues,
        "years": years,
        "staff": staff,
        "teachers": teachers_of["centre"],
        "teachers_of": teachers_of,
        "parent": parent,
        "learners": learners,
        "kazakhstan": kazakhstan,
    }


def ensure_academic_years(first: int = 2013) -> dict:
    """Academic years from 2013/2014 to the one containing today; the latter is current."""
    today = timezone.localdate()
    last = today.year if today.month >= 9 else today.year - 1
    years = {}
    for year in range(first, last + 1):
        academic_year, _ = AcademicYear.objects.get_or_create(
            label=f"{year}/{year + 1}",
            defaults={"start": datetime.date(year, 9, 1), "end": datetime.date(year + 1, 8, 31)},
        )
        years[academic_year.label] = academic_year
    current = years[f"{last}/{last + 1}"]
    if not current.is_current:
        AcademicYear.objects.filter(is_current=True).update(is_current=False)
        AcademicYear.objects.filter(pk=current.pk).update(is_current=True)
        cache.delete(CURRENT_YEAR_CACHE_KEY)
        current.is_current = True
    years["current"] = current
    return years


def female_form(surname: str) -> str:
    """A mother's surname: the feminine form of the child's (Волков → Волкова, Смирнова stays)."""
    return surname if surname.endswith("а") else f"{surname}а"


def recorded_guardian(organisation, phone, surname, name, patronymic) -> Guardian:
    """A parent recorded by an organisation's staff (no account): found by the organisation
    and the phone; a record of an earlier demo without an organisation is given this one."""
    guardian = (
        Guardian.objects.filter(phone=phone, user__isnull=True, organisation=organisation).first()
        or Guardian.objects.filter(phone=phone, user__isnull=True, organisation__isnull=True).first()
    )
    if guardian is None:
        return Guardian.objects.create(
            organisation=organisation, phone=phone, surname=surname, name=name, patronymic=patronymic
        )
    if guardian.organisation_id != organisation.pk:
        guardian.organisation = organisation
        guardian.save(update_fields=["organisation"])
    return guardian


def _demo_user(User, username, first_name, last_name, *, is_staff):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.org",
            "is_staff": is_staff,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
