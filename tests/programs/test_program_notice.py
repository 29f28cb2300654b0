"""The director's notice: a program sent for approval (for publication or for another
academic year) queues one task in the submission's transaction, and the task mails each
director of the program's organisation once for that submission."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from centre.demo import ensure_academic_years
from centre.models import Organisation, OutgoingMessage
from centre.roles import Role
from programs.models import Program
from programs.notices import directors_of, send_program_notice
from programs.services import programs as services
from tests.factories import OrganisationFactory, home_organisation
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

TASK = "programs.notices.send_program_notice"


@pytest.fixture(autouse=True)
def years(db):
    return ensure_academic_years(first=2024)


def notice_tasks():
    return DBTaskResult.objects.filter(task_path=TASK)


def run_notices(capture) -> int:
    """Run the queued notice tasks as the worker would; how many mails they stored."""
    stored = 0
    with capture(execute=True):
        for row in notice_tasks():
            stored += send_program_notice.call(**row.args_kwargs["kwargs"])
    return stored


@pytest.fixture
def other_director(make_user):
    user = make_user(Role.DIRECTOR, username="other_director")
    user.person.organisation = OrganisationFactory(name="Другой центр")
    user.person.save(update_fields=["organisation"])
    return user


def test_submitting_mails_each_director_of_the_organisation_once(
    methodist, director, other_director, make_user, django_capture_on_commit_callbacks
):
    deputy = make_user(Role.DIRECTOR, username="deputy")
    program = ProgramFactory(draft=True, title="Юный инженер")
    services.program_submit_for_review(program=program, by=methodist)
    assert notice_tasks().count() == 1
    assert run_notices(django_capture_on_commit_callbacks) == 2
    mails = {message.to: message for message in OutgoingMessage.objects.all()}
    assert set(mails) == {director.email, deputy.email}  # not the methodist, not another centre's
    mail = mails[director.email]
    assert mail.subject == "Программа «Юный инженер» ждёт вашего утверждения"
    assert "отправлена на утверждение и публикацию" in mail.text
    assert methodist.person.full_name in mail.text
    assert settings.PORTAL_URL + reverse("programs:staff_program", kwargs={"pk": program.pk}) in mail.text
    assert settings.PORTAL_URL + reverse("programs:staff_review") in mail.html
    # the task run again (a retried worker) is no second mail
    assert run_notices(django_capture_on_commit_callbacks) == 2
    assert OutgoingMessage.objects.count() == 2


def test_a_program_returned_and_sent_again_is_a_new_notice(
    methodist, director, django_capture_on_commit_callbacks
):
    program = ProgramFactory(draft=True)
    services.program_submit_for_review(program=program, by=methodist)
    run_notices(django_capture_on_commit_callbacks)
    services.program_return(program=program, by=director, comment="Уточните цели.")
    services.program_submit_for_review(program=program, by=methodist)
    run_notices(django_capture_on_commit_callbacks)
    assert OutgoingMessage.objects.filter(to=director.email).count() == 2


def test_a_renewal_says_the_year(methodist, director, years, django_capture_on_commit_callbacks):
    program = ProgramFactory(status=Program.Status.PUBLISHED)
    services.program_renewal_submit(program=program, by=methodist)
    program.refresh_from_db()
    run_notices(django_capture_on_commit_callbacks)
    mail = OutgoingMessage.objects.get(to=director.email)
    assert f"на утверждение на {program.renewal_year}" in mail.text


def test_a_program_decided_before_the_worker_runs_gets_no_notice(
    methodist, director, django_capture_on_commit_callbacks
):
    program = ProgramFactory(draft=True)
    services.program_submit_for_review(program=program, by=methodist)
    services.program_return(program=program, by=director, comment="Уточните цели.")
    assert run_notices(django_capture_on_commit_callbacks) == 0
    assert OutgoingMessage.objects.count() == 0


def test_a_refused_submission_queues_nothing(methodist, director):
    program = ProgramFactory(status=Program.Status.REVIEW)
    with pytest.raises(ValidationError), transaction.atomic():
        services.program_submit_for_review(program=program, by=methodist)
    assert notice_tasks().count() == 0


def test_a_rolled_back_submission_queues_nothing(methodist, director):
    program = ProgramFactory(draft=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.program_submit_for_review(program=program, by=methodist)
        raise RuntimeError("the request failed after the submission")
    assert notice_tasks().count() == 0


def test_a_subdivision_without_a_director_tells_its_parents_director(director, make_user):
    technopark = OrganisationFactory(
        name="Технопарк", kind=Organisation.Kind.SUBDIVISION, parent=home_organisation()
    )
    assert list(directors_of(technopark)) == [director]
    own = make_user(Role.DIRECTOR, username="technopark_director")
    own.person.organisation = technopark
    own.person.save(update_fields=["organisation"])
    assert list(directors_of(technopark)) == [own]
    make_user(Role.METHODIST, username="not_a_director")
    assert list(directors_of(home_organisation())) == [director]


def test_the_submit_page_queues_the_notice(client, methodist, director, django_capture_on_commit_callbacks):
    program = ProgramFactory(draft=True)
    client.force_login(methodist)
    client.post(reverse("programs:staff_program_submit", kwargs={"pk": program.pk}))
    program.refresh_from_db()
    assert program.status == Program.Status.REVIEW
    assert run_notices(django_capture_on_commit_callbacks) == 1
