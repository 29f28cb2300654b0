"""A group's weekly schedule in one cell: «Пн 15:00–16:30; Чт 15:00–16:30».

Lessons are separated by «;» or a new line; each is a weekday (Пн, Вт, Ср, Чт, Пт, Сб, Вс, or
the full name) and a time range (a dash, en dash or em dash between the times; «15.00» is read
as «15:00»). Every lesson is in the group's room.
"""

import datetime
import re
from typing import NamedTuple

from django.utils.translation import gettext as _
from import_export import widgets

WEEKDAYS = {
    "пн": 1, "понедельник": 1, "вт": 2, "вторник": 2, "ср": 3, "среда": 3, "чт": 4, "четверг": 4,
    "пт": 5, "пятница": 5, "сб": 6, "суббота": 6, "вс": 7, "воскресенье": 7,
}  # fmt: skip
LESSON = re.compile(
    r"^(?P<day>[а-яё]+)\.?\s*,?\s*(?P<start>\d{1,2}[:.]\d{2})\s*[-–—]\s*(?P<end>\d{1,2}[:.]\d{2})$",
    re.IGNORECASE,
)


class Lesson(NamedTuple):
    weekday: int
    starts: datetime.time
    ends: datetime.time


def _time(text: str) -> datetime.time:
    hours, minutes = (int(part) for part in re.split(r"[:.]", text))
    return datetime.time(hours, minutes)


def parse_schedule(text: str) -> list[Lesson]:
    """The lessons of the cell; ValueError naming the first lesson that cannot be read."""
    lessons = []
    for part in re.split(r"[;\n]", text or ""):
        part = re.sub(r"\s+", " ", part).strip()
        if not part:
            continue
        match = LESSON.match(part)
        weekday = WEEKDAYS.get(match.group("day").lower().replace("ё", "е")) if match else None
        try:
            starts, ends = (
                (_time(match.group("start")), _time(match.group("end"))) if weekday else (None, None)
            )
        except ValueError:
            weekday = None
        if weekday is None:
            raise ValueError(
                _("Cannot read the lesson «%(lesson)s»: write each as «Пн 15:00–16:30», separated by «;».")
                % {"lesson": part}
            )
        if ends <= starts:
            raise ValueError(_("The lesson «%(lesson)s» must end after it starts.") % {"lesson": part})
        lessons.append(Lesson(weekday, starts, ends))
    return lessons


class ScheduleWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_schedule("" if value is None else str(value))
