"""Helpers of the programs tests: form data as a browser posts it, and dates relative to today.
Records are built by the factories (tests/programs/factories.py), never here."""

import datetime

from django.utils import timezone

from programs.models import Direction


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def birth_date_for(group, age=10) -> datetime.date:
    """A birth date that makes the child `age` in the group's year."""
    day = max(timezone.localdate(), group.academic_year.start)
    return datetime.date(day.year - age, 1, 15)


def application_data(index=0, **overrides):
    """The data application_submit() takes: child number `index`, twelve this year, consent given."""
    data = {
        "child_surname": f"Иванов{index}",
        "child_name": "Иван",
        "child_birth_date": datetime.date(today().year - 12, 5, 1),
        "guardian_surname": f"Иванова{index}",
        "guardian_name": "Анна",
        "guardian_phone": f"+7 900 000-00-{index:02d}",
        "consent_processing": True,
    }
    data.update(overrides)
    return data


def form_data(group, **overrides):
    """The public application form as a parent posts it for `group` (None drops a field)."""
    data = {
        "child_surname": "Соколов",
        "child_name": "Миша",
        "child_patronymic": "Андреевич",
        "child_birth_date": birth_date_for(group).isoformat(),
        "guardian_surname": "Соколова",
        "guardian_name": "Ирина",
        "guardian_patronymic": "Петровна",
        "guardian_phone": "+7 (913) 777-12-34",
        "guardian_email": "irina@example.org",
        "consent_processing": "on",
        "comment": "Ребёнок уже собирал Lego.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def slot_rows(slots, *, initial=()):
    """Formset data: the existing lessons first (dicts with "id"), then new ones, then one blank."""
    rows = [*initial, *slots, {}]
    data = {
        "slots-TOTAL_FORMS": str(len(rows)),
        "slots-INITIAL_FORMS": str(len(initial)),
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key in ("id", "weekday", "starts", "ends", "room", "DELETE"):
            if key in row or key in ("weekday", "starts", "ends", "room"):
                value = row.get(key, "")
                if value is True:
                    value = "on"
                data[f"slots-{index}-{key}"] = "" if value is None else str(value)
    return data


def group_data(*, club, program, year, teacher, venue, room, slots=(), initial=(), **overrides):
    """The staff group form with its schedule formset (`slots`: lesson() rows)."""
    data = {
        "club": club.pk,
        "program": program.pk,
        "academic_year": year.pk,
        "name": "Группа Б",
        "year_of_study": "1",
        "teacher": teacher.pk,
        "venue": venue.pk,
        "room": room.pk if room else "",
        "age_min": "8",
        "age_max": "14",
        "places": "12",
        "enrol_from": "",
        "enrol_until": "",
        "funding": "free",
        "price": "",
    }
    data.update(slot_rows(slots, initial=initial))
    data.update(overrides)
    return data


def lesson(weekday, starts, ends, room):
    return {"weekday": weekday, "starts": starts, "ends": ends, "room": room.pk if room else ""}


def program_data(**overrides):
    """The staff program form with three module rows (the last left blank)."""
    data = {
        "title": "Робототехника для начинающих",
        "slug": "",
        "direction": str(Direction.objects.get(slug="technical").pk),
        "profile": "",
        "announcement": "Собираем первых роботов.",
        "description": "Программа знакомит детей с конструированием и программированием роботов.",
        "goals": "Развитие интереса к технике.",
        "expected_results": "Ребёнок собирает и программирует робота.",
        "age_min": "8",
        "age_max": "12",
        "duration_months": "9",
        "hours_per_year": "72",
        "group_size_min": "8",
        "group_size_max": "12",
        "equipment": "Конструкторы",
        "levels": ["starter"],
        "is_modular": "on",
        "modules-TOTAL_FORMS": "3",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
        "modules-0-title": "Введение",
        "modules-0-kind": "invariant",
        "modules-0-hours": "18",
        "modules-0-position": "1",
        "modules-1-title": "Соревновательная робототехника",
        "modules-1-kind": "variable",
        "modules-1-hours": "36",
        "modules-1-position": "2",
        "modules-2-title": "",
        "modules-2-kind": "invariant",
        "modules-2-hours": "",
        "modules-2-position": "0",  # an untouched extra row, as the browser sends it
    }
    data.update(overrides)
    return data


def approval_data(year, **overrides):
    """The director's approval part of the review form, for `year`."""
    today = timezone.localdate()
    data = {
        "approval-academic_year": str(year.pk),
        "approval-order_number": "112-од",
        "approval-order_date": (today - datetime.timedelta(days=3)).isoformat(),
        "approval-council_protocol_number": "1",
        "approval-council_date": (today - datetime.timedelta(days=5)).isoformat(),
    }
    data.update(overrides)
    return data
