"""The demo world of the access matrix (test_access_matrix.py): the demo's users of each
column, the objects its URLs take (the demo methodist's organisation's), and the same roles
of another organisation."""

import datetime
import itertools
import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from centre.demo import DEMO_STAFF
from centre.models import CalendarDay, Child, Consent, Learner, Organisation
from centre.roles import Role
from centre.scope import readable_organisations, within_staff_organisations
from innovation.models import OrderCoverage, Product, YearlyReport
from mentoring.models import MentoringProgram, Pair, PlanItem
from programs.models import (
    Application,
    AttendanceMark,
    AttendanceMonth,
    ClubPhoto,
    Enrolment,
    Group,
    ImportBatch,
    LeaveRequest,
    Lesson,
    Program,
)
from programs.models import Order as ChildOrder
from programs.services import offer_freed_places
from projects.access import editable_projects
from projects.models import Competition, Project, ProjectFile, ProjectPhoto, Result
from tests.innovation.factories import (
    OrderCoverageFactory,
    OrderFactory,
    PlatformFactory,
    ProductFactory,
    YearlyReportFactory,
)
from tests.security.exchange_world import demo_exchange
from tests.security.worlds import png, staff_user
from tests.security.year_world import next_academic_year, workbook_bytes


def demo_users():
    """The demo's users of each column; the administrator, and the two-role user (and the
    education authority's member, while the demo has none), made here in the demo
    methodist's organisation."""
    User = get_user_model()
    users = {
        name: User.objects.get(username=name)
        for name in ("parent", "teacher", "methodist", "director", "coordinator")
    }
    users["admin"] = User.objects.create_superuser("matrix-admin", "admin@example.org", "x")
    home = users["methodist"].person.organisation
    authority = User.objects.filter(username="authority", groups__name=Role.AUTHORITY).first()
    if authority is None:
        office = Organisation.objects.create(
            name="Управление образования (матрица)", kind=Organisation.Kind.AUTHORITY
        )
        Organisation.objects.filter(pk=home.pk).update(authority=office)
        authority = staff_user("matrix-authority", (Role.AUTHORITY,), office)
    users["authority"] = authority
    users["teacher_coordinator"] = staff_user(
        "matrix-teacher-coordinator", (Role.TEACHER, Role.COORDINATOR), home, surname="Двуролева"
    )
    for role in ("teacher", "director", "coordinator"):
        assert users[role].person.organisation == home, f"the demo {role} works for another organisation"
    assert home.pk in readable_organisations(authority), (
        "the demo authority's territory lacks the methodist's"
    )
    return users


def demo_world():
    users = demo_users()
    teacher, parent, methodist = users["teacher"], users["parent"], users["methodist"]
    home = methodist.person.organisation

    def mine(queryset, lookup):
        """The staff URLs below take objects of the demo methodist's organisations."""
        return within_staff_organisations(queryset, methodist, lookup)

    groups = mine(Group.objects.all(), "club__organisation")
    own_group = groups.filter(teacher__user=teacher).order_by("pk").first()
    other_group = groups.exclude(teacher__user=teacher).order_by("pk").first()
    open_group = (
        mine(Group.objects.in_catalogue(), "club__organisation")
        .open_for_enrolment()
        .with_free_places()
        .select_related("club")
        .first()
    )
    own_application = Application.objects.filter(user=parent).order_by("pk").first()
    other_application = (
        Application.objects.exclude(user=parent).filter(status=Application.Status.NEW).order_by("pk").first()
    )
    queue_application = (
        mine(Application.objects.exclude(user=parent), "group__club__organisation")
        .filter(status=Application.Status.NEW)
        .exclude(pk=other_application.pk)
        .order_by("pk")
        .first()
    )
    token_application = (
        Application.objects.exclude(pk__in=[own_application.pk, other_application.pk, queue_application.pk])
        .filter(status__in=Application.LIVE_STATUSES)
        .order_by("pk")
        .first()
    )
    club = open_group.club
    public_project = Project.objects.public().order_by("pk").first()
    editable = editable_projects(teacher).order_by("pk")
    # the diploma goes on a result of one project and the other's pages are visited: a result
    # form showing a diploma scan crashes (500), see the report of issue 8
    results_project = editable.filter(results__isnull=False).first()
    own_project = editable.exclude(pk=results_project.pk).first()
    public_photo = ProjectPhoto.objects.filter(project=public_project).first() or ProjectPhoto.objects.create(
        project=public_project, image=ContentFile(png(), name="p.png")
    )
    own_file = ProjectFile.objects.create(
        project=own_project, title="Отчёт", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
    )
    result = Result.objects.filter(project=results_project).order_by("pk").first()

    # deleting endpoints get a fresh object for each request, so that every role finds one
    def new_club_photo():
        photo = ClubPhoto.objects.create(club=club, image=ContentFile(png(), name="club.png"))
        return {"pk": club.pk, "photo_pk": photo.pk}

    def new_project_photo():
        photo = ProjectPhoto.objects.create(project=own_project, image=ContentFile(png(), name="own.png"))
        return {"pk": own_project.pk, "photo_pk": photo.pk}

    def new_project_file():
        item = ProjectFile.objects.create(
            project=own_project, title="Отчёт", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
        )
        return {"pk": own_project.pk, "file_pk": item.pk}

    result.diploma.save("diploma.pdf", ContentFile(b"%PDF-1.4 diploma"), save=True)
    coverage = (
        mine(OrderCoverage.objects.all(), "platform__organisation")
        .select_related("platform")
        .order_by("pk")
        .first()
    )
    if coverage is None:  # the demo's platforms are another organisation's: one of the methodist's own
        coverage = OrderCoverageFactory(
            platform=PlatformFactory(organisation=home), order=OrderFactory(organisation=home)
        )
    platform = coverage.platform
    report = YearlyReport.objects.filter(platform=platform).first() or YearlyReportFactory(platform=platform)
    product = Product.objects.filter(platform=platform).first() or ProductFactory(platform=platform)
    own_pair = Pair.objects.filter(participants__person__user=teacher, status__in=Pair.OPEN_STATUSES).first()
    other_pair = Pair.objects.exclude(participants__person__user=teacher).order_by("pk").first()
    learner = mine(Learner.objects.filter(consents__isnull=False), "organisation").order_by("pk").first()
    program = (
        mine(Program.objects.filter(status=Program.Status.PUBLISHED), "organisation").order_by("pk").first()
    )
    competition = mine(Competition.objects.all(), "organisation").order_by("pk").first()
    mentoring_programs = MentoringProgram.objects.filter(pk=own_pair.program_id)
    parents = _parents_world(
        parent, methodist, exclude=[own_application, other_application, queue_application, token_application]
    )
    year = _year_world(users, own_group)
    exchange = demo_exchange(users, own_group)

    args = {
        "choose_language": {"code": "ru"},  # kk here would send every later page to /kk/
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "staff_learner": {"pk": learner.pk},
        "staff_learner_erase": {"pk": learner.pk},
        "staff_learner_edit": {"pk": learner.pk},
        "staff_consent_withdraw": {
            "pk": learner.pk,
            "consent_pk": Consent.objects.filter(learner=learner).first().pk,
        },
        "programs:club": {"slug": club.slug},
        "programs:apply": {"slug": club.slug, "group_id": open_group.pk},
        "programs:application_status": {"token": own_application.token},
        "programs:application_submitted": {"token": own_application.token},
        "programs:application_withdraw": {"token": token_application.token},
        "programs:cabinet_withdraw": {"pk": own_application.pk},
        "programs:staff_program": {"pk": program.pk},
        "programs:staff_program_edit": {"pk": program.pk},
        "programs:staff_program_submit": {"pk": program.pk},
        "programs:staff_program_approve": {"pk": program.pk},
        "programs:staff_program_return": {"pk": program.pk},
        "programs:staff_club_edit": {"pk": club.pk},
        "programs:staff_club_photo_upload": {"pk": club.pk},
        "programs:staff_club_photo_delete": new_club_photo,
        "programs:staff_group": {"pk": own_group.pk},
        "programs:staff_group_edit": {"pk": own_group.pk},
        "programs:staff_group_export": {"pk": own_group.pk},
        "programs:staff_application": {"pk": queue_application.pk},
        "programs:staff_application_accept": {"pk": queue_application.pk},
        "programs:staff_application_waitlist": {"pk": queue_application.pk},
        "programs:staff_application_reject": {"pk": queue_application.pk},
        "projects:project": {"pk": public_project.pk},
        "projects:photo": {"pk": public_photo.pk},
        "projects:project_edit": {"pk": own_project.pk},
        "projects:project_results": {"pk": own_project.pk},
        "projects:project_media": {"pk": own_project.pk},
        "projects:photo_delete": new_project_photo,
        "projects:file_download": {"pk": own_project.pk, "file_pk": own_file.pk},
        "projects:file_delete": new_project_file,
        "projects:diploma": {"pk": result.pk},
        "projects:competition_edit": {"pk": competition.pk},
        "projects:competition_results": {"pk": competition.pk},
        "innovation:platform": {"pk": platform.pk},
        "innovation:platform_edit": {"pk": platform.pk},
        "innovation:order_create": {"pk": platform.pk},
        "innovation:order_link": {"pk": platform.pk},
        "innovation:order_edit": {"pk": platform.pk, "order_pk": coverage.order_id},
        "innovation:report_create": {"pk": platform.pk},
        "innovation:report_edit": {"pk": report.platform_id, "report_pk": report.pk},
        "innovation:product_create": {"pk": platform.pk},
        "innovation:product_edit": {"pk": product.platform_id, "product_pk": product.pk},
        "mentoring:program_update": {"pk": mentoring_programs.get().pk},
        "mentoring:pair_detail": {"pk": own_pair.pk},
        "mentoring:pair_update": {"pk": own_pair.pk},
        "mentoring:pair_status": {"pk": own_pair.pk},
        "mentoring:meeting_create": {"pk": own_pair.pk},
        "mentoring:plan_item_create": {"pk": own_pair.pk},
        "mentoring:plan_item_toggle": {
            "pk": own_pair.pk,
            "item_pk": PlanItem.objects.filter(pair=own_pair).first().pk,
        },
        "mentoring:feedback_create": {"pk": own_pair.pk},
        "programs:confirm_email": {"token": "not-a-signed-link"},
        "programs:child_edit": {"pk": parents["child"].pk},
        "programs:child_remove": parents["new_child"],
        "programs:cabinet_leave": {"pk": parents["enrolled"].pk},
        "programs:offer_accept": {"token": token_application.token},
        "programs:offer_decline": {"token": parents["offered"].token},
        "programs:application_withdraw_confirm": {"token": token_application.token},
        "programs:staff_waiting_list": {"pk": parents["offered"].group_id},
        "programs:staff_application_move": {"pk": queue_application.pk},
        "programs:staff_leave_request": {"pk": parents["leave"].pk},
        "programs:staff_leave_decide": {"pk": parents["leave"].pk},
        # the methodist's year
        "programs:staff_next_year_children": {"pk": year["next_group"].pk},
        "programs:staff_order": {"pk": year["signed_order"].pk},
        "programs:staff_order_sign": {"pk": year["draft_order"].pk},
        "programs:staff_order_paper": {"pk": year["draft_order"].pk},
        "programs:staff_order_remove": {
            "pk": year["draft_order"].pk,
            "enrolment_pk": year["draft_order"].enrolments.order_by("pk").first().pk,
        },
        "programs:staff_order_print": {"pk": year["signed_order"].pk},
        "programs:staff_order_export": {"pk": year["signed_order"].pk},
        "programs:staff_enrolment_end": {"pk": year["enrolment"].pk},
        "programs:attendance_calendar_remove": {"pk": year["calendar_day"].pk},
        "programs:attendance_lesson": {"pk": year["lesson"].pk},
        "programs:attendance_lesson_clear": {"pk": year["lesson"].pk},
        "programs:attendance_group": {"pk": own_group.pk},
        "programs:attendance_child_rates": {"pk": own_group.pk},
        "programs:attendance_register": month_of(own_group, year["lesson"].date),
        "programs:attendance_close": month_of(own_group, year["lesson"].date),
        "programs:attendance_reopen": month_of(own_group, year["closed_month"].month),
        "programs:attendance_timesheet": month_of(own_group, year["lesson"].date),
        "programs:staff_import": {"pk": year["import_batch"].pk},
        "programs:staff_import_run": {"pk": year["import_batch"].pk},
        "programs:staff_import_template": {"kind": "learners"},
        "programs:staff_import_errors": {"pk": year["import_batch"].pk},
        "programs:staff_next_year_move_undo": {"pk": year["moved"].pk},
        # the exchange: calendars, imports of packages
        "programs:group_calendar": {"slug": club.slug, "group_id": open_group.pk},
        "programs:teacher_calendar": {"token": exchange["teacher_feed"].token},
        "programs:staff_package_import": {"pk": exchange["package_import"].pk},
        "programs:staff_package_import_run": {"pk": exchange["package_import"].pk},
    }
    return {
        "users": users,
        "args": args,
        "other_group": other_group,
        "other_application": other_application,
        "other_pair": other_pair,
        "own_pair": own_pair,
        **parents,
        **year,
        **exchange,
    }


def _parents_world(parent, methodist, *, exclude):
    """The parent's side: a child in «Мои дети» (and a fresh one for each removal), an
    enrolled application of the parent's (an accepted one of the methodist's organisation,
    given to the parent) to ask to leave, a request to leave of another enrolment there for
    staff to decide, and an application offered a freed place (one more place in a group whose
    line waits, offered by the waiting-list service)."""
    guardian = parent.guardian
    child = Child.objects.create(
        guardian=guardian, surname="Волков", name="Демьян", birth_date=datetime.date(2015, 1, 1)
    )

    born = itertools.count()

    def new_child():  # one of the same name is refused: born a day apart
        made = Child.objects.create(
            guardian=guardian,
            surname="Волкова",
            name="Дарья",
            birth_date=datetime.date(2016, 2, 2) + datetime.timedelta(days=next(born)),
        )
        return {"pk": made.pk}

    home = within_staff_organisations(Enrolment.objects.active(), methodist, "group__club__organisation")
    taken = [application.pk for application in exclude]
    enrolments = home.filter(application__isnull=False).exclude(application__in=taken).order_by("pk")
    enrolment, other = enrolments[0], enrolments[1]
    Application.objects.filter(pk=enrolment.application_id).update(user=parent)
    enrolled = Application.objects.get(pk=enrolment.application_id)
    assert enrolled.status == Application.Status.ACCEPTED
    leave = LeaveRequest.objects.create(enrolment=other, reason="Переезд")

    waiting = within_staff_organisations(
        Application.objects.filter(status=Application.Status.WAITING), methodist, "group__club__organisation"
    ).exclude(pk__in=taken)
    line = waiting.order_by("group_id", "queued_at", "pk").first()
    if line is None:  # the demo has no line: one application of the queue waits
        line = (
            within_staff_organisations(Application.objects.all(), methodist, "group__club__organisation")
            .filter(status=Application.Status.NEW)
            .exclude(pk__in=taken)
            .exclude(user=parent)
            .order_by("-pk")
            .first()
        )
        Application.objects.filter(pk=line.pk).update(
            status=Application.Status.WAITING, queued_at=timezone.now()
        )
    group = Group.objects.get(pk=line.group_id)
    Group.objects.filter(pk=group.pk).update(places=F("enrolled_count") + F("offered_count") + 1)
    (offer,) = offer_freed_places(group.pk)
    return {
        "child": child,
        "new_child": new_child,
        "enrolled": enrolled,
        "leave": leave,
        "offered": offer.application,
    }


def outsiders(world):
    """Per staff role, a demo user of another organisation (one whose scope does not hold the
    demo methodist's): the other centres' staff, and an education authority's member whose
    territory is elsewhere (made here: the demo's Omsk department has no login)."""
    home = world["users"]["methodist"].person.organisation
    found = {}
    for username, _organisation, role, *_rest in DEMO_STAFF:
        user = get_user_model().objects.get(username=username)
        if role not in found and home.pk not in readable_organisations(user):
            found[role] = user
    office = Organisation.objects.create(
        name="Управление образования (другое)", kind=Organisation.Kind.AUTHORITY
    )
    Organisation.objects.exclude(pk=home.pk).filter(kind=Organisation.Kind.CENTRE).update(authority=office)
    Organisation.objects.filter(pk=home.pk).update(authority=None)
    found[Role.AUTHORITY] = staff_user("matrix-other-authority", (Role.AUTHORITY,), office)
    return found


def month_of(group, day):
    """The arguments of a month of a group's register."""
    return {"pk": group.pk, "year": day.year, "month": day.month}


def _year_world(users, group):
    """The methodist's year in the demo methodist's organisation, found in the demo or made
    here: a signed and a draft enrolment order (the teacher's group's children point at
    them), a lesson of the teacher's group with a mark, a closed month of its register, a day
    off of the calendar and an import of a file."""
    methodist, director, teacher = users["methodist"], users["director"], users["teacher"]
    home = methodist.person.organisation
    year = group.academic_year
    orders = ChildOrder.objects.filter(organisation=home, academic_year=year, kind=ChildOrder.Kind.ENROLMENT)
    signed = orders.signed().order_by("pk").first() or ChildOrder.objects.create(
        organisation=home,
        academic_year=year,
        kind=ChildOrder.Kind.ENROLMENT,
        status=ChildOrder.Status.SIGNED,
        number="матрица-1",
        signed_on=year.start,
        created_by=methodist,
        signed_by=director,
        signed_at=timezone.now(),
    )
    draft = orders.drafts().order_by("pk").first() or ChildOrder.objects.create(
        organisation=home, academic_year=year, kind=ChildOrder.Kind.ENROLMENT, created_by=methodist
    )
    enrolments = list(group.enrolments.active().order_by("pk")[:2])
    assert len(enrolments) == 2, "the demo teacher's group has fewer than two children"
    if not enrolments[0].order_id:
        Enrolment.objects.filter(pk=enrolments[0].pk).update(order=signed)
    if not ChildOrder.objects.filter(pk=draft.pk, enrolments__isnull=False).exists():
        Enrolment.objects.filter(pk=enrolments[1].pk).update(order=draft)
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments], enrolled_on__gt=year.start).update(
        enrolled_on=year.start
    )
    lesson = Lesson.objects.filter(group=group).order_by("date").first()
    if lesson is None:
        slot = group.slots.order_by("pk").first()
        day = year.start + datetime.timedelta(days=(slot.weekday - 1 - year.start.weekday()) % 7)
        lesson = Lesson.objects.create(group=group, date=day, starts=slot.starts, ends=slot.ends, slot=slot)
    mark = AttendanceMark.objects.filter(lesson=lesson).first() or AttendanceMark.objects.create(
        lesson=lesson, enrolment=enrolments[0], status=AttendanceMark.Status.PRESENT, marked_by=teacher
    )
    closed = AttendanceMonth.objects.filter(group=group).order_by("month").first()
    if closed is None:
        closed = AttendanceMonth.objects.create(
            group=group, month=lesson.date.replace(day=1), closed_by=methodist
        )
    calendar_day = CalendarDay.objects.filter(organisation=home).order_by("date").first()
    if calendar_day is None:
        calendar_day = CalendarDay.objects.create(
            organisation=home, date=datetime.date(year.start.year, 11, 4), note="День народного единства"
        )
    batch = ImportBatch.objects.filter(organisation=home).order_by("pk").first()
    if batch is None:
        batch = ImportBatch.objects.create(
            organisation=home,
            kind=ImportBatch.Kind.LEARNERS,
            status=ImportBatch.Status.INVALID,
            file_name="Учащиеся.xlsx",
            content=workbook_bytes([["Фамилия", "Имя"], ["Пробная", ""]]),
            total_rows=1,
            errors=[{"row": 2, "column": "Имя", "message": "Обязательное поле."}],
            created_by=methodist,
        )
    copy = Group.objects.filter(copied_from=group).first()
    if copy is None:
        copy = Group.objects.get(pk=group.pk)
        copy.pk = copy.id = None
        copy.uuid = uuid.uuid4()  # the copy is another exported record
        copy.academic_year = next_academic_year(year)
        copy.year_of_study += 1
        copy.copied_from = group
        copy.enrolled_count = copy.offered_count = 0
        copy.save()
    moved = Enrolment.objects.filter(group=copy, continues__isnull=False).order_by("pk").first()
    if moved is None:
        transfer = ChildOrder.objects.create(
            organisation=home, academic_year=year, kind=ChildOrder.Kind.TRANSFER, created_by=methodist
        )
        moved = Enrolment.objects.create(
            group=copy,
            learner=enrolments[0].learner,
            continues=enrolments[0],
            order=transfer,
            enrolled_on=copy.academic_year.start,
        )
        Group.objects.filter(pk=copy.pk).update(enrolled_count=F("enrolled_count") + 1)
    return {
        "moved": moved,
        "enrolment": enrolments[0],
        "next_group": copy,
        "signed_order": signed,
        "draft_order": draft,
        "year_group": group,
        "lesson": lesson,
        "mark": mark,
        "closed_month": closed,
        "calendar_day": calendar_day,
        "import_batch": batch,
    }
