"""Helpers of the security tests: logging a client in, the personal-data access record, how a
page could print a child's personal data; for the tenancy matrix, a snapshot of one
organisation's rows and files, the differences between two, and what a response shows."""

import csv
import io

from django.db.models import Q
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from centre.models import (
    CalendarDay,
    Child,
    Consent,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    Person,
    PersonalDataAccess,
    Venue,
)
from innovation.models import Order, OrderCoverage, Platform, Product, YearlyReport
from mentoring.models import Feedback, Meeting, MentoringProgram, Pair, Participant, PlanItem
from programs.models import (
    Application,
    Approval,
    AttendanceMark,
    AttendanceMonth,
    Club,
    ClubPhoto,
    Enrolment,
    Group,
    ImportBatch,
    LeaveRequest,
    Lesson,
    Module,
    Offer,
    PackageImport,
    PackageToken,
    Program,
    ScheduleSlot,
    TeacherFeed,
    Tombstone,
)
from programs.models import Order as ChildOrder
from projects.models import Competition, Project, ProjectFile, ProjectMember, ProjectPhoto, Result
from tests.security.worlds import (
    OUTSIDER,
    OUTSIDER_FIRST_NAMES,
    OUTSIDER_RECORDS,
    OUTSIDER_STAFF,
)

Access = PersonalDataAccess.Kind


def login(user):
    client = Client()
    client.force_login(user)
    return client


def records(**filters):
    return PersonalDataAccess.objects.filter(**filters)


def forbidden_strings(learner):
    """How the pages could print the child's surname with name, birth date and guardians' phones."""
    with translation.override("ru"):
        dates = {
            learner.birth_date.strftime("%d.%m.%Y"),
            learner.birth_date.strftime("%Y-%m-%d"),
            date_format(learner.birth_date, "SHORT_DATE_FORMAT"),
            date_format(learner.birth_date, "j E Y"),
        }
    names = {f"{learner.surname} {learner.name}", f"{learner.name} {learner.surname}"}
    phones = {guardian.phone for guardian in learner.guardians.all()}
    return names | dates | phones


def find(html, strings):
    return sorted(s for s in strings if s in html)


def snapshot(o) -> dict:
    """Every row of organisation ``o`` and every row pointing at one (another's group taught by
    its teacher, another's project with its child), all columns, plus whether its files are
    still on disk."""
    org = o.organisation
    program, pairs = o.mentoring_program, Q(pair__program=o.mentoring_program)
    tables = {
        Organisation: Q(pk=org.pk),
        Person: Q(organisation=org),
        Venue: Q(organisation=org),
        Learner: Q(organisation=org),
        Guardian: Q(pk__in=[g.pk for g in o.guardians]),
        Guardianship: Q(learner__organisation=org),
        Consent: Q(learner__organisation=org),
        Program: Q(organisation=org),
        Module: Q(program__organisation=org),
        Approval: Q(program__organisation=org),
        Club: Q(organisation=org),
        ClubPhoto: Q(club__organisation=org),
        Group: Q(club__organisation=org) | Q(program__organisation=org) | Q(teacher__organisation=org),
        ScheduleSlot: Q(group__club__organisation=org),
        Application: Q(group__club__organisation=org),
        Enrolment: Q(group__club__organisation=org) | Q(learner__organisation=org),
        Project: Q(club__organisation=org) | Q(supervisor__organisation=org),
        ProjectMember: Q(project__club__organisation=org) | Q(learner__organisation=org),
        ProjectPhoto: Q(project__club__organisation=org),
        ProjectFile: Q(project__club__organisation=org),
        Result: Q(project__club__organisation=org)
        | Q(competition=o.competition)
        | Q(learner__organisation=org),
        Competition: Q(organisation=org),
        Platform: Q(organisation=org),
        Order: Q(organisation=org),
        OrderCoverage: Q(platform__organisation=org) | Q(order=o.order),
        YearlyReport: Q(platform__organisation=org),
        Product: Q(platform__organisation=org),
        MentoringProgram: Q(organisation=org) | Q(coordinator__organisation=org),
        Pair: Q(program=program)
        | Q(participants__learner__organisation=org)
        | Q(participants__person__organisation=org),
        Participant: Q(program=program) | Q(learner__organisation=org) | Q(person__organisation=org),
        PlanItem: pairs,
        Meeting: pairs,
        Feedback: Q(participant__program=program),
        Child: Q(guardian__in=o.guardians),
        Offer: Q(group__club__organisation=org),
        LeaveRequest: Q(enrolment__group__club__organisation=org),
        # the methodist's year
        ChildOrder: Q(organisation=org),
        Lesson: Q(group__club__organisation=org),
        AttendanceMark: Q(lesson__group__club__organisation=org) | Q(enrolment__learner__organisation=org),
        AttendanceMonth: Q(group__club__organisation=org),
        CalendarDay: Q(organisation=org),
        ImportBatch: Q(organisation=org),
        # the exchange
        PackageToken: Q(organisation=org),
        PackageImport: Q(organisation=org),
        TeacherFeed: Q(person__organisation=org),
        Tombstone: Q(organisation_id=org.pk),
    }
    state = {}
    for model, query in tables.items():
        rows = {row["id"]: row for row in model._base_manager.filter(query).order_by("pk").values()}
        table = model._meta.label  # innovation.Order and programs.Order
        state[table] = rows
        if hasattr(model, "history"):  # a save that changed nothing still leaves a history row
            state[f"{table} history"] = {"rows": model.history.filter(id__in=list(rows)).count()}
    files = {
        "club photo": o.club_photo.image,
        "project photo": o.project_photo.image,
        "project file": o.project_file.file,
        "diploma scan": o.result.diploma,
        "order scan": o.order.file,
    }
    state["files on disk"] = {label: field.storage.exists(field.name) for label, field in files.items()}
    return state


def differences(before: dict, after: dict) -> list[str]:
    found = []
    for table, rows in before.items():
        now = after[table]
        for key in sorted(set(rows) | set(now), key=str):
            if key not in now:
                found.append(f"{table} {key} deleted")
            elif key not in rows:
                found.append(f"{table} {key} added")
            elif rows[key] != now[key]:
                if isinstance(rows[key], dict):
                    changed = sorted(f for f in rows[key] if rows[key][f] != now[key][f])
                    found.append(f"{table} {key} changed: {', '.join(changed)}")
                else:
                    found.append(f"{table}: {key} {rows[key]} -> {now[key]}")
    return found


def body_text(response) -> str:
    """Everything a response shows: an HTML page or text, every cell of a workbook, a CSV."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind or response.get("Content-Disposition", "").rstrip('"').endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        return "\n".join(
            " ".join("" if value is None else str(value) for value in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    text = content.decode(response.charset or "utf-8", errors="replace")
    if "csv" in kind:
        return "\n".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
    return text


def leaks(text: str, o) -> list[str]:
    """The people and records of organisation ``o`` named in ``text``."""
    lowered = text.lower()
    found = []
    if OUTSIDER_RECORDS.lower() in lowered:
        found.append(f"records ({OUTSIDER_RECORDS})")
    if OUTSIDER.lower() in lowered:
        found.append(f"a child's or guardian's surname ({OUTSIDER}…)")
    found += [f"a child's first name {name}" for name in OUTSIDER_FIRST_NAMES if name.lower() in lowered]
    if OUTSIDER_STAFF.lower() in lowered:
        found.append(f"a staff member's surname ({OUTSIDER_STAFF}…)")
    found += [f"a guardian's phone {phone}" for phone in o.phones if phone in text or phone[-9:] in text]
    return found
