"""Imports of learners with parents and consents: a file with one bad row saves nothing and
names the row, the column and the reason in Russian; the same file corrected saves
everything; the identity rule; the enrolment by the draft or a paper order."""

import datetime

import pytest

from centre.models import Consent, Guardian, Guardianship, Learner
from programs.imports.blanks import filled_workbook
from programs.imports.learners import LearnerResource
from programs.models import Enrolment, Group, ImportBatch, Order
from programs.services.imports import batch_create, batch_start, check_batch, run_batch
from tests.factories import (
    GuardianFactory,
    LearnerFactory,
    OrganisationFactory,
    home_organisation,
    link_guardian,
)
from tests.programs.factories import ClubFactory, GroupFactory
from tests.programs.imports_world import HEADERS, child, counts, in_group, run, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return GroupFactory(club=ClubFactory(name="Робоквантум"), name="Группа 1", places=10)


def test_a_file_with_one_bad_row_saves_nothing_and_names_the_row(methodist, group):
    rows = [
        in_group(group, 1),
        in_group(group, 2),
        in_group(group, 3, **{"Дата рождения": "31.02.2014"}),
        child(4),
    ]
    before = counts()

    outcome = run(workbook(rows), methodist)

    assert counts() == before
    assert outcome.errors == [
        {
            "row": 4,
            "column": "Дата рождения",
            "message": "Ожидается дата в виде дд.мм.гггг, а не «31.02.2014».",
        }
    ]
    group.refresh_from_db()
    assert group.enrolled_count == 0


def test_the_same_file_corrected_saves_everything(methodist, group):
    rows = [in_group(group, 1), in_group(group, 2), in_group(group, 3), child(4)]
    outcome = run(workbook(rows), methodist)

    assert outcome.ok, outcome.errors
    assert outcome.totals == {"created": 4, "enrolled": 3}
    assert Learner.objects.count() == 4 and Guardian.objects.count() == 4
    assert Consent.objects.processing().filter(given_on=datetime.date(2025, 9, 1)).count() == 4
    assert set(Guardianship.objects.values_list("relation", flat=True)) == {"mother"}
    enrolments = Enrolment.objects.select_related("order")
    assert enrolments.count() == 3
    order = Order.objects.get()
    assert order.kind == Order.Kind.ENROLMENT and order.is_draft
    assert {e.order_id for e in enrolments} == {order.pk}
    assert {e.funding for e in enrolments} == {group.funding}
    group.refresh_from_db()
    assert group.enrolled_count == 3


def test_the_check_saves_nothing_and_finds_the_same_errors(methodist, group):
    bad = [in_group(group, 1), in_group(group, 2, **{"Телефон родителя": "звоните"})]
    before = counts()
    checked = run(workbook(bad), methodist, dry_run=True)
    imported = run(workbook(bad), methodist)
    assert checked.errors == imported.errors
    assert [(e["row"], e["column"]) for e in checked.errors] == [(3, "Телефон родителя")]
    good = run(workbook([in_group(group, 1)]), methodist, dry_run=True)
    assert good.ok and good.totals == {"created": 1, "enrolled": 1}
    assert counts() == before


def test_a_rule_of_the_database_names_its_row(methodist):
    """The check saves the rows (and rolls them back): the group's places, which only the
    database's counting enforces, refuse the row that has none left."""
    small = GroupFactory(places=2)
    rows = [in_group(small, 1), in_group(small, 2), in_group(small, 3)]
    outcome = run(workbook(rows), methodist, dry_run=True)
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(4, "Группа")]
    assert "нет свободных мест" in outcome.errors[0]["message"]


def test_errors_say_every_problem_of_a_row_by_its_column(methodist, group):
    rows = [
        child(
            1,
            **{
                "Имя ребёнка": "",
                "Дата рождения": datetime.date(2030, 1, 1),
                "Кем приходится": "сосед",
                "Дата согласия на обработку ПД": None,
            },
        ),
        in_group(group, 2, **{"Группа": "Нет такой"}),
        child(
            3,
            **{
                "Дата рождения": datetime.date(2022, 1, 1),
                "Объединение": group.club.name,
                "Группа": group.name,
            },
        ),
    ]
    outcome = run(workbook(rows), methodist, dry_run=True)
    found = {(e["row"], e["column"]): e["message"] for e in outcome.errors}
    assert found[(2, "Имя ребёнка")] == "Ячейка пуста; заполните её."
    assert found[(2, "Дата рождения")] == "Дата рождения не может быть в будущем."
    assert found[(2, "Кем приходится")].startswith("«сосед» — не одно из значений:")
    assert found[(2, "Дата согласия на обработку ПД")] == "Ячейка пуста; заполните её."
    assert found[(3, "Группа")] == "Не найдено в организации: группа этого года «Нет такой»."
    assert "для детей от 7 до 17 лет" in found[(4, "Группа")]


def test_missing_and_unknown_columns_are_the_file_s_errors(methodist):
    content = filled_workbook(["Фамилия ребёнка", "Имя", "Дата рождения"], [["Иванов", "Иван", "01.01.2015"]])
    outcome = run(content, methodist, dry_run=True)
    assert {
        "row": 1,
        "column": "Имя",
        "message": "Этого столбца нет в шаблоне: переименуйте или удалите его.",
    } in outcome.errors
    assert {
        "row": 1,
        "column": "Имя ребёнка",
        "message": "В файле нет такого столбца: скачайте шаблон.",
    } in outcome.errors


def test_blank_rows_are_skipped_and_keep_excel_s_numbers(methodist):
    content = workbook([child(1), {}, child(2, **{"Имя родителя": ""})])
    outcome = run(content, methodist, dry_run=True)
    assert outcome.rows == 2
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(4, "Имя родителя")]


def test_a_known_child_of_the_same_parent_is_reused(methodist, group):
    """The identity rule: the organisation's record of the child is reused when it is linked
    to the same parent (the phone however typed, the surname)."""
    learner = LearnerFactory(surname="Импортов1", name="Павел", birth_date=datetime.date(2014, 3, 2))
    parent = GuardianFactory(organisation=home_organisation(), surname="Импортова1", phone="8 913 555 00 01")
    link_guardian(parent, learner)
    outcome = run(workbook([in_group(group, 1)]), methodist)
    assert outcome.ok, outcome.errors
    assert outcome.totals == {"reused": 1, "enrolled": 1}
    assert Learner.objects.count() == 1 and Guardian.objects.count() == 1
    assert Consent.objects.count() == 1  # the valid consent the parent gave stays the one
    assert Enrolment.objects.get().learner == learner


def test_a_known_child_of_another_parent_is_refused(methodist, group):
    learner = LearnerFactory(surname="Импортов1", name="Павел", birth_date=datetime.date(2014, 3, 2))
    link_guardian(
        GuardianFactory(organisation=home_organisation(), surname="Чужая", phone="+7 900 000-00-00"), learner
    )
    before = counts()
    outcome = run(workbook([in_group(group, 1), child(2)]), methodist)
    assert counts() == before
    [problem] = outcome.errors
    assert (problem["row"], problem["column"]) == (2, "Фамилия ребёнка")
    assert "проверьте документы" in problem["message"]


def test_another_organisation_s_child_of_that_name_is_not_read(methodist, group):
    other = OrganisationFactory()
    LearnerFactory(
        organisation=other, surname="Импортов1", name="Павел", birth_date=datetime.date(2014, 3, 2)
    )
    outcome = run(workbook([in_group(group, 1)]), methodist)
    assert outcome.ok and outcome.totals == {"created": 1, "enrolled": 1}
    assert Learner.objects.filter(organisation=home_organisation()).count() == 1


def test_the_same_child_twice_in_one_group_is_refused(methodist, group):
    outcome = run(workbook([in_group(group, 1), in_group(group, 1)]), methodist)
    assert [(e["row"], e["column"], e["message"]) for e in outcome.errors] == [
        (3, "Группа", "Ребёнок уже зачислен в эту группу.")
    ]
    assert Enrolment.objects.count() == 0


def test_another_organisation_s_group_cannot_be_named(methodist):
    foreign = GroupFactory(club=ClubFactory(organisation=OrganisationFactory(), name="Чужой клуб"))
    outcome = run(workbook([in_group(foreign, 1)]), methodist)
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(2, "Группа")]
    assert not Enrolment.objects.exists()


def test_a_paper_order_s_number_and_date_enrol_by_that_order(methodist, group):
    headers = [*HEADERS, "Номер приказа", "Дата приказа", "Дата зачисления", "Финансирование"]
    start = group.academic_year.start
    rows = [
        in_group(group, n, **{"Номер приказа": "15-у", "Дата приказа": datetime.date(2025, 8, 30)})
        | {"Дата зачисления": start, "Финансирование": "сертификат"}
        for n in (1, 2)
    ]
    outcome = run(workbook(rows, headers), methodist)
    assert outcome.ok, outcome.errors
    order = Order.objects.get()
    assert (order.number, order.on_paper, order.status) == ("15-у", True, Order.Status.SIGNED)
    assert set(Enrolment.objects.values_list("order", "enrolled_on", "funding")) == {
        (order.pk, start, Group.Funding.CERTIFICATE)
    }


def test_a_start_date_outside_the_year_is_refused(methodist, group):
    headers = [*HEADERS, "Дата зачисления"]
    rows = [in_group(group, 1) | {"Дата зачисления": group.academic_year.start - datetime.timedelta(days=1)}]
    outcome = run(workbook(rows, headers), methodist)
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(2, "Дата зачисления")]


def test_the_batch_is_checked_then_imported_with_its_history(methodist, group):
    content = workbook([in_group(group, 1), child(2)])
    batch = batch_create(
        organisation=home_organisation(),
        kind=ImportBatch.Kind.LEARNERS,
        file_name="дети.xlsx",
        content=content,
        by=methodist,
    )
    assert (batch.status, batch.total_rows) == (ImportBatch.Status.CHECKING, 2)
    check_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.errors, batch.done_rows) == (ImportBatch.Status.VALID, [], 2)
    assert not Learner.objects.exists()
    batch_start(batch=batch, by=methodist)
    run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.finished_at is not None
    assert batch.totals == {"created": 2, "enrolled": 1}
    enrolment = Enrolment.objects.get()
    assert enrolment.history.get().history_user == methodist
    assert Consent.history.filter(history_user=methodist).count() == 2


def test_an_import_that_became_wrong_since_the_check_fails_and_saves_nothing(methodist, group):
    content = workbook([in_group(group, 1), in_group(group, 2)])
    batch = batch_create(
        organisation=home_organisation(),
        kind=ImportBatch.Kind.LEARNERS,
        file_name="f.xlsx",
        content=content,
        by=methodist,
    )
    check_batch(batch.pk)
    batch.refresh_from_db()
    batch_start(batch=batch, by=methodist)
    Group.objects.filter(pk=group.pk).update(places=1)  # someone took the places meanwhile
    run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert [(e["row"], e["column"]) for e in batch.errors] == [(3, "Группа")]
    assert not Learner.objects.exists() and not Enrolment.objects.exists()


def test_only_a_checked_file_without_errors_can_be_imported(methodist, group):
    batch = batch_create(
        organisation=home_organisation(),
        kind=ImportBatch.Kind.LEARNERS,
        file_name="f.xlsx",
        content=workbook([child(1, **{"Имя ребёнка": ""})]),
        by=methodist,
    )
    check_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.INVALID
    with pytest.raises(Exception, match="Импортировать можно только проверенный файл без ошибок"):
        batch_start(batch=batch, by=methodist)


def test_a_file_of_too_many_or_no_rows_is_refused_as_a_whole(methodist, settings):
    settings.IMPORT_MAX_ROWS = 2
    outcome = run(workbook([child(1), child(2), child(3)]), methodist)
    assert outcome.errors == [
        {
            "row": None,
            "column": "",
            "message": "В файле больше 2 строк: столько за один раз не импортировать, разделите его.",
        }
    ]
    assert run(workbook([]), methodist).errors == [
        {"row": None, "column": "", "message": "В файле нет строк под заголовком."}
    ]
    assert not Learner.objects.exists()


def test_siblings_share_one_record_of_their_parent(methodist, group):
    phone = {"Фамилия родителя": "Сестрова", "Телефон родителя": "+7 913 777-11-22"}
    rows = [in_group(group, 1, **phone), child(2, **phone | {"Телефон родителя": "8 (913) 777 11 22"})]
    outcome = run(workbook(rows), methodist)
    assert outcome.ok, outcome.errors
    parent = Guardian.objects.get()
    assert set(parent.learners.values_list("surname", flat=True)) == {"Импортов1", "Импортов2"}
    assert Consent.objects.filter(guardian=parent).count() == 2


def test_an_unexpected_failure_names_its_row_and_keeps_the_reason_in_the_log(
    methodist, group, monkeypatch, caplog
):
    def broken(self, instance, is_create, row, **kwargs):
        raise RuntimeError("SELECT secret FROM somewhere")

    monkeypatch.setattr(LearnerResource, "save_instance", broken)
    outcome = run(workbook([child(1)]), methodist)
    assert outcome.errors == [
        {"row": 2, "column": "", "message": "Строку не удалось сохранить: причина записана в журнал сервера."}
    ]
    assert "SELECT secret" in caplog.text
    assert counts() == (0, 0, 0, 0, 0, 0)
