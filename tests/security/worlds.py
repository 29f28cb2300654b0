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
from PIL import Image

from centre.models import Child, Consent, Organisation, PersonalDataAccess
from centre.roles import Role, assign_roles
from mentoring.models import Form, Meeting, PlanItem
from programs.models import (
    Application,
    ClubPhoto,
    Enrolment,
    Group,
    LeaveRequest,
    Offer,
)
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
from tests.security.exchange_world import build_exchange
from tests.security.year_world import build_year

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
    build_exchange(a, label="А", methodist=users["methodist"])
    build_exchange(b, label=OUTSIDER_RECORDS, methodist=b_methodist)
    users["parent"] = a.parent_user  # A's parent: B's parent's child and applications are another's
    return SimpleNamespace(a=a, b=b, users=users, offices=(a_office, b_office))
