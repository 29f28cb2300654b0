"""Small builders for the rule and concurrency tests of programs (no factories needed)."""

import datetime

from centre.models import AcademicYear, Person, Room, Venue
from programs.models import Club, Direction, Group, Program
from tests.factories import home_organisation


def current_year():
    year, _ = AcademicYear.objects.get_or_create(
        label="2026/2027",
        defaults={"start": datetime.date(2026, 9, 1), "end": datetime.date(2027, 8, 31), "is_current": True},
    )
    return year


def make_group(*, places=3, age=(7, 17), slug="robots", teacher=None, room=None, organisation=None, **extra):
    """A group of the home organisation (the fixed cast's), unless another is given."""
    organisation = organisation or home_organisation()
    venue, _ = Venue.objects.get_or_create(
        organisation=organisation, name="Корпус", defaults={"address": "ул. Мира, 1"}
    )
    room = room or Room.objects.get_or_create(venue=venue, name="Каб. 1")[0]
    teacher = teacher or Person.objects.create(
        surname="Петров", name="Пётр", position="Педагог", organisation=organisation
    )
    program, _ = Program.objects.get_or_create(
        slug=slug,
        defaults={
            "organisation": organisation,
            "title": "Робототехника",
            "direction": Direction.objects.get(slug="technical"),
            "announcement": "Роботы",
            "description": "Собираем роботов",
            "age_min": age[0],
            "age_max": age[1],
            "duration_months": 9,
            "hours_per_year": 72,
            "levels": ["starter"],
            "status": Program.Status.PUBLISHED,
        },
    )
    club, _ = Club.objects.get_or_create(
        slug=slug, defaults={"name": "Робоквантум", "organisation": organisation}
    )
    return Group.objects.create(
        club=club,
        program=program,
        academic_year=current_year(),
        name=extra.pop("name", f"Группа {Group.objects.count() + 1}"),
        teacher=teacher,
        venue=venue,
        room=room,
        age_min=age[0],
        age_max=age[1],
        places=places,
        **extra,
    )


def application_data(index=0, **overrides):
    data = {
        "child_surname": f"Иванов{index}",
        "child_name": "Иван",
        "child_birth_date": datetime.date(2014, 5, 1),
        "guardian_surname": f"Иванова{index}",
        "guardian_name": "Анна",
        "guardian_phone": f"+7 900 000-00-{index:02d}",
        "consent_processing": True,
    }
    data.update(overrides)
    return data
