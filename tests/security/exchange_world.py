"""The exchange's records in an organisation of the tenancy world (worlds.py) and of the demo
world (demo_world.py): a navigator's package token (and a revoked one), the teacher's
calendar feed, uploaded packages (one checked, ready to import; one imported), a group of a
draft program (no public calendar), and tombstones of a deleted group and lesson.

Names carry the organisation's label (B's: ``OUTSIDER_RECORDS``), so a package, a report or
a feed of A that holds them has leaked B's records; B's tombstones' uuids are kept in
``o.tombstone_uuids`` (a package of A must name none of them)."""

import datetime
import uuid

from django.utils import timezone

from programs.models import Group, PackageImport, PackageToken, Program, ScheduleSlot, TeacherFeed, Tombstone
from tests.programs.factories import GroupFactory, ProgramFactory, ScheduleSlotFactory

#: the smallest well-formed package (no objects): what a checked import's content may be
EMPTY_PACKAGE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<package datasource="00000000-0000-4000-8000-000000000000" created="1764547200" kind="full">'
    b"<dictionaries/><objects><partners/><programDirections/><programs/><groups/><schedules/>"
    b"</objects></package>"
)


def package_report(label: str, outcome: str) -> list[dict]:
    """A report of one program and one group named with ``label``."""
    return [
        {
            "object": "program",
            "uuid": str(uuid.uuid4()),
            "name": f"Программа из пакета {label}",
            "outcome": outcome,
            "reason": "",
        },
        {
            "object": "group",
            "uuid": str(uuid.uuid4()),
            "name": f"Группа из пакета {label}",
            "outcome": "skipped",
            "reason": f"Педагог «Педагогов {label}» не найден",
        },
    ]


def build_exchange(o, *, label: str, methodist) -> None:
    """The exchange's records of organisation ``o`` (after ``build_organisation``):

    - ``o.package_token`` / ``o.package_secret``: an active token of the organisation and its
      secret; ``o.revoked_token`` / ``o.revoked_secret``: a revoked one;
    - ``o.teacher_feed``: the calendar feed of ``o.teacher`` (who teaches ``o.group``);
    - ``o.package_import``: a package uploaded by ``methodist``, checked and ready to import;
      ``o.done_import``: one imported (its report names ``label``);
    - ``o.draft_program`` with ``o.draft_group`` (and a lesson of it): not in the catalogue;
    - ``o.tombstone_uuids``: the uuids of a deleted group of the published program and of its
      lesson (their tombstones written by the database's triggers)."""
    org = o.organisation
    o.package_token, o.package_secret = PackageToken.issue(organisation=org, name=f"Навигатор {label}")
    o.revoked_token, o.revoked_secret = PackageToken.issue(organisation=org, name=f"Старый навигатор {label}")
    PackageToken.objects.filter(pk=o.revoked_token.pk).update(revoked_at=timezone.now())
    o.revoked_token.refresh_from_db()
    o.teacher_feed = TeacherFeed.objects.create(person=o.teacher, token=TeacherFeed.new_token())

    o.package_import = PackageImport.objects.create(
        organisation=org,
        status=PackageImport.Status.CHECKED,
        file_name=f"Пакет {label}.xml",
        content=EMPTY_PACKAGE,
        report=package_report(label, "created"),
        totals={"created": 1, "updated": 0, "unchanged": 0, "deleted": 0, "skipped": 1},
        created_by=methodist,
        finished_at=timezone.now(),
    )
    o.done_import = PackageImport.objects.create(
        organisation=org,
        status=PackageImport.Status.DONE,
        file_name=f"Пакет загруженный {label}.xml",
        content=EMPTY_PACKAGE,
        report=package_report(label, "created"),
        totals={"created": 1, "updated": 0, "unchanged": 0, "deleted": 0, "skipped": 1},
        created_by=methodist,
        finished_at=timezone.now(),
    )

    o.draft_program = ProgramFactory(
        organisation=org, title=f"Черновик программы {label}", status=Program.Status.DRAFT
    )
    o.draft_group = GroupFactory(
        club=o.club,
        program=o.draft_program,
        teacher=o.teacher,
        venue=o.venue,
        name=f"Группа черновика {label}",
    )
    o.draft_slot = ScheduleSlotFactory(group=o.draft_group, weekday=3)

    # a group of the published program, deleted with its lesson: two tombstones
    gone = GroupFactory(
        club=o.club, program=o.program, teacher=o.teacher, venue=o.venue, name=f"Удалённая {label}"
    )
    gone_slot = ScheduleSlotFactory(group=gone, weekday=5)
    o.tombstone_uuids = {str(gone.uuid), str(gone_slot.uuid)}
    ScheduleSlot.objects.filter(pk=gone_slot.pk).delete()
    Group.objects.filter(pk=gone.pk).delete()
    found = set(map(str, Tombstone.objects.filter(uuid__in=o.tombstone_uuids).values_list("uuid", flat=True)))
    assert found == o.tombstone_uuids, "the delete triggers wrote no tombstones"
    # the tombstones are old enough to be in a package "since yesterday"
    Tombstone.objects.filter(uuid__in=o.tombstone_uuids).update(
        deleted_at=timezone.now() - datetime.timedelta(hours=1)
    )


def demo_exchange(users, own_group) -> dict:
    """The exchange's records of the demo methodist's organisation, found in the demo or
    made here: a package token, the demo teacher's calendar feed and a checked package."""
    methodist, teacher = users["methodist"], users["teacher"]
    home = methodist.person.organisation
    token, secret = PackageToken.issue(organisation=home, name="Навигатор (матрица)")
    feed = TeacherFeed.objects.filter(person=teacher.person).first() or TeacherFeed.objects.create(
        person=teacher.person, token=TeacherFeed.new_token()
    )
    package = PackageImport.objects.filter(organisation=home).order_by("pk").first()
    if package is None:
        package = PackageImport.objects.create(
            organisation=home,
            status=PackageImport.Status.CHECKED,
            file_name="Пакет.xml",
            content=EMPTY_PACKAGE,
            report=package_report("матрица", "created"),
            totals={"created": 1, "updated": 0, "unchanged": 0, "deleted": 0, "skipped": 1},
            created_by=methodist,
            finished_at=timezone.now(),
        )
    return {
        "package_token": token,
        "package_secret": secret,
        "teacher_feed": feed,
        "package_import": package,
        "calendar_group": own_group,
    }
