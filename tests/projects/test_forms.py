"""Bad input on every form: a Russian error and nothing saved. And the good paths."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

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
from projects.uploads import PHOTO_MAX_BYTES
from tests.factories import OrganisationFactory, PersonFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory
from tests.projects.factories import (
    CompetitionFactory,
    ProjectFactory,
    ResultFactory,
    club_with_teacher,
    consenting_learner,
)
from tests.projects.helpers import (
    competition_data,
    competition_row,
    image_bytes,
    management,
    project_data,
    result_data,
    row,
)

pytestmark = pytest.mark.django_db


def errors_of(response):
    html = response.content.decode()
    assert response.status_code == 200
    return html


def test_methodist_creates_a_project_with_members(methodist_client):
    club = GroupFactory().club
    a, b = consenting_learner(), consenting_learner()
    response = methodist_client.post(
        reverse("projects:project_create"), project_data(club, learners=[(a, "leader"), (b, "engineer")])
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("projects:project_edit", args=[project.pk])
    assert set(project.members.all()) == {a, b}
    assert project.memberships.get(learner=a).role == "leader"


@pytest.mark.parametrize(
    "case, expected",
    [
        ("no_title", "Обязательное поле"),
        ("individual_with_two", "ровно один участник"),
        ("group_with_one", "не меньше двух"),
        ("twice", "дважды"),
        ("two_leaders", "только один руководитель"),
        ("case_without_partner", "индустриального партнёра"),
        ("no_members", "хотя бы одного"),
    ],
)
def test_bad_project_input_saves_nothing(methodist_client, case, expected):
    club = GroupFactory().club
    a, b = consenting_learner(), consenting_learner()
    learners, extra = [(a, "leader"), (b, "member")], {}
    if case == "no_title":
        extra["title"] = ""
    elif case == "individual_with_two":
        extra["format"] = "individual"
    elif case == "group_with_one":
        learners = [(a, "leader")]
    elif case == "twice":
        learners = [(a, "member"), (a, "engineer")]
    elif case == "two_leaders":
        learners = [(a, "leader"), (b, "leader")]
    elif case == "case_without_partner":
        extra["partner_case"] = "Кейс завода"
    elif case == "no_members":
        learners = []
    html = errors_of(
        methodist_client.post(
            reverse("projects:project_create"), project_data(club, learners=learners, **extra)
        )
    )
    assert expected in html
    assert Project.objects.count() == 0
    assert ProjectMember.objects.count() == 0


def test_teacher_cannot_pick_another_club_or_a_child_outside_own_clubs(client, make_user):
    teacher = make_user(Role.TEACHER)
    own_group = GroupFactory(teacher=teacher.person)
    pupil, stranger = consenting_learner(), consenting_learner()
    Enrolment.objects.create(group=own_group, learner=pupil)
    Enrolment.objects.create(group=own_group, learner=consenting_learner())
    other_club = GroupFactory().club
    client.force_login(teacher)

    response = client.post(
        reverse("projects:project_create"),
        project_data(other_club, learners=[(pupil, "leader")], format="individual"),
    )
    assert "Выберите корректный вариант" in errors_of(response)
    response = client.post(
        reverse("projects:project_create"),
        project_data(own_group.club, learners=[(stranger, "leader")], format="individual"),
    )
    assert "выберите ребёнка из вашего объединения" in errors_of(response)
    assert Project.objects.count() == 0

    response = client.post(
        reverse("projects:project_create"),
        project_data(own_group.club, learners=[(pupil, "leader")], format="individual"),
    )
    assert response.status_code == 302
    assert Project.objects.get().club == own_group.club


@pytest.fixture
def scene():
    member, outsider = consenting_learner(), consenting_learner()
    project = ProjectFactory(learners=[member, consenting_learner()])
    competition = CompetitionFactory()
    return project, competition, member, outsider


def test_methodist_records_a_result(methodist_client, scene):
    project, competition, member, _ = scene
    url = reverse("projects:project_results", args=[project.pk])
    response = methodist_client.post(url, result_data([row(competition, learner=member.pk)]))
    assert response.status_code == 302
    result = Result.objects.get()
    assert (result.project, result.learner, result.outcome) == (project, member, Result.Outcome.PRIZE)


@pytest.mark.parametrize(
    "case, expected",
    [
        ("date_outside", "в даты конкурса"),
        ("not_member", "не участвует в проекте"),
        ("winner_second", "первое место"),
        ("twice", "введён дважды"),
        ("no_outcome", "Обязательное поле"),
        ("fake_diploma", "не читается как документ PDF"),
    ],
)
def test_bad_result_input_saves_nothing(methodist_client, scene, case, expected):
    project, competition, member, outsider = scene
    rows = [row(competition)]
    files = {}
    if case == "date_outside":
        rows[0]["date"] = (competition.ends_on + datetime.timedelta(days=3)).isoformat()
    elif case == "not_member":
        rows[0]["learner"] = outsider.pk
    elif case == "winner_second":
        rows[0].update(outcome="winner", place="2")
    elif case == "twice":
        rows.append(row(competition))
    elif case == "no_outcome":
        rows[0]["outcome"] = ""
    elif case == "fake_diploma":
        files["results-0-diploma"] = SimpleUploadedFile(
            "d.pdf", b"not a pdf at all", content_type="application/pdf"
        )
    data = {**result_data(rows), **files}
    html = errors_of(methodist_client.post(reverse("projects:project_results", args=[project.pk]), data))
    assert expected in html
    assert Result.objects.count() == 0


def test_a_duplicate_of_a_stored_result_is_refused(methodist_client, scene):
    project, competition, member, _ = scene
    ResultFactory(project=project, competition=competition, learner=None, outcome="prize", place=2)
    html = errors_of(
        methodist_client.post(
            reverse("projects:project_results", args=[project.pk]), result_data([row(competition)])
        )
    )
    assert "уже есть результат" in html
    assert Result.objects.count() == 1


def test_methodist_records_a_competition(methodist_client):
    response = methodist_client.post(reverse("projects:competition_create"), competition_data())
    competition = Competition.objects.get()
    assert response.status_code == 302
    assert competition.level == Competition.Level.REGIONAL and competition.is_official
    assert competition.academic_year == CurrentYearFactory()


@pytest.mark.parametrize(
    "extra, expected",
    [
        ({"ends_on": "2000-01-01"}, "не может закончиться раньше"),
        ({"starts_on": "1995-01-01", "ends_on": "1995-01-02"}, "не входит ни в один учебный год"),
        ({"level": "galactic"}, "Выберите корректный вариант"),
        ({"title": ""}, "Обязательное поле"),
    ],
)
def test_bad_competition_input_saves_nothing(methodist_client, extra, expected):
    html = errors_of(methodist_client.post(reverse("projects:competition_create"), competition_data(**extra)))
    assert expected in html
    assert Competition.objects.count() == 0


@pytest.mark.parametrize(
    "case, expected", [("nobody", "проект, ребёнка или обоих"), ("outsider", "не участвует")]
)
def test_bad_competition_results_save_nothing(methodist_client, scene, case, expected):
    project, competition, member, outsider = scene
    values = competition_row(date=competition.starts_on.isoformat())
    if case == "outsider":
        values.update(project=project.pk, learner=outsider.pk)
    html = errors_of(
        methodist_client.post(
            reverse("projects:competition_results", args=[competition.pk]), result_data([values])
        )
    )
    assert expected in html
    assert Result.objects.count() == 0


def test_methodist_records_a_personal_result_without_a_project(methodist_client, scene):
    _project, competition, _member, outsider = scene
    values = competition_row(
        learner=outsider.pk, outcome="winner", place="1", date=competition.ends_on.isoformat()
    )
    response = methodist_client.post(
        reverse("projects:competition_results", args=[competition.pk]), result_data([values])
    )
    assert response.status_code == 302
    assert Result.objects.get().learner == outsider


def media_post(client, project, **data):
    return client.post(reverse("projects:project_media", args=[project.pk]), data)


def test_a_photo_is_decoded_and_saved_again_as_jpeg(methodist_client):
    project = ProjectFactory()
    upload = SimpleUploadedFile("team.png", image_bytes("PNG", size=(3000, 1000)), content_type="image/png")
    response = media_post(
        methodist_client, project, kind="photo", **{"photo-image": upload, "photo-caption": "Команда"}
    )
    assert response.status_code == 302
    photo = ProjectPhoto.objects.get()
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 2000
    assert photo.image.name.endswith(".jpg")


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"<?php echo 'not an image'; ?>", "не является фотографией"),
        (b"GIF89a" + b"\x00" * 40, "не является фотографией"),
        (b"x" * (PHOTO_MAX_BYTES + 1), "слишком большой"),
    ],
)
def test_bad_photos_are_refused(methodist_client, content, expected):
    project = ProjectFactory()
    upload = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")
    html = errors_of(media_post(methodist_client, project, kind="photo", **{"photo-image": upload}))
    assert expected in html
    assert ProjectPhoto.objects.count() == 0


def test_a_truncated_jpeg_is_refused(methodist_client):
    project = ProjectFactory()
    data = image_bytes("JPEG", size=(400, 400))
    upload = SimpleUploadedFile("photo.jpg", data[: len(data) // 3], content_type="image/jpeg")
    html = errors_of(media_post(methodist_client, project, kind="photo", **{"photo-image": upload}))
    assert "не является фотографией" in html
    assert ProjectPhoto.objects.count() == 0


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("virus.exe", b"MZ\x90\x00", "не принимаются"),
        ("talk.pdf", b"<html>not pdf</html>", "не читается как документ PDF"),
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "слишком большой"),
    ],
)
def test_bad_files_are_refused(methodist_client, name, content, expected):
    project = ProjectFactory()
    upload = SimpleUploadedFile(name, content)
    html = errors_of(
        media_post(methodist_client, project, kind="file", **{"file-title": "Отчёт", "file-file": upload})
    )
    assert expected in html
    assert ProjectFile.objects.count() == 0


def test_a_file_is_stored_and_downloaded_by_staff(methodist_client):
    project = ProjectFactory()
    upload = SimpleUploadedFile("talk.pdf", b"%PDF-1.4 slides")
    response = media_post(
        methodist_client, project, kind="file", **{"file-title": "Презентация", "file-file": upload}
    )
    assert response.status_code == 302
    item = ProjectFile.objects.get()
    download = methodist_client.get(reverse("projects:file_download", args=[project.pk, item.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 slides"
    assert (
        methodist_client.post(reverse("projects:file_delete", args=[project.pk, item.pk])).status_code == 302
    )
    assert ProjectFile.objects.count() == 0


def test_a_photo_can_be_deleted(methodist_client):
    project = ProjectFactory()
    upload = SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")
    media_post(methodist_client, project, kind="photo", **{"photo-image": upload})
    photo = ProjectPhoto.objects.get()
    response = methodist_client.post(reverse("projects:photo_delete", args=[project.pk, photo.pk]))
    assert response.status_code == 302
    assert ProjectPhoto.objects.count() == 0


def test_partner_and_case_are_saved_together(methodist_client):
    club = GroupFactory().club
    partner = OrganisationFactory(kind="industrial", name="ООО «Завод»")
    a, b = consenting_learner(), consenting_learner()
    data = project_data(
        club, learners=[(a, "leader"), (b, "member")], partner=partner.pk, partner_case="Кейс завода"
    )
    assert methodist_client.post(reverse("projects:project_create"), data).status_code == 302
    assert Project.objects.get().partner == partner


def test_teacher_may_not_create_competitions_but_sees_the_list(teacher_client):
    CompetitionFactory(title="Краевой конкурс «Робофест»")
    assert "Робофест" in teacher_client.get(reverse("projects:competitions")).content.decode()
    assert teacher_client.post(reverse("projects:competition_create"), competition_data()).status_code == 403
    assert Competition.objects.count() == 1


def test_editing_keeps_members_and_can_remove_one(methodist_client):
    a, b, c = consenting_learner(), consenting_learner(), consenting_learner()
    project = ProjectFactory(learners=[a, b, c])
    members = list(project.memberships.order_by("pk"))
    data = project_data(project.club, title=project.title)
    data.update(management("members", 3, initial=3))
    for index, member in enumerate(members):
        data[f"members-{index}-id"] = member.pk
        data[f"members-{index}-project"] = project.pk
        data[f"members-{index}-learner"] = member.learner_id
        data[f"members-{index}-role"] = member.role
    data["members-2-DELETE"] = "on"
    response = methodist_client.post(reverse("projects:project_edit", args=[project.pk]), data)
    assert response.status_code == 302
    assert set(project.members.all()) == {members[0].learner, members[1].learner}


def test_own_club_helper():
    teacher = PersonFactory()
    club = club_with_teacher(teacher)
    assert club.groups.filter(teacher=teacher).exists()


def test_results_page_opens_when_a_result_has_a_diploma_scan(methodist_client, scene):
    from django.core.files.base import ContentFile

    from tests.projects.factories import ResultFactory

    project, competition, _, _ = scene
    result = ResultFactory(project=project, competition=competition)
    result.diploma.save("diploma.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    response = methodist_client.get(reverse("projects:project_results", args=[project.pk]))
    assert response.status_code == 200
    assert "diploma.pdf" not in response.content.decode()  # no public link to a private file
