import pytest
from django.contrib.auth import get_user_model

from mentoring.models import Form
from tests.factories import PersonFactory
from tests.mentoring.factories import MentoringProgramFactory, make_pair


@pytest.fixture
def program(db):
    return MentoringProgramFactory()


@pytest.fixture
def user_named():
    def get(username):
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture
def others_pair(program):
    """A pair none of the role users takes part in."""
    return make_pair(
        program=program, form=Form.TEACHER_TEACHER, mentor=PersonFactory(), mentees=[PersonFactory()]
    )
