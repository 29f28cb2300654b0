"""Two organisations, A and B, each with one of everything a staff page shows, and A's staff.

Built with the factories for the tenancy matrix (test_tenancy_matrix.py): every record of B
is the target of A's staff, every record of A the control (the same URL for A's own object
shows what each role may reach). B's children and guardians carry the surname marker
``OUTSIDER`` and phones ``+7 (999) 555-…``, its staff ``OUTSIDER_STAFF``, its records'
titles ``OUTSIDER_RECORDS``; none appears in A, so a page or an export of A that holds them
has leaked B's data.
"""

import contextlib
import datetime
import io
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image

from centre.models import AcademicYear, CalendarDay, Child, Consent, Organisation, PersonalDataAccess
from centre.roles import Role, assign_roles
from mentoring.models import Form, Meeting, PlanItem
from programs.models import (
    Application,
    AttendanceMark,
    AttendanceMonth,
    ClubPhoto,
    Enrolment,
    Group,
    ImportBatch,
    LeaveRequest,
    LeavingReason,
    Lesson,
    Offer,
)
from programs.models import Order as ChildOrder
from projects.models import ProjectFile, ProjectPhoto
from tests.factories import (
    GuardianFactory,
    LearnerFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    VenueFactory,
    home_organisation,
    link_guardian,
)
from tests.innovation.factories import (
    PDF_BYTES,
    OrderCoverageFactory,
    OrderFactory,
    PlatformFactory,
    ProductFactory,
    YearlyReportFactory,
)
from tests.mentoring.factories import MentoringProgramFactory, StudentFactory, make_pair
from tests.programs.factories import (
    ApplicationFactory,
    ClubFactory,
    CurrentYearFactory,
    GroupFactory,
    ProgramFactory,
    ScheduleSlotFactory,
)
from tests.projects.factories import CompetitionFactory, ProjectFactory, ResultFactory

#: B's children and guardians are named with it; nothing of A is.
OUTSIDER = "Чужаков"
#: B's children's first names (a page may name a child by first name and initial only)
OUTSIDER_FIRST_NAMES = ("Пелагея", "Феврония", "Евлампий")
#: B's staff are named with it (a list of A that names them shows B's records too).
OUTSIDER_STAFF = "Инопланетов"
#: B's records (programs, clubs, groups, projects, competitions, platforms, mentoring
#: programs, the organisation itself) are titled with it.
OUTSIDER_RECORDS = "Зазеркалье"
#: A's children carry this one, so a list can be seen to name children at all.
INSIDER = "Своясин"
#: The staff roles of A, by the name the matrices use; the two-role user last.
STAFF_ROLES = {
    "teacher": (Role.TEACHER,),
    "methodist": (Role.METHODIST,),
    "director": (Role.DIRECTOR,),
    "coordinator": (Role.COORDINATOR,),
    "authority": (Role.AUTHORITY,),
    "teacher_coordinator": (Role.TEACHER, Role.COORDINATOR),
}


@contextlib.contextmanager
def module_world(django_db_blocker, root):
    """For a module-scoped fixture: the settings a world needs (media in ``root``, a fast
    hasher) and one transaction around it, rolled back when the module is done. Each test
    of the module runs in a savepoint inside it (pytest-django's ``db``)."""
    with (
        override_settings(
            DEBUG=True,
            MEDIA_ROOT=root / "media",
            PRIVATE_MEDIA_ROOT=root / "private",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        try:
            yield
        finally:
            transaction.set_rollback(True)


def png(size=(32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def staff_user(username, roles, organisation, **person):
    user = UserFactory(username=username, last_name=person.get("surname", ""))
    assign_roles(user, roles)
    PersonFactory(user=user, organisation=organisation, **person)
    return user


def build_organisation(
    organisation,
    *,
    label: str,
    children: str,
    staff: str,
    phones: str,
    first_names=("Анна", "Вера", "Пётр"),
    teacher=None,
    coordinator=None,
):
    """One of everything in ``organisation``; children's and guardians' surnames start with
    ``children``, its other staff's with ``staff``, guardians' phones with ``phones``
    (``+7 (9xx) xxx-``)."""
    o = SimpleNamespace(organisation=organisation)
    o.teacher = teacher or PersonFactory(organisation=organisation, surname=f"{staff}-Педагог")
    o.coordinator = coordinator or PersonFactory(organisation=organisation, surname=f"{staff}-Куратор")
    o.young_teacher = PersonFactory(organisation=organisation, surname=f"{staff}-Молодой")

    # programs: a program, a club with a photo, a group with a lesson
    o.program = ProgramFactory(organisation=organisation, title=f"Робототехника {label}")
    o.club = ClubFactory(organisation=organisation, name=f"Робоквантум {label}")
    o.club_photo = ClubPhoto.objects.create(club=o.club, image=ContentFile(png(), name="club.png"))
    o.venue = VenueFactory(organisation=organisation, name=f"Корпус {label}")
    o.group = GroupFactory(
        club=o.club, program=o.program, teacher=o.teacher, venue=o.venue, name=f"Группа {label}"
    )
    o.slot = ScheduleSlotFactory(group=o.group)

    # a new application, and an enrolled child with a guardian and consents
    o.application = ApplicationFactory(
        group=o.group,
        child_surname=f"{children}ин",
        child_name=first_names[2],
        guardian_surname=f"{children}ина",
        guardian_phone=f"{phones}10-01",
    )
    o.learner = LearnerFactory(organisation=organisation, surname=f"{children}а", name=first_names[0])
    o.guardian = GuardianFactory(
        surname=f"{children}а-Мать", phone=f"{phones}20-02", organisation=organisation
    )
    link_guardian(o.guardian, o.learner, consents=(Consent.Kind.PROCESSING, Consent.Kind.PUBLICATION))
    o.consent = Consent.objects.filter(learner=o.learner, kind=Consent.Kind.PROCESSING).get()
    o.enrolment = Enrolment.objects.create(group=o.group, learner=o.learner)
    Group.objects.filter(pk=o.group.pk).update(enrolled_count=1)  # as the accept service keeps it
    o.group.refresh_from_db()

    # projects: a project with a member, a file, a photo, a result with a diploma scan
    o.project = ProjectFactory(
        club=o.club,
        supervisor=o.teacher,
        learners=[o.learner],
        title=f"Робот-сортировщик {label}",
        is_public=False,
    )
    o.project_file = ProjectFile.objects.create(
        project=o.project, title="Отчёт", file=ContentFile(b"%PDF-1.4 report\n%%EOF\n", name="report.pdf")
    )
    o.project_photo = ProjectPhoto.objects.create(project=o.project, image=ContentFile(png(), name="p.png"))
    o.competition = CompetitionFactory(
        title=f"Соревнования по робототехнике {label}", organisation=organisation
    )
    o.result = ResultFactory(competition=o.competition, project=o.project)
    o.result.diploma.save("diploma.pdf", ContentFile(b"%PDF-1.4 diploma\n%%EOF\n"), save=True)

    # innovation: a platform with an order, a yearly report and a product
    o.platform = PlatformFactory(organisation=organisation, theme=f"Тема площадки {label}")
    o.order = OrderFactory(organisation=organisation)
    o.order.file.save("order.pdf", ContentFile(PDF_BYTES), save=True)
    o.coverage = OrderCoverageFactory(order=o.order, platform=o.platform)
    o.report = YearlyReportFactory(platform=o.platform)
    o.product = ProductFactory(platform=o.platform, title=f"Методический продукт {label}")

    # mentoring: a program, a pair of the teacher (mentor) and a young teacher with a plan
    # item, and a pair with a child as the mentee (a student mentors the child)
    o.mentoring_program = MentoringProgramFactory(
        coordinator=o.coordinator,
        title=f"Наставничество {label}",
        organisation=organisation,
    )
    o.pair = make_pair(
        program=o.mentoring_program, form=Form.TEACHER_TEACHER, mentor=o.teacher, mentees=[o.young_teacher]
    )
    o.plan_item = PlanItem.objects.create(pair=o.pair, title="Посетить занятие", due_date=o.pair.planned_end)
    o.meeting = Meeting.objects.create(
        pair=o.pair, date=o.pair.start, topic="Знакомство", duration_minutes=45
    )
    o.mentee = LearnerFactory(organisation=organisation, surname=f"{children}ская", name=first_names[1])
    o.mentee_guardian = GuardianFactory(
        surname=f"{children}ская-Мать", phone=f"{phones}30-03", organisation=organisation
    )
    link_guardian(o.mentee_guardian, o.mentee)
    o.student = StudentFactory(surname=f"{staff}-Студент", host=organisation)
    o.child_pair = make_pair(
        program=o.mentoring_program, form=Form.STUDENT_PUPIL, mentor=o.student, mentees=[o.mentee]
    )

    _parents_side(o, children=children, phones=phones, first_names=first_names)
    # the methodist's year: the newcomer enrolled by a draft order, its guardian
    o.newcomer = LearnerFactory(organisation=organisation, surname=f"{children}ов", name=first_names[2])
    o.newcomer_guardian = GuardianFactory(
        surname=f"{children}ова-Мать", phone=f"{phones}50-05", organisation=organisation
    )
    link_guardian(o.newcomer_guardian, o.newcomer)

    o.surnames = [
        o.learner.surname,
        o.newcomer.surname,
        o.application.child_surname,
        o.mentee.surname,
        o.child.surname,
        o.waiting.child_surname,
        o.offered.child_surname,
    ]
    o.guardians = [o.guardian, o.mentee_guardian, o.parent_guardian, o.newcomer_guardian]
    o.phones = [
        o.application.guardian_phone,
        o.guardian.phone,
        o.mentee_guardian.phone,
        o.parent_guardian.phone,
        o.newcomer_guardian.phone,
        o.waiting.guardian_phone,
        o.offered.guardian_phone,
    ]
    return o


def _parents_side(o, *, children: str, phones: str, first_names) -> None:
    """A parent's account (``o.parent_user``) with a child of its list and two applications:
    the new one and the enrolled child's (asking to leave: ``o.leave``); a waiting application
    and one offered the group's free place (``o.offer``)."""
    o.parent_user = UserFactory(username=f"parent-{o.organisation.pk}")
    assign_roles(o.parent_user, [Role.PARENT])
    o.parent_guardian = GuardianFactory(
        user=o.parent_user, surname=f"{children}а-Родитель", phone=f"{phones}40-04", email="p@example.org"
    )
    o.child = Child.objects.create(
        guardian=o.parent_guardian,
        surname=f"{children}ёв",
        name=first_names[0],
        birth_date=datetime.date(2015, 3, 4),
    )
    Application.objects.filter(pk=o.application.pk).update(user=o.parent_user)
    o.application.refresh_from_db()
    o.enrolled = ApplicationFactory(
        group=o.group,
        status=Application.Status.ACCEPTED,
        user=o.parent_user,
        learner=o.learner,
        child_surname=o.learner.surname,
        child_name=o.learner.name,
        guardian_surname=o.parent_guardian.surname,
        guardian_phone=o.parent_guardian.phone,
    )
    Enrolment.objects.filter(pk=o.enrolment.pk).update(application=o.enrolled)
    o.leave = LeaveRequest.objects.create(enrolment=o.enrolment, reason="Переезд", requested_by=o.parent_user)
    o.waiting = ApplicationFactory(
        group=o.group,
        status=Application.Status.WAITING,
        child_surname=f"{children}ец",
        child_name=first_names[2],
        guardian_phone=f"{phones}60-06",
    )
    o.offered = ApplicationFactory(
        group=o.group,
        status=Application.Status.OFFERED,
        child_surname=f"{children}ёнок",
        child_name=first_names[1],
        guardian_phone=f"{phones}70-07",
    )
    now = timezone.now()
    o.offer = Offer.objects.create(
        application=o.offered, group=o.group, offered_at=now, expires_at=Offer.deadline_from(now)
    )
    Group.objects.filter(pk=o.group.pk).update(offered_count=1)
    o.group.refresh_from_db()


def workbook_bytes(rows) -> bytes:
    """An XLSX file of ``rows`` (the first one the header)."""
    book = Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def next_academic_year(year):
    """The academic year after ``year``, made when absent (as the next-year wizard makes it)."""
    first = int(year.label[:4]) + 1
    return AcademicYear.objects.get_or_create(
        label=f"{first}/{first + 1}",
        defaults={"start": year.start.replace(year=first), "end": year.end.replace(year=first + 1)},
    )[0]


def mondays(first: datetime.date, last: datetime.date):
    day = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    while day <= last:
        yield day
        day += datetime.timedelta(days=7)


def build_year(o, *, label: str, children: str, methodist, director, teacher) -> None:
    """The methodist's year in organisation ``o`` (after ``build_organisation``): orders,
    lessons with marks, a closed month, the calendar's days off and imports of files.

    - ``o.signed_order``: the enrolment order signed by ``director`` that enrolled
      ``o.enrolment`` (the learner); ``o.draft_order``: the draft enrolment order of
      ``o.drafted`` (the newcomer, enrolled too); ``o.leaving_draft``: a draft leaving order
      of ``o.left`` (the mentee, who was in the group and left at the parent's request);
    - ``o.lessons``: the group's Monday lessons of the year's first month (``o.closed_month``,
      closed by ``methodist``: ``o.closed``) and the last Monday before today
      (``o.open_lesson``, its month open); ``o.mark`` / ``o.marks``: ``teacher``'s marks;
    - ``o.calendar_day`` (a holiday) and ``o.cancelled_day`` of the organisation's calendar;
    - ``o.import_batch`` (learners, checked and valid) and ``o.bad_import`` (invalid, its
      errors naming the children), both uploaded by ``methodist``;
    - ``o.next_group``: the group copied into the next academic year (the wizard's copy); the
      learner moved on into it (``o.moved``, by the draft transfer order ``o.transfer_draft``),
      the newcomer not decided yet.

    The titles, notes and file names carry ``label``, the files' rows the children's surnames.
    """
    org, group = o.organisation, o.group
    year = group.academic_year
    start = year.start
    o.signed_order = ChildOrder.objects.create(
        organisation=org,
        academic_year=year,
        kind=ChildOrder.Kind.ENROLMENT,
        status=ChildOrder.Status.SIGNED,
        number=f"{label}-17-у",
        signed_on=start,
        title=f"О зачислении в объединения {label}",
        created_by=methodist,
        signed_by=director,
        signed_at=timezone.now(),
    )
    o.draft_order = ChildOrder.objects.create(
        organisation=org,
        academic_year=year,
        kind=ChildOrder.Kind.ENROLMENT,
        title=f"О зачислении (проект) {label}",
        created_by=methodist,
    )
    o.leaving_draft = ChildOrder.objects.create(
        organisation=org,
        academic_year=year,
        kind=ChildOrder.Kind.LEAVING,
        title=f"Об отчислении (проект) {label}",
        created_by=methodist,
    )
    Enrolment.objects.filter(pk=o.enrolment.pk).update(
        order=o.signed_order, enrolled_on=start, funding=group.funding
    )
    o.enrolment.refresh_from_db()
    o.drafted = Enrolment.objects.create(
        group=group, learner=o.newcomer, order=o.draft_order, enrolled_on=start, funding=group.funding
    )
    o.left = Enrolment.objects.create(
        group=group,
        learner=o.mentee,
        order=o.signed_order,
        enrolled_on=start,
        status=Enrolment.Status.LEFT,
        left_on=start + datetime.timedelta(days=20),
        leaving_order=o.leaving_draft,
        leaving_reason=LeavingReason.PARENT_REQUEST,
    )
    Group.objects.filter(pk=group.pk).update(enrolled_count=2)
    group.refresh_from_db()

    first_month = [day for day in mondays(start, start.replace(day=28)) if day.month == start.month]
    today = timezone.localdate()
    recent = max(mondays(start, today - datetime.timedelta(days=1)), default=first_month[-1])
    dates = sorted({*first_month[:2], recent})
    o.lessons = [
        Lesson.objects.create(group=group, date=day, starts=o.slot.starts, ends=o.slot.ends, slot=o.slot)
        for day in dates
    ]
    o.lesson, o.open_lesson = o.lessons[0], o.lessons[-1]
    statuses = [AttendanceMark.Status.PRESENT, AttendanceMark.Status.ILL, AttendanceMark.Status.NO_REASON]
    o.marks = [
        AttendanceMark.objects.create(lesson=lesson, enrolment=enrolment, status=status, marked_by=teacher)
        for lesson, status in zip(o.lessons, statuses, strict=False)
        for enrolment in (o.enrolment, o.drafted)
    ]
    o.mark = o.marks[0]
    o.closed_month = start.replace(day=1)
    o.closed = AttendanceMonth.objects.create(group=group, month=o.closed_month, closed_by=methodist)
    o.open_month = o.open_lesson.date.replace(day=1)

    o.calendar_day = CalendarDay.objects.create(
        organisation=org,
        date=datetime.date(start.year, 11, 4),
        kind=CalendarDay.Kind.HOLIDAY,
        note=f"День народного единства {label}",
    )
    o.cancelled_day = CalendarDay.objects.create(
        organisation=org,
        date=first_month[-1] + datetime.timedelta(days=1),
        kind=CalendarDay.Kind.CANCELLED,
        note=f"Карантин {label}",
    )

    header = ["Фамилия", "Имя", "Дата рождения", "Родитель", "Телефон", "Дата согласия"]
    rows = [
        header,
        [
            o.newcomer.surname,
            o.newcomer.name,
            "01.02.2015",
            o.newcomer_guardian.surname,
            o.newcomer_guardian.phone,
            "01.09.2026",
        ],
    ]
    o.import_batch = ImportBatch.objects.create(
        organisation=org,
        kind=ImportBatch.Kind.LEARNERS,
        status=ImportBatch.Status.VALID,
        file_name=f"Учащиеся {label}.xlsx",
        content=workbook_bytes(rows),
        total_rows=1,
        totals={"created": 1, "updated": 0, "skipped": 0},
        created_by=methodist,
    )
    o.next_year = next_academic_year(year)
    o.next_group = GroupFactory(
        club=o.club,
        program=o.program,
        teacher=o.teacher,
        venue=o.venue,
        room=group.room,
        academic_year=o.next_year,
        year_of_study=group.year_of_study + 1,
        name=group.name,
        copied_from=group,
    )
    o.transfer_draft = ChildOrder.objects.create(
        organisation=org,
        academic_year=year,
        kind=ChildOrder.Kind.TRANSFER,
        title=f"О переводе (проект) {label}",
        created_by=methodist,
    )
    o.moved = Enrolment.objects.create(
        group=o.next_group,
        learner=o.learner,
        continues=o.enrolment,
        order=o.transfer_draft,
        enrolled_on=o.next_year.start,
        funding=o.enrolment.funding,
    )
    Group.objects.filter(pk=o.next_group.pk).update(enrolled_count=1)
    o.next_group.refresh_from_db()

    o.bad_import = ImportBatch.objects.create(
        organisation=org,
        kind=ImportBatch.Kind.LEARNERS,
        status=ImportBatch.Status.INVALID,
        file_name=f"Учащиеся с ошибкой {label}.xlsx",
        content=workbook_bytes([*rows, [f"{children}ёва", "", "31.02.2015", "", "", ""]]),
        total_rows=2,
        errors=[{"row": 3, "column": "Дата рождения", "message": f"{children}ёва: нет такой даты"}],
        created_by=methodist,
        finished_at=timezone.now(),
    )


def build_tenancy_world() -> SimpleNamespace:
    """A (the home organisation, with its staff users) and B (another centre under another
    education authority), each built by ``build_organisation``."""
    CurrentYearFactory()
    a_org = home_organisation()
    b_org = OrganisationFactory(name=f"Центр детского творчества «{OUTSIDER_RECORDS}»")
    a_office = OrganisationFactory(name="Управление образования А", kind=Organisation.Kind.AUTHORITY)
    b_office = OrganisationFactory(name="Управление образования Б", kind=Organisation.Kind.AUTHORITY)
    Organisation.objects.filter(pk=a_org.pk).update(authority=a_office)
    Organisation.objects.filter(pk=b_org.pk).update(authority=b_office)

    users = {}
    for username, roles in STAFF_ROLES.items():
        home = a_office if username == "authority" else a_org
        users[username] = staff_user(f"a_{username}", roles, home, surname=f"Сотрудникова-{username}")
    a = build_organisation(
        a_org,
        label="А",
        children=INSIDER,
        staff="Своякова",
        phones="+7 (913) 444-",
        teacher=users["teacher"].person,
        coordinator=users["coordinator"].person,
    )
    b = build_organisation(
        b_org,
        label=OUTSIDER_RECORDS,
        children=OUTSIDER,
        staff=OUTSIDER_STAFF,
        phones="+7 (999) 555-",
        first_names=OUTSIDER_FIRST_NAMES,
    )
    # an audit row of B: B's methodist read B's learner card
    b_methodist = staff_user("b_methodist", (Role.METHODIST,), b_org, surname=f"{OUTSIDER_STAFF}-Методист")
    b.methodist_user = b_methodist
    PersonalDataAccess.objects.create(
        user=b_methodist,
        object_type="centre.learner",
        object_id=str(b.learner.pk),
        description="Карточка учащегося",
        path=f"/staff/learners/{b.learner.pk}/",
    )
    b_director = staff_user("b_director", (Role.DIRECTOR,), b_org, surname=f"{OUTSIDER_STAFF}-Директор")
    build_year(
        a,
        label="А",
        children=INSIDER,
        methodist=users["methodist"],
        director=users["director"],
        teacher=users["teacher"],
    )
    build_year(
        b,
        label=OUTSIDER_RECORDS,
        children=OUTSIDER,
        methodist=b_methodist,
        director=b_director,
        teacher=b_methodist,
    )
    users["parent"] = a.parent_user  # A's parent: B's parent's child and applications are another's
    return SimpleNamespace(a=a, b=b, users=users, offices=(a_office, b_office))
