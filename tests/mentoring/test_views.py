"""Every page for every role: who may open it, who is sent away, and how."""

import re

import pytest
from django.urls import reverse

from centre.pagination import PAGE_SIZE
from mentoring.models import Form
from tests.factories import PersonFactory
from tests.mentoring.factories import make_pair

pytestmark = pytest.mark.django_db

MANAGERS = ["methodist", "director", "coordinator"]
ALL_ROLES = ["anonymous", "parent", "teacher", *MANAGERS]


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role_client", ALL_ROLES, indirect=True)
def test_public_page_opens_for_everyone(role_client, program):
    response = role_client.get(reverse("mentoring:index"))
    assert response.status_code == 200
    assert program.title in response.content.decode()


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 302), *((role, 200) for role in MANAGERS)],
    indirect=["role_client"],
)
def test_dashboard_is_for_managers_and_sends_a_teacher_to_their_pairs(role_client, expected):
    response = role_client.get(reverse("mentoring:dashboard"))
    assert response.status_code == expected
    if expected == 302:
        target = (
            reverse("mentoring:my_pairs") if role_client.session.get("_auth_user_id") else reverse("login")
        )
        assert response["Location"].startswith(target)


@pytest.mark.parametrize(
    "name",
    ["mentoring:export", "mentoring:program_create", "mentoring:external_create", "mentoring:pair_create"],
)
@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), *((role, 200) for role in MANAGERS)],
    indirect=["role_client"],
)
def test_manager_pages(role_client, expected, name):
    response = role_client.get(reverse(name))
    assert response.status_code == expected
    if expected == 302:
        assert_sent_to_login(response)


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), *((role, 200) for role in MANAGERS)],
    indirect=["role_client"],
)
def test_program_edit_page(role_client, expected, program):
    response = role_client.get(reverse("mentoring:program_update", args=[program.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 200), *((role, 200) for role in MANAGERS)],
    indirect=["role_client"],
)
def test_my_pairs_page(role_client, expected):
    response = role_client.get(reverse("mentoring:my_pairs"))
    assert response.status_code == expected


PAIR_PAGES = [
    "mentoring:pair_detail",
    "mentoring:pair_update",
    "mentoring:pair_status",
    "mentoring:meeting_create",
    "mentoring:plan_item_create",
    "mentoring:feedback_create",
]


@pytest.mark.parametrize("name", PAIR_PAGES)
@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 404), *((role, 200) for role in MANAGERS)],
    indirect=["role_client"],
)
def test_pages_of_someone_elses_pair(role_client, expected, name, others_pair):
    response = role_client.get(reverse(name, args=[others_pair.pk]))
    assert response.status_code == expected
    if expected == 302:
        assert_sent_to_login(response)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("mentoring:pair_detail", 200),
        ("mentoring:meeting_create", 200),
        ("mentoring:plan_item_create", 200),
        ("mentoring:feedback_create", 200),
        ("mentoring:pair_update", 403),
        ("mentoring:pair_status", 403),
    ],
)
def test_teacher_mentor_on_their_own_pair(teacher_client, teacher, program, name, expected):
    pair = make_pair(program=program, mentor=teacher.person)
    assert teacher_client.get(reverse(name, args=[pair.pk])).status_code == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("mentoring:pair_detail", 200),
        ("mentoring:feedback_create", 200),
        ("mentoring:meeting_create", 403),
        ("mentoring:plan_item_create", 403),
        ("mentoring:pair_update", 403),
        ("mentoring:pair_status", 403),
    ],
)
def test_teacher_mentee_on_their_own_pair(teacher_client, teacher, program, name, expected):
    pair = make_pair(program=program, mentees=[teacher.person])
    assert teacher_client.get(reverse(name, args=[pair.pk])).status_code == expected


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 404), *((role, 302) for role in MANAGERS)],
    indirect=["role_client"],
)
def test_plan_toggle_roles(role_client, expected, others_pair):
    from mentoring import services

    item = services.plan_item_add(pair=others_pair, title="Шаг", due_date=others_pair.start)
    url = reverse("mentoring:plan_item_toggle", args=[others_pair.pk, item.pk])
    response = role_client.post(url)
    assert response.status_code == expected
    item.refresh_from_db()
    if expected == 302 and role_client.session.get("_auth_user_id"):
        assert response["Location"] == others_pair.get_absolute_url()
        assert item.done_on is not None
    else:
        assert item.done_on is None


def test_plan_toggle_needs_post(methodist_client, others_pair):
    from mentoring import services

    item = services.plan_item_add(pair=others_pair, title="Шаг", due_date=others_pair.start)
    url = reverse("mentoring:plan_item_toggle", args=[others_pair.pk, item.pk])
    assert methodist_client.get(url).status_code == 405


def test_a_pair_that_does_not_exist_is_404(methodist_client):
    assert methodist_client.get(reverse("mentoring:pair_detail", args=[999999])).status_code == 404


def test_teacher_sees_only_their_own_pairs_in_the_list(teacher_client, teacher, program, others_pair):
    own = make_pair(program=program, mentor=teacher.person, mentees=[PersonFactory(surname="Молодых")])
    as_mentee = make_pair(program=program, mentor=PersonFactory(surname="Опытнова"), mentees=[teacher.person])
    response = teacher_client.get(reverse("mentoring:my_pairs"))
    assert list(response.context["pairs"]) == sorted(
        [own, as_mentee], key=lambda p: (-p.start.toordinal(), p.pk)
    )
    html = response.content.decode()
    assert "Молодых" in html and "Опытнова" in html
    assert others_pair.mentor_participant().name not in html


def test_staff_menu_link_leads_a_teacher_to_their_pairs(teacher_client):
    response = teacher_client.get(reverse("mentoring:dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mentoring:my_pairs")
    assert "Мои наставнические пары" in response.content.decode()


def test_pair_page_shows_a_learner_by_full_name_only(methodist_client, program):
    from tests.mentoring.factories import learner_with_consent

    learner = learner_with_consent(surname="Тестова", name="Вера", school="СОШ № 99", school_class="7Г")
    pair = make_pair(program=program, form=Form.PUPIL_PUPIL, mentees=[learner])
    html = methodist_client.get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert "Тестова Вера" in html
    assert "СОШ № 99" not in html
    assert "7Г" not in html
    assert learner.birth_date.strftime("%d.%m.%Y") not in html


def test_dashboard_ignores_an_unknown_program(coordinator_client, others_pair):
    response = coordinator_client.get(reverse("mentoring:dashboard"), {"program": "abc"})
    assert response.status_code == 200
    assert response.context["program"] is None
    assert response.context["pair_total"] == 1


def test_the_dashboard_pages_its_pairs_and_keeps_the_chosen_program(coordinator_client, program):
    for _ in range(PAGE_SIZE + 1):
        make_pair(program=program)
    url = reverse("mentoring:dashboard")
    first = coordinator_client.get(url, {"program": program.pk})
    assert len(first.context["page"].object_list) == PAGE_SIZE
    (next_link,) = re.findall(r'href="([^"]*)" rel="next"', first.content.decode())
    assert f"program={program.pk}" in next_link and "page=2" in next_link
    second = coordinator_client.get(url, {"program": program.pk, "page": 2})
    assert len(second.context["page"].object_list) == 1
    assert not re.findall(r'rel="next"', second.content.decode())


@pytest.mark.parametrize("model", ["externalperson", "mentoringprogram", "pair", "meeting", "feedback"])
def test_admin_lists_and_opens_mentoring_records(client, admin_user, others_pair, model):
    from mentoring import services

    services.meeting_log(
        pair=others_pair, by=None, date=others_pair.start, format="online", topic="Т", duration_minutes=45
    )
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:mentoring_{model}_changelist"))
    assert response.status_code == 200
    assert "Выберите" in response.content.decode()
    if model == "pair":
        page = client.get(reverse("admin:mentoring_pair_change", args=[others_pair.pk]))
        assert page.status_code == 200
        assert others_pair.mentor_participant().name in page.content.decode()
