"""The rows of issue 16 ("The methodist's year") in `make bench`: the staff inbox (the
methodist's landing page), the application queue and a group's attendance register, each
as a logged-in user of the generated organisation with the most children; and the import of
1 000 learners, timed in-process and rolled back.

Imported once Django is set up (bench/run.py). A page whose URL name does not exist yet is
left out with a line saying so (the pages land during the session).
"""

import datetime
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bench.staff_logins import large_organisation, large_organisation_methodist
from centre.demo import DEMO_PASSWORD
from centre.models import Person
from centre.roles import Role, assign_roles

LARGE_TEACHER = "bench-large-teacher"
IMPORT_ROWS = 1000


class _Rollback(Exception):
    """Raised to undo the timed import."""


def register_group() -> tuple[int, datetime.date, int] | None:
    """The register the benchmark opens: the group of the largest generated organisation with
    the most children among those whose register has lessons, the month of its latest lesson
    that took place (the month a teacher marks), and that lesson."""
    from programs.models import Group, Lesson

    organisation = large_organisation()
    if organisation is None:
        return None
    today = timezone.localdate()
    group = (
        Group.objects.filter(club__organisation_id=organisation, lessons__date__lt=today)
        .annotate(children=Count("enrolments", distinct=True))
        .order_by("-children", "id")
        .values_list("id", flat=True)
        .first()
    )
    if group is None:
        return None
    latest = Lesson.objects.filter(group_id=group, date__lt=today).order_by("-date", "-starts").first()
    return group, latest.date.replace(day=1), latest.pk


def large_organisation_teacher(group_id: int) -> str:
    """A teacher's login for the group's teacher (the generated teachers have none): made for
    the run, kept between runs, moved to the group's teacher if the data was made anew."""
    from programs.models import Group

    teacher = Group.objects.values_list("teacher_id", flat=True).get(pk=group_id)
    User = get_user_model()
    user = User.objects.filter(username=LARGE_TEACHER).first()
    if user is None:
        user = User.objects.create_user(LARGE_TEACHER, password=DEMO_PASSWORD)
        assign_roles(user, [Role.TEACHER])
    Person.objects.filter(user=user).exclude(pk=teacher).update(user=None)
    Person.objects.filter(pk=teacher).update(user=user)
    return LARGE_TEACHER


def year_pages() -> dict[str, dict]:
    """The pages' specs for bench/run.py: path and login (user:password)."""
    pages = {}
    methodist = large_organisation_methodist()
    if methodist is None:
        print("skipping the inbox, the queue and the register: no generated organisation")
        return pages
    login = f"{methodist}:{DEMO_PASSWORD}"
    pages["staff_inbox"] = {"path": reverse("staff_home"), "login": login}
    pages["application_queue"] = {"path": reverse("programs:staff_applications"), "login": login}
    register = register_group()
    if register is None:
        print("skipping register: no generated group has lessons (make the data anew)")
        return pages
    group, month, lesson = register
    try:
        month_path = reverse(
            "programs:attendance_register", kwargs={"pk": group, "year": month.year, "month": month.month}
        )
        lesson_path = reverse("programs:attendance_lesson", kwargs={"pk": lesson})
    except NoReverseMatch:
        print("skipping the register: programs:attendance_register or attendance_lesson does not exist yet")
        return pages
    teacher = f"{large_organisation_teacher(group)}:{DEMO_PASSWORD}"
    # the month's grid (wide screens) as its teacher and the methodist; a lesson (phones)
    pages["register_teacher"] = {"path": month_path, "login": teacher}
    pages["register_methodist"] = {"path": month_path, "login": login}
    pages["register_lesson"] = {"path": lesson_path, "login": teacher}
    # the teacher's landing page counts their own registers afresh on every request
    pages["staff_inbox_teacher"] = {"path": reverse("staff_home"), "login": teacher}
    return pages


def _import_group(organisation, places: int):
    """A group of the organisation's current year with room for every imported child (made
    inside the timed transaction, so it goes with the rollback)."""
    from centre.models import AcademicYear, Venue
    from programs.models import Club, Direction, Group, Program

    program = Program.objects.create(
        organisation=organisation,
        title="Импорт: тестовая программа",
        slug="bench-import",
        direction=Direction.objects.first(),
        announcement="Нагрузочный тест",
        description="Нагрузочный тест",
        age_min=7,
        age_max=17,
        duration_months=9,
        hours_per_year=72,
        levels=["starter"],
        status=Program.Status.PUBLISHED,
    )
    club = Club.objects.create(name="Импорт", slug="bench-import", organisation=organisation)
    return Group.objects.create(
        club=club,
        program=program,
        academic_year=AcademicYear.objects.current(),
        name="Импорт 1",
        teacher=Person.objects.filter(organisation=organisation).first(),
        venue=Venue.objects.filter(organisation=organisation).first(),
        age_min=7,
        age_max=17,
        places=places,
    )


def time_import(rows: int = IMPORT_ROWS) -> dict | None:
    """Import `rows` new learners into the largest generated organisation as its methodist,
    through the page's own path (kept, checked, imported), in a transaction that is rolled
    back: the seconds of it, without a group and with each child enrolled into one."""
    try:
        from programs.imports.bench import import_learners
    except ImportError:
        print("skipping the import: programs.imports.bench.import_learners does not exist yet")
        return None
    from centre.models import Organisation

    methodist = large_organisation_methodist()
    if methodist is None:
        return None
    user = get_user_model().objects.get(username=methodist)
    organisation = Organisation.objects.get(pk=large_organisation())
    result = {"rows": rows}
    for variant in ("learners", "enrolled"):
        figures = {}
        try:
            with transaction.atomic():
                group = _import_group(organisation, rows) if variant == "enrolled" else None
                started = time.perf_counter()
                batch = import_learners(organisation=organisation, by=user, rows=rows, group=group)
                figures["seconds"] = round(time.perf_counter() - started, 2)
                figures["status"] = batch.status
                figures["done_rows"] = batch.done_rows
                figures["errors"] = len(batch.errors or [])
                if group is not None:
                    figures["enrolled"] = group.enrolments.count()
                raise _Rollback
        except _Rollback:
            pass
        figures["rows_per_second"] = round(rows / figures["seconds"], 1) if figures["seconds"] else None
        result[variant] = figures
        print(
            f"import of {rows} {variant}: {figures['seconds']} s ({figures['status']}, {figures['done_rows']} rows)"
        )
    return result
