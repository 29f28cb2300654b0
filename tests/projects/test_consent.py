"""The personal data rules: who may appear publicly, and that a withdrawal hides at once."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from centre.models import Consent
from projects.models import Project, ProjectPhoto
from tests.factories import GuardianFactory, LearnerFactory
from tests.projects.factories import ProjectFactory, ResultFactory, consenting_learner

pytestmark = pytest.mark.django_db


def test_a_flagged_project_whose_members_all_consent_is_public():
    project = ProjectFactory(learners=[consenting_learner(), consenting_learner()])
    assert list(Project.objects.public()) == [project]


def test_an_unflagged_project_is_never_public():
    ProjectFactory(is_public=False, learners=[consenting_learner()])
    assert not Project.objects.public().exists()


def test_one_member_without_publication_consent_hides_the_whole_project():
    project = ProjectFactory(learners=[consenting_learner(), consenting_learner(publication=False)])
    assert not Project.objects.public().filter(pk=project.pk).exists()


def test_an_expired_consent_does_not_count():
    learner = consenting_learner()
    Consent.objects.filter(learner=learner, kind=Consent.Kind.PUBLICATION).update(
        given_on=datetime.date(2020, 9, 1), valid_until=datetime.date(2021, 8, 31)
    )
    ProjectFactory(learners=[learner])
    assert not Project.objects.public().exists()


def test_a_consent_from_someone_who_is_not_the_childs_guardian_does_not_count():
    learner = LearnerFactory()
    stranger = GuardianFactory()
    Consent.objects.create(guardian=stranger, learner=learner, kind=Consent.Kind.PUBLICATION)
    ProjectFactory(learners=[learner])
    assert not Project.objects.public().exists()


def test_a_future_consent_does_not_count_yet():
    learner = consenting_learner()
    Consent.objects.filter(learner=learner).update(given_on=timezone.localdate() + datetime.timedelta(days=5))
    ProjectFactory(learners=[learner])
    assert not Project.objects.public().exists()


def test_public_members_never_lists_a_child_without_consent():
    with_consent, without = consenting_learner(name="Оля"), consenting_learner(name="Петя", publication=False)
    project = ProjectFactory(learners=[with_consent, without])
    assert [m.learner for m in project.public_members()] == [with_consent]


def test_the_public_page_names_a_child_only_by_first_name_and_initial(client):
    learner = consenting_learner(surname="Громова", name="Вера", birth_date=datetime.date(2012, 3, 14))
    learner.school = "Гимназия № 9"
    learner.school_class = "7Б"
    learner.save()
    project = ProjectFactory(learners=[learner])
    html = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "Вера Г." in html
    for secret in ("Громова", "14.03.2012", "14 марта 2012", "Гимназия № 9", "7Б", "2012-03-14"):
        assert secret not in html


def test_withdrawing_a_consent_hides_the_child_at_once(client, png_upload):
    from django.core.files.base import ContentFile

    child = consenting_learner(surname="Журавлёва", name="Майя")
    other = consenting_learner(name="Фёдор")
    project = ProjectFactory(title="Метеостанция во дворе", learners=[child, other])
    ResultFactory(project=project)
    photo = ProjectPhoto(project=project)
    photo.image.save("p.jpg", ContentFile(png_upload().read()), save=True)
    club_tag = Template("{% load projects_tags %}{% club_projects club %}")

    page = client.get(reverse("projects:project", args=[project.pk]))
    assert "Майя Ж." in page.content.decode()
    assert "Метеостанция во дворе" in client.get(reverse("projects:showcase")).content.decode()
    assert "Метеостанция во дворе" in club_tag.render(Context({"club": project.club}))
    assert client.get(reverse("projects:photo", args=[photo.pk])).status_code == 200

    consent = Consent.objects.get(learner=child, kind=Consent.Kind.PUBLICATION)
    consent.withdrawn_at = timezone.now()
    consent.save()

    assert client.get(reverse("projects:project", args=[project.pk])).status_code == 404
    assert "Метеостанция во дворе" not in client.get(reverse("projects:showcase")).content.decode()
    assert "Метеостанция во дворе" not in club_tag.render(Context({"club": project.club}))
    assert client.get(reverse("projects:photo", args=[photo.pk])).status_code == 404


def test_staff_see_why_a_flagged_project_is_hidden(methodist_client):
    hidden = consenting_learner(surname="Сидорова", publication=False)
    project = ProjectFactory(learners=[hidden, consenting_learner()])
    html = methodist_client.get(reverse("projects:project_edit", args=[project.pk])).content.decode()
    assert 'data-testid="consent-warning"' in html
    assert "Сидорова" in html


def test_a_non_public_projects_photo_is_not_served_to_visitors(methodist_client, png_upload):
    from django.core.files.base import ContentFile
    from django.test import Client

    project = ProjectFactory(is_public=False, learners=[consenting_learner()])
    photo = ProjectPhoto(project=project)
    photo.image.save("p.jpg", ContentFile(png_upload().read()), save=True)
    assert Client().get(reverse("projects:photo", args=[photo.pk])).status_code == 404
    assert methodist_client.get(reverse("projects:photo", args=[photo.pk])).status_code == 200


def test_photos_are_stored_outside_media_root(settings, png_upload):
    from django.core.files.base import ContentFile

    project = ProjectFactory(learners=[consenting_learner()])
    photo = ProjectPhoto(project=project)
    photo.image.save("p.jpg", ContentFile(png_upload().read()), save=True)
    path = photo.image.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
