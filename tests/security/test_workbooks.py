"""Formula injection (issue 13, finding 4): every XLSX writer stores user text as text.

A surname ``=HYPERLINK("http://x","y")`` typed into the public form became a live formula in
the staff group export: openpyxl turns any string starting with ``=`` into a formula cell.
The writers now append their rows through ``centre.workbooks``; these tests read each
export back with openpyxl and look at the cell's data type."""

import ast
import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from centre.audit import Access
from centre.models import Learner, PersonalDataAccess
from centre.workbooks import append_row, workbook_bytes, xlsx_response
from mentoring.models import Form
from programs.services import application_accept
from projects.models import Competition, Result
from projects.reports import GiftedRow, gifted_rows_xlsx
from tests.mentoring.factories import MentoringProgramFactory, learner_with_consent, make_pair
from tests.programs.factories import ApplicationFactory, CurrentYearFactory, GroupFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'


def cells(response_or_bytes):
    content = getattr(response_or_bytes, "content", response_or_bytes)
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def cell_with(cells_, text):
    matching = [cell for cell in cells_ if isinstance(cell.value, str) and text in cell.value]
    assert matching, f"{text!r} is not in the workbook"
    return matching[0]


def test_a_formula_surname_from_an_accepted_application_is_text_in_the_group_export(
    methodist, methodist_client
):
    group = GroupFactory(places=5)
    application = ApplicationFactory(group=group, child_surname=HYPERLINK, guardian_surname="@SUM(1+1)")
    application_accept(application=application, by=methodist)
    assert Learner.objects.filter(surname=HYPERLINK).exists()

    response = methodist_client.get(reverse("programs:staff_group_export", args=[group.pk]))

    assert response.status_code == 200
    exported = cells(response)
    surname = cell_with(exported, "HYPERLINK")
    assert surname.value == HYPERLINK  # shown literally
    assert surname.data_type == "s"  # a string cell, not "f" (a formula)
    assert surname.quotePrefix  # and stays text when someone edits it
    guardian = cell_with(exported, "@SUM")
    assert guardian.data_type == "s" and guardian.value.startswith("@SUM(1+1)")
    assert not [cell for cell in exported if cell.data_type == "f"]


def test_the_gifted_bank_writer_writes_names_and_titles_as_text():
    year = CurrentYearFactory.build()
    learner = Learner(surname="=1+2", name="-3", patronymic="", birth_date=datetime.date(2012, 5, 1))
    learner.school = "+7 школа"
    competition = Competition(
        title="=cmd|' /C calc'!A0", level=Competition.Level.REGIONAL, academic_year=year
    )
    result = Result(competition=competition, outcome=Result.Outcome.WINNER, date=datetime.date(2025, 3, 1))
    exported = cells(gifted_rows_xlsx([GiftedRow(learner=learner, results=[result])]))
    for text in ("=1+2", "=cmd|", "+7 школа"):
        assert cell_with(exported, text).data_type == "s", text
    assert not [cell for cell in exported if cell.data_type == "f"]


def test_the_mentoring_export_writes_a_childs_name_as_text_and_is_logged(methodist, methodist_client):
    # a methodist: the export names children in full to those who may read personal data
    mentee = learner_with_consent(surname=HYPERLINK)
    make_pair(program=MentoringProgramFactory(title="=2*3"), form=Form.EMPLOYER_PUPIL, mentees=[mentee])

    response = methodist_client.get(reverse("mentoring:export"))

    assert response.status_code == 200
    exported = cells(response)
    assert cell_with(exported, "HYPERLINK").data_type == "s"
    assert cell_with(exported, "=2*3").data_type == "s"
    assert not [cell for cell in exported if cell.data_type == "f"]
    # the workbook names children: it is written to the personal-data access log
    logged = PersonalDataAccess.objects.filter(user=methodist, action=Access.EXPORT)
    assert logged.filter(object_type="mentoring.pair").count() == 1
    assert "no-store" in response["Cache-Control"]


def test_the_innovation_register_writes_a_theme_as_text(director_client):
    from tests.innovation.factories import PlatformFactory

    CurrentYearFactory()
    PlatformFactory(theme="=HYPERLINK(1)", network="-network")
    response = director_client.get(reverse("innovation:export"))
    assert response.status_code == 200
    exported = cells(response)
    assert cell_with(exported, "=HYPERLINK(1)").data_type == "s"
    assert cell_with(exported, "-network").data_type == "s"
    assert not [cell for cell in exported if cell.data_type == "f"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_text_with_the_quote_prefix(start):
    book = Workbook()
    append_row(book.active, [f"{start}1+1", 42, None, datetime.date(2025, 1, 1), "plain"])
    first, number, day, plain = cells(workbook_bytes(book))
    # (XML reads a stored CR back as LF)
    assert (first.value.replace("\n", "\r"), first.data_type, bool(first.quotePrefix)) == (
        f"{start}1+1".replace("\n", "\r"),
        "s",
        True,
    )
    assert (number.value, number.data_type) == (42, "n")  # numbers and dates keep their type
    assert day.is_date
    assert (plain.data_type, bool(plain.quotePrefix)) == ("s", False)


def test_control_characters_are_dropped_instead_of_failing_the_export():
    book = Workbook()
    append_row(book.active, ["Ива\x07нов\x00"])
    assert cells(workbook_bytes(book))[0].value == "Иванов"


def test_the_response_is_a_private_attachment():
    response = xlsx_response(Workbook(), "группа 5.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment; filename")
    assert "utf-8''%D0%B3%D1%80%D1%83%D0%BF%D0%BF%D0%B0" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert load_workbook(io.BytesIO(response.content))


def _sources_using_openpyxl():
    base = Path(settings.BASE_DIR)
    for app in ("centre", "programs", "projects", "innovation", "mentoring"):
        for path in (base / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "openpyxl" in text and path.name != "workbooks.py":
                yield path, text


def test_no_workbook_writer_appends_rows_or_sets_cells_by_itself():
    """A new writer must go through centre.workbooks: no ``sheet.append(...)``, no
    ``cell(..., value=...)`` and no ``sheet["A1"] = ...`` of its own."""
    offenders = []
    sources = list(_sources_using_openpyxl())
    assert len(sources) >= 4  # the group, projects, innovation and mentoring writers
    for path, text in sources:
        tree = ast.parse(text)
        sheets = {"sheet"} | {
            target.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(word in ast.unparse(node.value) for word in (".active", "create_sheet"))
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            where = f"{path.relative_to(settings.BASE_DIR)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver = node.func.value
                if node.func.attr == "append" and isinstance(receiver, ast.Name) and receiver.id in sheets:
                    offenders.append(f"{where} {ast.unparse(node)[:60]}")
                if node.func.attr == "cell" and any(keyword.arg == "value" for keyword in node.keywords):
                    offenders.append(f"{where} {ast.unparse(node)[:60]}")
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and ast.unparse(target.value) in sheets:
                        offenders.append(f"{where} {ast.unparse(target)}")
    assert offenders == []


# --- the methodist's year: the order's XLSX and the timesheet --------------------------------


@pytest.fixture
def formula_child(methodist):
    """A child whose surname is a formula, enrolled by a signed order in a group with a lesson
    a week."""
    from programs.models import Enrolment, Order
    from tests.factories import LearnerFactory
    from tests.programs.factories import ScheduleSlotFactory

    group = GroupFactory(places=5)
    ScheduleSlotFactory(group=group)
    learner = LearnerFactory(organisation=group.club.organisation, surname=HYPERLINK, name="@SUM(1+1)")
    order = Order.objects.create(
        organisation=group.club.organisation,
        academic_year=group.academic_year,
        kind=Order.Kind.ENROLMENT,
        status=Order.Status.SIGNED,
        number="=1+1",
        signed_on=group.academic_year.start,
        title='=HYPERLINK("http://x","title")',
        created_by=methodist,
    )
    enrolment = Enrolment.objects.create(
        group=group, learner=learner, order=order, enrolled_on=group.academic_year.start
    )
    return enrolment


def test_the_orders_workbook_writes_a_formula_surname_as_text(formula_child, methodist_client):
    response = methodist_client.get(reverse("programs:staff_order_export", args=[formula_child.order_id]))
    assert response.status_code == 200
    exported = cells(response)
    for text in ('HYPERLINK("http://x","y")', "@SUM", "title"):
        cell = cell_with(exported, text)
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert not [cell for cell in exported if cell.data_type == "f"]
    assert PersonalDataAccess.objects.filter(
        action=Access.EXPORT, object_id=str(formula_child.order_id)
    ).exists()


def test_the_timesheet_writes_a_formula_surname_as_text(formula_child, methodist_client):
    today = datetime.date.today()
    month = today if formula_child.group.academic_year.start <= today else formula_child.enrolled_on
    response = methodist_client.get(
        reverse("programs:attendance_timesheet", args=[formula_child.group_id, month.year, month.month])
    )
    assert response.status_code == 200
    exported = cells(response)
    cell = cell_with(exported, "HYPERLINK")
    assert cell.data_type == "s" and cell.quotePrefix
    assert not [cell for cell in exported if cell.data_type == "f" and "HYPERLINK" in str(cell.value)]
