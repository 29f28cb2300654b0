"""The public page: programs and counts, never a child's (or anyone's) personal data."""

import pytest
from django.urls import reverse

from mentoring.models import Form, MentoringProgram
from tests.factories import PersonFactory
from tests.mentoring.factories import MentoringProgramFactory, days_ago, learner_with_consent, make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    program = MentoringProgramFactory(
        title="Городская программа наставничества", mentoring_forms=list(Form.values)
    )
    learner = learner_with_consent(surname="Секретова", name="Алиса", school="СОШ № 5", school_class="6Б")
    make_pair(program=program, form=Form.EMPLOYER_PUPIL, mentees=[learner])
    make_pair(program=program, mentor=PersonFactory(surname="Педагогова"), start=days_ago(100))
    return program, learner


def test_public_page_shows_programs_with_counts(client, published):
    program, _ = published
    response = client.get(reverse("mentoring:index"))
    html = response.content.decode()
    assert "Городская программа наставничества" in html
    assert "работодатель – ученик" in html
    listed = response.context["programs"].get(pk=program.pk)
    assert (listed.pair_count, listed.active_pairs, listed.active_mentees, listed.completed_pairs) == (
        2,
        2,
        2,
        0,
    )


def test_public_page_shows_no_personal_data(client, published):
    _, learner = published
    html = client.get(reverse("mentoring:index")).content.decode()
    for secret in [
        "Секретова",
        "Алиса",
        "СОШ № 5",
        "6Б",
        learner.birth_date.strftime("%d.%m.%Y"),
        "Педагогова",
    ]:
        assert secret not in html


def test_draft_programs_are_not_public(client):
    MentoringProgramFactory(title="Черновик программы", status=MentoringProgram.Status.DRAFT)
    assert "Черновик программы" not in client.get(reverse("mentoring:index")).content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_public_page_query_count_does_not_grow_with_programs(client, count, django_assert_max_num_queries):
    for _ in range(count):
        make_pair(program=MentoringProgramFactory())
    with django_assert_max_num_queries(2):
        response = client.get(reverse("mentoring:index"))
    assert len(response.context["programs"]) == count


def test_header_links_to_the_mentoring_page(client):
    assert reverse("mentoring:index") in client.get(reverse("home")).content.decode()
