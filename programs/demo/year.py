"""The demo's year so far: the state holidays in every organisation's academic calendar, the
enrolment orders of late August entered as signed on paper, and the teacher's registers
marked from September to last week (the last week left for the teacher, the first months
closed by the methodist). Idempotent: nothing is added where it is already there."""

import datetime

from django.utils import timezone

from centre.models import CalendarDay, Organisation
from centre.roles import Action, can
from programs.models import AttendanceMark, Enrolment, Group, Order
from programs.services.attendance import add_days_off, close_month, first_day, mark_lesson, open_month
from programs.services.orders import order_record_paper

# the non-working holidays of the Labour Code of the Russian Federation, article 112
# (month, first day, last day, name); the government's yearly transfers of days off are not
# included: a methodist adds them on the calendar page
HOLIDAYS = [
    (11, 4, 4, "День народного единства"),
    (1, 1, 6, "Новогодние каникулы"),
    (1, 7, 7, "Рождество Христово"),
    (1, 8, 8, "Новогодние каникулы"),
    (2, 23, 23, "День защитника Отечества"),
    (3, 8, 8, "Международный женский день"),
    (5, 1, 1, "Праздник Весны и Труда"),
    (5, 9, 9, "День Победы"),
    (6, 12, 12, "День России"),
]

# the number of each organisation's August enrolment order, as its book of orders has it
ORDER_NUMBER = "{index}-у"


def load(context, stdout=None):
    year = context["years"]["current"]
    methodist = context["staff"]["methodist"].user
    _holidays(year, methodist)
    signed = _sign_august_orders(context, year)
    marked = _registers(context, year)
    if stdout:
        stdout.write(f"The year: holidays in the calendars, {signed} orders signed, {marked} lessons marked.")


def _holidays(year, by) -> None:
    teaching = Organisation.objects.filter(
        pk__in=Group.objects.filter(academic_year=year).values("club__organisation")
    )
    for organisation in teaching:
        add_holidays(organisation, year, HOLIDAYS, by=by)


def add_holidays(organisation, year, holidays, *, by) -> None:
    """The holidays ((month, first day, last day, name) rows) in the organisation's academic
    calendar of the year, unless it has a calendar for the year already."""
    if CalendarDay.objects.filter(organisation=organisation, date__range=(year.start, year.end)).exists():
        return
    for month, first, last, name in holidays:
        calendar_year = year.first_calendar_year + (0 if month >= 9 else 1)
        add_days_off(
            organisation_id=organisation.pk,
            first=datetime.date(calendar_year, month, first),
            last=datetime.date(calendar_year, month, last),
            kind=CalendarDay.Kind.HOLIDAY,
            note=name,
            by=by,
        )


def _keeper(context, organisation):
    """Who enters the organisation's paper orders: its methodist, else its director (a
    subdivision's are its parent's)."""
    own = {organisation.pk, organisation.parent_id}
    people = [person.user for person in context["staff"].values() if person.organisation_id in own]
    return next((user for user in people if can(user, Action.KEEP_ORDERS)), None)


def _sign_august_orders(context, year) -> int:
    """The drafts the demo's accepted applications went into, entered as the orders signed on
    paper two days before the year began."""
    signed = 0
    drafts = Order.objects.drafts().filter(academic_year=year, kind=Order.Kind.ENROLMENT).order_by("pk")
    for index, draft in enumerate(drafts.select_related("organisation"), start=1):
        already = Order.objects.signed().filter(
            organisation=draft.organisation, academic_year=year, kind=Order.Kind.ENROLMENT
        )
        keeper = _keeper(context, draft.organisation)
        if already.exists() or keeper is None:
            continue
        if Enrolment.objects.filter(order=draft).exclude(enrolled_on=year.start).exists():
            continue  # a child enrolled during the year: the draft waits for the director
        order_record_paper(
            order=draft,
            by=keeper,
            number=ORDER_NUMBER.format(index=10 + index),
            signed_on=year.start - datetime.timedelta(days=2),
        )
        signed += 1
    return signed


def _status(child: int, lesson: int, last: int) -> str:
    """A plausible register: mostly present, now and then ill or away for a valid reason; the
    third child has missed the last three lessons without a reason (the register flags them)."""
    if child == 2 and lesson > last - 3:
        return AttendanceMark.Status.NO_REASON
    if (child + lesson) % 11 == 0:
        return AttendanceMark.Status.ILL
    if (child * 3 + lesson) % 17 == 0:
        return AttendanceMark.Status.VALID
    return AttendanceMark.Status.PRESENT


def _registers(context, year) -> int:
    """The demo teacher's groups with children: every lesson up to a week ago marked,
    September and October closed by the methodist."""
    teacher = context["staff"]["teacher"].user
    methodist = context["staff"]["methodist"].user
    today = timezone.localdate()
    until = today - datetime.timedelta(days=7)
    marked = 0
    groups = Group.objects.filter(
        academic_year=year, teacher__user=teacher, enrolments__isnull=False
    ).distinct()
    for group in groups.select_related("academic_year", "club"):
        if AttendanceMark.objects.filter(lesson__group=group).exists():
            continue
        children = list(group.enrolments.active().order_by("learner__surname", "pk"))
        lessons = []
        month = first_day(year.start)
        while month <= until:
            lessons += [lesson for lesson in open_month(group, month) if lesson.date <= until]
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        for number, lesson in enumerate(lessons):
            statuses = {
                enrolment.pk: _status(index, number, len(lessons) - 1)
                for index, enrolment in enumerate(children)
                if enrolment.enrolled_on <= lesson.date
            }
            if statuses:
                mark_lesson(lesson=lesson, statuses=statuses, by=teacher)
                marked += 1
        for month in (first_day(year.start), first_day(year.start + datetime.timedelta(days=31))):
            if month < first_day(until):
                close_month(group=group, month=month, by=methodist)
    return marked
