"""A learner's sex and ОВЗ (form 1-ДОП's girls, boys and children with disabilities): entered
in the learners' XLSX import («Пол», «ОВЗ»; bad values named per row with the reason, nothing
saved), on the accept of an application and on the staff learner's edit page, shown on the
staff learner card, and never on a public page."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from centre.models import Learner, Sex
from programs.imports.blanks import template_workbook
from programs.models import ImportBatch
from tests.factories import (
    GuardianFactory,
    LearnerFactory,
    OrganisationFactory,
    home_organisation,
    link_guardian,
)
from tests.programs.factories import ApplicationFactory, GroupFactory
from tests.programs.imports_world import HEADERS, child, counts, run, workbook
from tests.projects.factories import ProjectFactory, consenting_learner

pytestmark = pytest.mark.django_db

WITH_SEX = [*HEADERS, "Пол", "ОВЗ"]
F, M = Sex.FEMALE, Sex.MALE


def learner_of(number):
    return Learner.objects.get(surname=f"Импортов{number}")


# --- the import -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, sex",
    [
        ("ж", F),
        ("м", M),
        ("Ж", F),
        ("М", M),
        ("девочка", F),
        ("Мальчик", M),
        ("F", F),
        ("m", M),
        (" ж ", F),
        ("", ""),
        (None, ""),
    ],
)
def test_the_sex_column_reads_the_ways_schools_write_it(methodist, cell, sex):
    outcome = run(workbook([child(1, **{"Пол": cell})], WITH_SEX), methodist)
    assert outcome.ok, outcome.errors
    assert learner_of(1).sex == sex


@pytest.mark.parametrize(
    "cell, disabled", [("да", True), ("Да", True), ("нет", False), ("НЕТ", False), ("", False), (None, False)]
)
def test_the_ovz_column_reads_yes_and_no(methodist, cell, disabled):
    outcome = run(workbook([child(1, **{"ОВЗ": cell})], WITH_SEX), methodist)
    assert outcome.ok, outcome.errors
    assert learner_of(1).disabled is disabled


def test_a_file_without_the_new_columns_still_imports(methodist):
    outcome = run(workbook([child(1)]), methodist)
    assert outcome.ok, outcome.errors
    assert (learner_of(1).sex, learner_of(1).disabled) == ("", False)


def test_bad_values_are_named_per_row_with_the_reason_and_nothing_is_saved(methodist):
    rows = [
        child(1, **{"Пол": "ж", "ОВЗ": "да"}),
        child(2, **{"Пол": "ж/м"}),
        child(3, **{"ОВЗ": "возможно"}),
        child(4, **{"Пол": "x", "ОВЗ": "2"}),
    ]
    before = counts()
    outcome = run(workbook(rows, WITH_SEX), methodist)
    assert counts() == before
    found = {(e["row"], e["column"]): e["message"] for e in outcome.errors}
    assert found == {
        (3, "Пол"): "«ж/м» — не пол: напишите «ж» или «м» (или «девочка», «мальчик», «F», «M»).",
        (4, "ОВЗ"): "«возможно» — не одно из значений: да, нет.",
        (5, "Пол"): "«x» — не пол: напишите «ж» или «м» (или «девочка», «мальчик», «F», «M»).",
        (5, "ОВЗ"): "«2» — не одно из значений: да, нет.",
    }


def test_the_reason_is_in_the_language_of_whoever_imports(methodist):
    with translation.override("kk"):
        outcome = run(workbook([child(1, **{"Пол": "ж/м"})], WITH_SEX), methodist, dry_run=True)
    (error,) = outcome.errors
    assert error["column"] == "Пол"
    assert (
        error["message"]
        == "«ж/м» — жынысы емес: «ж» немесе «м» деп жазыңыз («девочка», «мальчик», «F», «M» де болады)."
    )
    with translation.override("en"):
        outcome = run(workbook([child(1, **{"ОВЗ": "?"})], WITH_SEX), methodist, dry_run=True)
    assert outcome.errors[0]["message"] == "«?» is not one of: yes, no."


def test_a_known_child_gets_the_sex_and_ovz_of_the_row_and_keeps_them_when_the_cells_are_empty(methodist):
    run(workbook([child(1)], WITH_SEX), methodist)
    assert outcome_ok(run(workbook([child(1, **{"Пол": "м", "ОВЗ": "да"})], WITH_SEX), methodist))
    learner = learner_of(1)
    assert (learner.sex, learner.disabled) == (M, True)
    assert Learner.objects.filter(surname="Импортов1").count() == 1
    assert outcome_ok(run(workbook([child(1)], WITH_SEX), methodist))
    learner.refresh_from_db()
    assert (learner.sex, learner.disabled) == (M, True)
    assert outcome_ok(run(workbook([child(1, **{"ОВЗ": "нет"})], WITH_SEX), methodist))
    learner.refresh_from_db()
    assert (learner.sex, learner.disabled) == (M, False)


def outcome_ok(outcome):
    assert outcome.ok, outcome.errors
    return True


def test_the_blank_template_has_the_sex_and_ovz_columns_and_says_what_to_write(methodist):
    book = template_workbook(ImportBatch.Kind.LEARNERS, organisation=home_organisation(), by=methodist)
    book = load_workbook(BytesIO(_bytes(book)))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert "Пол" in headers and "ОВЗ" in headers
    notes = {row[0]: row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True) if row[0]}
    assert "«ж»" in notes["Пол"] and "«м»" in notes["Пол"]
    assert "«да»" in notes["ОВЗ"]
    # the filled-in template imports
    outcome = run(workbook([child(1, **{"Пол": "ж", "ОВЗ": "да"})], headers), methodist)
    assert outcome.ok, outcome.errors
    assert (learner_of(1).sex, learner_of(1).disabled) == (F, True)


def _bytes(book):
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# --- the staff forms and the learner card ----------------------------------------------------


def edit_url(learner):
    return reverse("staff_learner_edit", args=[learner.pk])


def test_staff_record_the_sex_and_ovz_on_the_learner_edit_page_and_the_card_shows_them(methodist_client):
    learner = LearnerFactory()
    card = methodist_client.get(reverse("staff_learner", args=[learner.pk])).content.decode()
    assert "не указан" in card
    page = methodist_client.get(edit_url(learner))
    assert page.status_code == 200 and 'name="sex"' in page.content.decode()
    response = methodist_client.post(edit_url(learner), {"sex": F, "disabled": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("staff_learner", args=[learner.pk])
    learner.refresh_from_db()
    assert (learner.sex, learner.disabled) == (F, True)
    card = methodist_client.get(reverse("staff_learner", args=[learner.pk])).content.decode()
    assert '<dd class="col-sm-7" id="learner-sex">девочка</dd>' in card
    assert '<dd class="col-sm-7" id="learner-disabled">да</dd>' in card
    # back to not recorded
    methodist_client.post(edit_url(learner), {"sex": ""})
    learner.refresh_from_db()
    assert (learner.sex, learner.disabled) == ("", False)


def test_a_bad_sex_is_refused_and_nothing_changes(methodist_client):
    learner = LearnerFactory(sex=M)
    response = methodist_client.post(edit_url(learner), {"sex": "x", "disabled": "on"})
    assert response.status_code == 200
    assert "sex" in response.context["form"].errors
    learner.refresh_from_db()
    assert (learner.sex, learner.disabled) == (M, False)


def test_only_the_learners_own_organisation_edits_it(client, make_user, teacher, authority):
    from centre.roles import Role

    other = LearnerFactory(organisation=OrganisationFactory(name="Другой центр"))
    own = LearnerFactory()
    director = make_user(Role.DIRECTOR)
    client.force_login(director)
    assert client.get(edit_url(other)).status_code == 404
    assert client.post(edit_url(other), {"sex": F}).status_code == 404
    assert client.get(edit_url(own)).status_code == 200
    for user in (teacher, authority):
        client.force_login(user)
        assert client.post(edit_url(own), {"sex": F}).status_code == 403
    client.logout()
    assert client.get(edit_url(own)).status_code == 302
    other.refresh_from_db()
    own.refresh_from_db()
    assert other.sex == own.sex == ""


def test_the_accept_of_an_application_records_the_childs_sex_and_ovz(methodist_client):
    application = ApplicationFactory(group=GroupFactory(places=5))
    url = reverse("programs:staff_application_accept", args=[application.pk])
    page = methodist_client.get(url).content.decode()
    assert 'name="sex"' in page and 'name="disabled"' in page
    data = {
        "confirmed": "1",
        "order": "draft",
        "funding": application.group.funding,
        "enrolled_on": max(datetime.date.today(), application.group.academic_year.start).isoformat(),
        "sex": M,
        "disabled": "on",
    }
    response = methodist_client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.learner.sex, application.learner.disabled) == (M, True)


# --- never on a public page ------------------------------------------------------------------


def test_no_public_page_shows_a_childs_sex_or_ovz(client, methodist_client):
    learner = consenting_learner(surname="Полова", name="Алина", sex=F, disabled=True)
    project = ProjectFactory(learners=[learner])
    group = GroupFactory()
    enrolled = LearnerFactory(sex=F, disabled=True)
    link_guardian(GuardianFactory(), enrolled)
    staff_card = methodist_client.get(reverse("staff_learner", args=[learner.pk])).content.decode()
    assert "девочка" in staff_card  # the words the staff card uses
    pages = [
        ("projects:project", {"pk": project.pk}),
        ("projects:showcase", {}),
        ("programs:club", {"slug": group.club.slug}),
        ("programs:club", {"slug": project.club.slug}),
        ("programs:catalogue", {}),
        ("home", {}),
    ]
    for name, kwargs in pages:
        for language in ("ru", "kk", "en"):
            with translation.override(language):
                url = reverse(name, kwargs=kwargs)
                words = [str(Sex.FEMALE.label), str(Learner._meta.get_field("disabled").verbose_name)]
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            for word in words:
                assert word not in html, (url, word)
    # the member is shown, so the page is the one that would show her
    assert "Алина П." in client.get(reverse("projects:project", kwargs={"pk": project.pk})).content.decode()
