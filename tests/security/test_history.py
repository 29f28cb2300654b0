"""Marks, orders, closed months, the calendar's days off and imports keep their history: who
did it and when, through the pages as staff use them (django-simple-history's request user),
and what a record was before it changed. A refused change leaves no trace.

The tenancy world (worlds.py) is built once for the module; each test runs in a savepoint.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from centre.models import CalendarDay, Consent, Guardianship, Learner
from programs.imports.bench import learners_workbook
from programs.models import AttendanceMark, AttendanceMonth, ImportBatch
from programs.models import Order as ChildOrder
from programs.services.imports import check_batch, run_batch
from tests.security.helpers import login
from tests.security.worlds import build_tenancy_world, module_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("history")):
        yield build_tenancy_world()


def learners_file_of(a, by, *, prefix):
    return learners_workbook(2, organisation=a.organisation, by=by, prefix=prefix)


def month_args(group, month):
    return {"pk": group.pk, "year": month.year, "month": month.month}


def last_record(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


# --- attendance marks ------------------------------------------------------------------------


def test_a_mark_keeps_who_marked_it_when_and_what_it_was(world, db):
    a, teacher, methodist = world.a, world.users["teacher"], world.users["methodist"]
    lesson = a.open_lesson
    mark = AttendanceMark.objects.get(lesson=lesson, enrolment=a.enrolment)
    was = mark.status
    assert was != AttendanceMark.Status.ILL
    started = timezone.now()
    url = reverse("programs:attendance_lesson", kwargs={"pk": lesson.pk})
    fields = {f"child-{a.enrolment.pk}": "ill", f"child-{a.drafted.pk}": "present"}

    response = login(teacher).post(url, fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    mark.refresh_from_db()
    assert (mark.status, mark.marked_by) == (AttendanceMark.Status.ILL, teacher)
    assert mark.marked_at >= started
    record = last_record(mark)
    assert (record.history_type, record.history_user, record.status) == ("~", teacher, "ill")
    assert record.history_date >= started
    assert was in set(mark.history.values_list("status", flat=True)), "the mark before the change is lost"

    # the month closed by the methodist: the teacher's change is refused and leaves no trace
    close = reverse("programs:attendance_close", kwargs=month_args(a.group, a.open_month))
    assert login(methodist).post(close, {"confirmed": "1"}).status_code == 302
    closed = AttendanceMonth.objects.get(group=a.group, month=a.open_month)
    assert closed.closed_by == methodist and closed.closed_at >= started
    assert last_record(closed).history_user == methodist
    records = mark.history.count()
    login(teacher).post(url, {**fields, f"child-{a.enrolment.pk}": "valid"})
    mark.refresh_from_db()
    assert mark.status == AttendanceMark.Status.ILL and mark.history.count() == records

    # the methodist changes the closed month's mark: the history names the methodist
    response = login(methodist).post(url, {**fields, f"child-{a.enrolment.pk}": "valid"})
    assert response.status_code == 302
    mark.refresh_from_db()
    assert (mark.status, mark.marked_by) == (AttendanceMark.Status.VALID, methodist)
    assert (last_record(mark).history_user, last_record(mark).status) == (methodist, "valid")
    assert [r.history_user for r in mark.history.order_by("history_date", "history_id")][-2:] == [
        teacher,
        methodist,
    ]


def test_reopening_a_month_keeps_who_closed_it_and_who_reopened_it(world, db):
    a, methodist = world.a, world.users["methodist"]
    closed = a.closed
    url = reverse("programs:attendance_reopen", kwargs=month_args(a.group, a.closed_month))
    assert login(methodist).post(url, {"confirmed": "1"}).status_code == 302
    assert not AttendanceMonth.objects.filter(pk=closed.pk).exists()
    records = list(AttendanceMonth.history.filter(id=closed.pk).order_by("history_date", "history_id"))
    assert [r.history_type for r in records] == ["+", "-"]
    assert records[0].closed_by_id == methodist.pk
    assert records[-1].history_user == methodist


def test_a_day_off_keeps_who_added_it_and_who_removed_it(world, db):
    a, methodist = world.a, world.users["methodist"]
    client = login(methodist)
    day = a.open_lesson.date + datetime.timedelta(days=1)
    response = client.post(
        reverse("programs:attendance_calendar"),
        {"organisation": a.organisation.pk, "first": day.isoformat(), "kind": "cancelled", "note": "Ремонт"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = CalendarDay.objects.get(organisation=a.organisation, date=day)
    assert last_record(added).history_user == methodist
    remove = reverse("programs:attendance_calendar_remove", kwargs={"pk": added.pk})
    assert client.get(remove).status_code == 200 and CalendarDay.objects.filter(pk=added.pk).exists()
    assert client.post(remove, {"confirmed": "1"}).status_code == 302
    records = list(CalendarDay.history.filter(id=added.pk).order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user) for r in records] == [("+", methodist), ("-", methodist)]


# --- orders ---------------------------------------------------------------------------------


def test_a_signed_order_keeps_who_drafted_it_who_signed_it_and_when(world, db):
    a, methodist, director = world.a, world.users["methodist"], world.users["director"]
    order = a.draft_order
    url = reverse("programs:staff_order_sign", kwargs={"pk": order.pk})
    started = timezone.now()
    today = timezone.localdate()

    # the methodist may not sign: nothing changes, nothing is recorded
    records = order.history.count()
    assert (
        login(methodist).post(url, {"confirmed": "1", "number": "А-99", "signed_on": today}).status_code
        == 403
    )
    assert order.history.count() == records

    data = {"confirmed": "1", "number": "А-99", "signed_on": today.isoformat(), "children": 1}
    response = login(director).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    order.refresh_from_db()
    assert order.status == ChildOrder.Status.SIGNED and order.number == "А-99" and order.signed_on == today
    assert order.created_by == methodist and order.signed_by == director and order.signed_at >= started
    assert not order.on_paper
    record = last_record(order)
    assert (record.history_user, record.status, record.number) == (director, "signed", "А-99")
    assert order.history.filter(status="draft").exists(), "the draft it was is lost"

    # the order's page names who signed it
    page = login(methodist).get(reverse("programs:staff_order", kwargs={"pk": order.pk})).content.decode()
    assert director.last_name in page


def test_a_paper_order_keeps_who_entered_its_number(world, db):
    a, methodist = world.a, world.users["methodist"]
    order = a.leaving_draft
    started = timezone.now()
    day = timezone.localdate()
    response = login(methodist).post(
        reverse("programs:staff_order_paper", kwargs={"pk": order.pk}),
        {"confirmed": "1", "number": "А-5-о", "signed_on": day.isoformat(), "children": 1},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    order.refresh_from_db()
    assert order.status == ChildOrder.Status.SIGNED and order.on_paper and order.number == "А-5-о"
    record = last_record(order)
    assert record.history_user == methodist and record.history_date >= started and record.on_paper


def test_a_refused_number_leaves_the_draft_and_its_history_as_they_were(world, db):
    """The number of another order of the same organisation and year: a Russian message, the
    draft still a draft, no history row."""
    a, director = world.a, world.users["director"]
    order = a.draft_order
    records = order.history.count()
    response = login(director).post(
        reverse("programs:staff_order_sign", kwargs={"pk": order.pk}),
        {
            "confirmed": "1",
            "number": a.signed_order.number,
            "signed_on": timezone.localdate().isoformat(),
            "children": 1,
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200
    assert "номер" in response.content.decode().lower()
    order.refresh_from_db()
    assert order.is_draft and not order.number and order.history.count() == records


# --- imports --------------------------------------------------------------------------------


def test_an_import_keeps_who_uploaded_it_when_it_finished_and_who_saved_its_records(world, db):
    a, methodist = world.a, world.users["methodist"]
    client = login(methodist)
    started = timezone.now()
    content = learners_workbook(2, organisation=a.organisation, by=methodist, prefix="Историков")
    response = client.post(
        reverse("programs:staff_import_create"),
        {
            "kind": ImportBatch.Kind.LEARNERS,
            "organisation": a.organisation.pk,
            "file": SimpleUploadedFile("history.xlsx", content),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    batch = ImportBatch.objects.filter(organisation=a.organisation).latest("created_at")
    assert batch.created_by == methodist and batch.created_at >= started and batch.file_name == "history.xlsx"
    check_batch(batch.pk)  # the worker's check
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.VALID, batch.errors
    run = reverse("programs:staff_import_run", kwargs={"pk": batch.pk})
    assert client.post(run, {"confirmed": "1"}).status_code == 302
    run_batch(batch.pk)  # the worker's import: no request, the history still names the user
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.finished_at >= batch.created_at
    assert batch.done_rows == 2
    learners = Learner.objects.filter(organisation=a.organisation, surname__startswith="Историков")
    assert learners.count() == 2
    # the learner's record has no history of its own: its link to the parent and the consent do
    for learner in learners:
        link = Guardianship.objects.get(learner=learner)
        assert link.linked_by == methodist and link.linked_at >= started
        for record in (link, Consent.objects.get(learner=learner)):
            created = record.history.filter(history_type="+").get()
            assert created.history_user == methodist and created.history_date >= started
    # the batch stays in the list of imports, with who uploaded it
    listed = client.get(reverse("programs:staff_imports")).content.decode()
    assert "history.xlsx" in listed and methodist.last_name in listed


def test_the_marks_of_a_lesson_removed_keep_who_removed_them(world, db):
    """A lesson that did not take place: its marks go, their history stays and names the user."""
    a, teacher = world.a, world.users["teacher"]
    lesson = a.open_lesson
    marks = list(AttendanceMark.objects.filter(lesson=lesson).values_list("pk", flat=True))
    assert marks
    url = reverse("programs:attendance_lesson_clear", kwargs={"pk": lesson.pk})
    client = login(teacher)
    assert client.get(url).status_code == 200 and AttendanceMark.objects.filter(pk__in=marks).count() == len(
        marks
    )
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert not AttendanceMark.objects.filter(pk__in=marks).exists()
    removed = AttendanceMark.history.filter(id__in=marks, history_type="-")
    assert removed.count() == len(marks)
    assert {record.history_user for record in removed} == {teacher}
    assert {record.status for record in AttendanceMark.history.filter(id__in=marks, history_type="+")}


def test_an_import_confirmed_by_another_methodist_is_saved_in_their_name(world, db):
    """One methodist uploads, another confirms: the batch keeps the uploader, the records'
    history the one who confirmed — the worker runs the queued task with its own arguments."""
    from django_tasks_db.models import DBTaskResult

    from centre.roles import Role
    from programs.imports.tasks import run_import
    from tests.security.worlds import staff_user

    a, uploader = world.a, world.users["methodist"]
    confirmer = staff_user("a_methodist_2", (Role.METHODIST,), a.organisation, surname="Подтверждающая")
    content = learners_file_of(a, uploader, prefix="Двуручнов")
    response = login(uploader).post(
        reverse("programs:staff_import_create"),
        {
            "kind": "learners",
            "organisation": a.organisation.pk,
            "file": SimpleUploadedFile("two.xlsx", content),
        },
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get(organisation=a.organisation, file_name="two.xlsx")
    check_batch(batch.pk)
    queued = DBTaskResult.objects.filter(task_path__endswith="run_import")
    before = set(queued.values_list("pk", flat=True))
    run = reverse("programs:staff_import_run", kwargs={"pk": batch.pk})
    assert login(confirmer).post(run, {"confirmed": "1"}).status_code == 302
    (task,) = queued.exclude(pk__in=before)
    run_import.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])  # as the worker does
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.created_by == uploader
    links = Guardianship.objects.filter(learner__surname__startswith="Двуручнов")
    assert links.count() == 2
    for link in links:
        assert link.history.get(history_type="+").history_user == confirmer
