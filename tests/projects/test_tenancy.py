"""Projects of one organisation kept from another's staff (issue 13): every staff URL with an
object answers 404 for another organisation's object, reads and writes alike, and a write
changes nothing; lists, reports and exports name none of another organisation's children;
the forms offer and accept only the user's own organisations' clubs, staff and children."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from centre.roles import Role
from programs.models import Enrolment
from projects.models import (
    Competition,
    Project,
    ProjectFile,
    ProjectMember,
    ProjectPhoto,
    Result,
)
from tests.factories import LearnerFactory, OrganisationFactory, PersonFactory, home_organisation
from tests.programs.factories import CurrentYearFactory, GroupFactory
from tests.projects.factories import CompetitionFactory, ProjectFactory, ResultFactory, consenting_learner
from tests.projects.helpers import competition_data, image_bytes, management, project_data, result_data, row

pytestmark = pytest.mark.django_db

THEIR_CHILDREN = ("Соседова", "Чужанин")
THEIR_PROJECT = "Соседский луноход"


@pytest.fixture
def theirs():
    """Another organisation with its own club, teacher, children, project, competition, a
    regional win with a diploma scan, a file and a photo (the project is not public)."""
    other = OrganisationFactory(name="Центр «Соседний»")
    teacher = PersonFactory(organisation=other, surname="Соседов")
    group = GroupFactory(club__organisation=other, club__name="Соседский кружок", teacher=teacher)
    a = consenting_learner(surname=THEIR_CHILDREN[0], name="Вера", organisation=other)
    b = consenting_learner(surname=THEIR_CHILDREN[1], name="Олег", organisation=other)
    project = ProjectFactory(
        title=THEIR_PROJECT, club=group.club, supervisor=teacher, learners=[a, b], is_public=False
    )
    competition = CompetitionFactory(
        organisation=other, title="Соседский кубок", level=Competition.Level.REGIONAL
    )
    result = ResultFactory(competition=competition, project=project, outcome=Result.Outcome.WINNER, place=1)
    result.diploma.save("diploma.pdf", ContentFile(b"%PDF-1.4 their diploma"), save=True)
    personal = ResultFactory(
        competition=competition,
        project=None,
        learner=b,
        outcome=Result.Outcome.PRIZE,
        place=2,
        nomination="Соло",
    )
    item = ProjectFile(project=project, title="Их презентация")
    item.file.save("talk.pdf", ContentFile(b"%PDF-1.4 their slides"), save=True)
    photo = ProjectPhoto.objects.create(project=project, image="projects/photos/their.jpg")
    return {
        "organisation": other,
        "teacher": teacher,
        "club": group.club,
        "learners": [a, b],
        "project": project,
        "competition": competition,
        "result": result,
        "personal": personal,
        "file": item,
        "photo": photo,
    }


@pytest.fixture
def ours():
    """The home organisation's own project with a regional win of its two children."""
    a = consenting_learner(surname="Нашенцева", name="Аня")
    b = consenting_learner(surname="Домашнев", name="Петя")
    project = ProjectFactory(title="Наш марсоход", learners=[a, b])
    competition = CompetitionFactory(title="Наш кубок", level=Competition.Level.REGIONAL)
    ResultFactory(competition=competition, project=project, outcome=Result.Outcome.WINNER, place=1)
    return {"project": project, "competition": competition, "learners": [a, b]}


def object_urls(theirs):
    project, competition = theirs["project"], theirs["competition"]
    return [
        reverse("projects:project_edit", args=[project.pk]),
        reverse("projects:project_results", args=[project.pk]),
        reverse("projects:project_media", args=[project.pk]),
        reverse("projects:file_download", args=[project.pk, theirs["file"].pk]),
        reverse("projects:diploma", args=[theirs["result"].pk]),
        reverse("projects:competition_edit", args=[competition.pk]),
        reverse("projects:competition_results", args=[competition.pk]),
    ]


@pytest.fixture
def own_teacher(make_user):
    """A teacher of the home organisation who teaches a group (of another club)."""
    user = make_user(Role.TEACHER)
    GroupFactory(teacher=user.person)
    return user


def test_another_organisations_objects_are_404_for_a_methodist(methodist_client, theirs):
    for url in object_urls(theirs):
        response = methodist_client.get(url)
        assert response.status_code == 404, url
        assert THEIR_PROJECT not in response.content.decode()


def test_another_organisations_objects_are_404_for_a_teacher(client, own_teacher, theirs):
    client.force_login(own_teacher)
    for url in object_urls(theirs)[:5]:  # the competition pages are methodists' (403 for a teacher)
        assert client.get(url).status_code == 404, url


def test_another_organisations_photo_is_404_to_staff(methodist_client, theirs):
    response = methodist_client.get(reverse("projects:photo", args=[theirs["photo"].pk]))
    assert response.status_code == 404


def test_writes_to_another_organisations_objects_are_404_and_change_nothing(methodist_client, theirs):
    project, competition = theirs["project"], theirs["competition"]
    a, b = theirs["learners"]
    posts = {
        reverse("projects:project_edit", args=[project.pk]): project_data(
            theirs["club"], learners=[(a, "leader"), (b, "member")], title="Взломан"
        ),
        reverse("projects:project_results", args=[project.pk]): result_data([row(competition)]),
        reverse("projects:project_media", args=[project.pk]): {
            "kind": "file",
            "file-title": "Подброшенный",
            "file-file": ContentFile(b"%PDF-1.4 x", name="x.pdf"),
        },
        reverse("projects:photo_delete", args=[project.pk, theirs["photo"].pk]): {},
        reverse("projects:file_delete", args=[project.pk, theirs["file"].pk]): {},
        reverse("projects:competition_edit", args=[competition.pk]): competition_data(
            title="Взломанный кубок", organisation=home_organisation().pk
        ),
        reverse("projects:competition_results", args=[competition.pk]): {
            **management("results", 1),
            "results-0-project": "",
            "results-0-learner": a.pk,
            "results-0-outcome": "winner",
            "results-0-place": "1",
            "results-0-date": competition.starts_on.isoformat(),
        },
    }
    before = (Result.objects.count(), ProjectFile.objects.count(), ProjectPhoto.objects.count())
    for url, data in posts.items():
        assert methodist_client.post(url, data).status_code == 404, url
    project.refresh_from_db()
    competition.refresh_from_db()
    assert project.title == THEIR_PROJECT
    assert competition.title == "Соседский кубок"
    assert competition.organisation == theirs["organisation"]
    assert (Result.objects.count(), ProjectFile.objects.count(), ProjectPhoto.objects.count()) == before


def test_staff_lists_name_none_of_another_organisations_projects_or_children(methodist_client, theirs, ours):
    for name in ("projects:staff_projects", "projects:staff_results", "projects:competitions"):
        html = methodist_client.get(reverse(name)).content.decode()
        assert "Наш" in html, name
        for secret in (THEIR_PROJECT, "Соседский кубок", "Соседский кружок", *THEIR_CHILDREN):
            assert secret not in html, (name, secret)


def test_a_teachers_competition_list_is_their_organisations(client, own_teacher, theirs, ours):
    client.force_login(own_teacher)
    html = client.get(reverse("projects:competitions")).content.decode()
    assert "Наш кубок" in html and "Соседский кубок" not in html


def test_the_gifted_bank_names_only_ones_own_children(methodist_client, director_client, theirs, ours):
    html = methodist_client.get(reverse("projects:gifted_bank")).content.decode()
    table = html.split('data-testid="gifted-bank"')[1]
    assert "Нашенцева" in table and "Домашнев" in table
    for surname in THEIR_CHILDREN:
        assert surname not in html

    response = director_client.get(reverse("projects:gifted_bank_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [cell.value for cell in sheet["A"][1:]]
    assert sorted(name.split()[0] for name in names) == ["Домашнев", "Нашенцева"]
    text = " ".join(str(cell.value) for line in sheet.iter_rows() for cell in line)
    for secret in (*THEIR_CHILDREN, "Соседский кубок", THEIR_PROJECT):
        assert secret not in text


def test_the_gifted_bank_leaves_out_another_organisations_child_in_ones_own_team(methodist_client, ours):
    """A team result credits the project's members that are the organisation's own children."""
    stranger = LearnerFactory(surname="Пришлецов", organisation=OrganisationFactory())
    ProjectMember.objects.create(project=ours["project"], learner=stranger)
    html = methodist_client.get(reverse("projects:gifted_bank")).content.decode()
    assert "Нашенцева" in html and "Пришлецов" not in html


def test_the_achievement_table_counts_only_ones_own_results(director_client, theirs, ours):
    year = ours["competition"].academic_year
    response = director_client.get(reverse("projects:achievements_xlsx"), {"year": year.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {line[0].value: [cell.value for cell in line[1:]] for line in sheet.iter_rows(min_row=3)}
    assert rows["Региональный"] == [1, 0, 0, 0, 1]  # their win and prize are not counted
    assert rows["Всего"] == [1, 0, 0, 0, 1]


def test_the_forms_offer_none_of_another_organisations_records(methodist_client, theirs, ours):
    pages = [
        reverse("projects:project_create"),
        reverse("projects:project_edit", args=[ours["project"].pk]),
        reverse("projects:project_results", args=[ours["project"].pk]),
        reverse("projects:competition_results", args=[ours["competition"].pk]),
    ]
    for url in pages:
        html = methodist_client.get(url).content.decode()
        for secret in ("Соседский кружок", "Соседов", *THEIR_CHILDREN, "Соседский кубок", THEIR_PROJECT):
            assert secret not in html, (url, secret)
    # nor does a search find them
    data = {
        "members-0-learner_q": "Соседова",
        "chooser_search": "members-0-learner",
        **management("members", 1),
    }
    html = methodist_client.post(reverse("projects:project_create"), data).content.decode()
    assert "Ничего не найдено по запросу «Соседова»" in html


@pytest.mark.parametrize("field", ["club", "supervisor", "learner"])
def test_a_crafted_choice_of_another_organisation_is_refused(methodist_client, theirs, field):
    club, supervisor = GroupFactory().club, PersonFactory()
    a, b = consenting_learner(), consenting_learner()
    if field == "club":
        club = theirs["club"]
    elif field == "supervisor":
        supervisor = theirs["teacher"]
    else:
        a = theirs["learners"][0]
    data = project_data(club, learners=[(a, "leader"), (b, "member")], supervisor=supervisor.pk)
    html = methodist_client.post(reverse("projects:project_create"), data).content.decode()
    assert "Выберите корректный вариант" in html or "выберите ребёнка из вашей организации" in html
    assert not Project.objects.filter(title="Умная теплица").exists()


def test_a_result_at_another_organisations_competition_is_refused(methodist_client, theirs, ours):
    url = reverse("projects:project_results", args=[ours["project"].pk])
    html = methodist_client.post(url, result_data([row(theirs["competition"])])).content.decode()
    assert "Выберите корректный вариант" in html
    assert not Result.objects.filter(project=ours["project"], competition=theirs["competition"]).exists()


@pytest.mark.parametrize("field", ["project", "learner"])
def test_a_result_for_another_organisations_project_or_child_is_refused(
    methodist_client, theirs, ours, field
):
    competition = ours["competition"]
    data = {
        **management("results", 2, initial=1),
        "results-0-id": competition.results.get().pk,
        "results-0-competition": competition.pk,
        "results-0-project": ours["project"].pk,
        "results-0-learner": "",
        "results-0-outcome": "winner",
        "results-0-place": "1",
        "results-0-date": competition.starts_on.isoformat(),
        "results-1-project": theirs["project"].pk if field == "project" else "",
        "results-1-learner": theirs["learners"][0].pk if field == "learner" else "",
        "results-1-outcome": "prize",
        "results-1-place": "2",
        "results-1-date": competition.starts_on.isoformat(),
    }
    response = methodist_client.post(reverse("projects:competition_results", args=[competition.pk]), data)
    assert "Выберите корректный вариант" in response.content.decode()
    assert competition.results.count() == 1


def test_a_competition_page_shows_only_ones_own_results_at_it(methodist_client, theirs, ours):
    """Should another organisation's result point at one's competition, it is not shown."""
    Result.objects.filter(pk=theirs["personal"].pk).update(competition=ours["competition"])
    html = methodist_client.get(
        reverse("projects:competition_results", args=[ours["competition"].pk])
    ).content.decode()
    assert "Наш марсоход" in html
    assert "Чужанин" not in html and "Соло" not in html


def test_a_competition_belongs_to_the_organisation_that_records_it(methodist_client, theirs):
    """The same contest recorded by two organisations is two records, one each."""
    starts = CurrentYearFactory().start + datetime.timedelta(days=30)
    Competition.objects.filter(pk=theirs["competition"].pk).update(
        title="Краевой конкурс «Юный изобретатель»",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=2),
    )
    response = methodist_client.post(reverse("projects:competition_create"), competition_data())
    assert response.status_code == 302
    mine = Competition.objects.exclude(pk=theirs["competition"].pk).get()
    assert mine.organisation == home_organisation()


def test_a_competition_cannot_be_given_to_another_organisation(methodist_client, theirs):
    data = competition_data(organisation=theirs["organisation"].pk)
    html = methodist_client.post(reverse("projects:competition_create"), data).content.decode()
    assert "Выберите корректный вариант" in html
    assert (
        not Competition.objects.filter(organisation=theirs["organisation"])
        .exclude(pk=theirs["competition"].pk)
        .exists()
    )


def test_an_authority_reads_no_project_pages_and_changes_nothing(authority_client, ours):
    for url in [
        reverse("projects:project_edit", args=[ours["project"].pk]),
        reverse("projects:competition_edit", args=[ours["competition"].pk]),
        reverse("projects:gifted_bank"),
    ]:
        assert authority_client.get(url).status_code == 403, url


def test_a_territorys_reader_who_is_also_a_methodist_edits_only_their_own(client, make_user, ours):
    """Read scope (an authority's territory) never opens an edit page: those ask for_user(write=True)."""
    from centre.models import Organisation
    from centre.roles import assign_roles

    user = make_user(Role.METHODIST, username="inspector")
    assign_roles(user, [Role.AUTHORITY])
    office = OrganisationFactory(name="Управление", kind=Organisation.Kind.AUTHORITY)
    user.person.organisation = office
    user.person.save(update_fields=["organisation"])
    Organisation.objects.filter(pk=home_organisation().pk).update(authority=office)
    client.force_login(user)
    assert client.get(reverse("projects:project_edit", args=[ours["project"].pk])).status_code == 404
    assert client.get(reverse("projects:competition_edit", args=[ours["competition"].pk])).status_code == 404
    html = client.get(reverse("projects:staff_projects")).content.decode()
    assert "Наш марсоход" not in html


@pytest.mark.parametrize(
    "name",
    ["projects:showcase", "projects:staff_projects", "projects:staff_results", "projects:competitions"],
)
@pytest.mark.parametrize("page", ["1000000000000000000", "99999999999999999999999999", "-1", "x"])
def test_a_page_beyond_the_last_gives_a_page_not_an_error(methodist_client, ours, name, page):
    response = methodist_client.get(reverse(name), {"page": page})
    assert response.status_code == 200
    assert "Наш" in response.content.decode()


def test_a_search_on_the_new_project_form_shows_matches_and_saves_nothing(methodist_client):
    LearnerFactory(surname="Искомова", name="Лиза")
    for index in range(30):
        LearnerFactory(surname=f"Прочий{index}")
    data = project_data(GroupFactory().club, learners=[])
    data.update({"members-0-learner_q": "иском", "chooser_search": "members-0-learner"})
    response = methodist_client.post(reverse("projects:project_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Искомова Лиза" in html and "Прочий" not in html
    assert "Обязательное поле" not in html and "хотя бы одного" not in html
    assert 'value="Умная теплица"' in html  # what was typed is kept
    assert Project.objects.count() == 0


def test_a_teachers_search_finds_only_children_of_their_clubs(client, make_user):
    teacher = make_user(Role.TEACHER)
    group = GroupFactory(teacher=teacher.person)
    pupil = LearnerFactory(surname="Ученикович", name="Ян")
    Enrolment.objects.create(group=group, learner=pupil)
    LearnerFactory(surname="Ученикович", name="Чужой")  # of the organisation, not of the club
    client.force_login(teacher)
    data = {
        "members-0-learner_q": "Ученикович",
        "chooser_search": "members-0-learner",
        **management("members", 1),
    }
    html = client.post(reverse("projects:project_create"), data).content.decode()
    assert "Ученикович Ян" in html and "Ученикович Чужой" not in html
    assert "2014" not in html  # a teacher does not read a child's birth date


def _grow(count):
    """More children, staff, clubs and competitions of the home organisation."""
    learners = []
    for _index in range(count):
        learners.append(LearnerFactory())
        GroupFactory()  # a club, a teacher, a venue
        CompetitionFactory()
    return learners


@pytest.mark.parametrize("page", ["create", "edit", "results", "competition_results"])
def test_the_forms_query_count_does_not_grow_with_the_organisation(
    methodist_client, ours, page, django_assert_max_num_queries
):
    project, competition = ours["project"], ours["competition"]
    urls = {
        "create": reverse("projects:project_create"),
        "edit": reverse("projects:project_edit", args=[project.pk]),
        "results": reverse("projects:project_results", args=[project.pk]),
        "competition_results": reverse("projects:competition_results", args=[competition.pk]),
    }
    _grow(3)
    with django_assert_max_num_queries(40) as small:
        methodist_client.get(urls[page])
    grown = _grow(40)
    for index in range(10):  # a bigger team
        ProjectMember.objects.create(project=project, learner=LearnerFactory(surname=f"Участников{index}"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = methodist_client.get(urls[page])
    html = response.content.decode()
    # no select of every child of the organisation: they are searched for
    assert not [child.surname for child in grown if child.surname in html]


def test_a_large_organisation_is_searched_not_listed(methodist_client):
    for index in range(40):
        LearnerFactory(surname=f"Многодетов{index}")
    html = methodist_client.get(reverse("projects:project_create")).content.decode()
    assert "Многодетов" not in html
    assert "Наберите первые буквы" in html


def test_namesakes_show_their_birth_year_to_a_methodist(methodist_client):
    LearnerFactory(surname="Тёзкин", name="Иван", birth_date=datetime.date(2012, 1, 1))
    LearnerFactory(surname="Тёзкин", name="Иван", birth_date=datetime.date(2015, 1, 1))
    data = {
        "members-0-learner_q": "Тёзкин",
        "chooser_search": "members-0-learner",
        **management("members", 1),
    }
    html = methodist_client.post(reverse("projects:project_create"), data).content.decode()
    assert "Тёзкин Иван, 2012 г. р." in html and "Тёзкин Иван, 2015 г. р." in html


def test_photo_upload_of_ones_own_project_still_works(methodist_client, ours):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")
    response = methodist_client.post(
        reverse("projects:project_media", args=[ours["project"].pk]), {"kind": "photo", "photo-image": upload}
    )
    assert response.status_code == 302
    assert ours["project"].photos.count() == 1
