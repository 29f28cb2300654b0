"""Staff pages of programs: the methodist's list, forms and modules; the director's review."""

import pytest
from django.urls import reverse

from programs.models import Approval, Direction, Module, Program
from tests.programs.factories import CurrentYearFactory, ModuleFactory, ProgramFactory
from tests.programs.helpers import approval_data, program_data

pytestmark = pytest.mark.django_db

REQUIRED = "Обязательное поле."


# --- who may open what ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 200)],
    indirect=["role_client"],
)
def test_program_list_and_detail_are_for_methodists_and_directors(role_client, expected):
    program = ProgramFactory()
    for url in (reverse("programs:staff_programs"), reverse("programs:staff_program", args=[program.pk])):
        response = role_client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 403)],
    indirect=["role_client"],
)
def test_only_a_methodist_creates_and_edits_programs(role_client, expected):
    program = ProgramFactory(draft=True)
    for url in (
        reverse("programs:staff_program_create"),
        reverse("programs:staff_program_edit", args=[program.pk]),
    ):
        assert role_client.get(url).status_code == expected, url
    response = role_client.post(reverse("programs:staff_program_create"), program_data())
    assert response.status_code == (302 if expected == 200 else expected)
    assert Program.objects.filter(title="Робототехника для начинающих").exists() is (expected == 200)


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 403), ("director", 200)],
    indirect=["role_client"],
)
def test_the_review_queue_is_the_directors(role_client, expected):
    program = ProgramFactory(in_review=True, title="Программа на рассмотрении")
    response = role_client.get(reverse("programs:staff_review"))
    assert response.status_code == expected
    if expected == 200:
        assert f'id="program-{program.pk}"' in response.content.decode()


@pytest.mark.parametrize(
    "role_client, expected, sent",
    [
        ("anonymous", 302, False),
        ("parent", 403, False),
        ("teacher", 403, False),
        ("methodist", 302, True),
        ("director", 403, False),
    ],
    indirect=["role_client"],
)
def test_only_a_methodist_sends_a_program_for_review(role_client, expected, sent):
    program = ProgramFactory(draft=True)
    response = role_client.post(reverse("programs:staff_program_submit", args=[program.pk]))
    assert response.status_code == expected
    program.refresh_from_db()
    assert (program.status == Program.Status.REVIEW) is sent


def test_submit_only_accepts_post(methodist_client):
    program = ProgramFactory(draft=True)
    assert (
        methodist_client.get(reverse("programs:staff_program_submit", args=[program.pk])).status_code == 405
    )
    program.refresh_from_db()
    assert program.status == Program.Status.DRAFT


# --- the list: search, filters, pagination -------------------------------------------------


def titles_on(response):
    return [program.title for program in response.context["page"].object_list]


def test_search_finds_by_the_russian_stem(methodist_client):
    ProgramFactory(title="Робототехника и программирование")
    ProgramFactory(title="Хореография", announcement="Танцы", description="Народный танец.")
    response = methodist_client.get(reverse("programs:staff_programs"), {"q": "робот"})
    assert titles_on(response) == ["Робототехника и программирование"]


def test_filters_by_status_direction_and_level(methodist_client):
    arts = Direction.objects.get(slug="arts")
    ProgramFactory(title="Черновик", status=Program.Status.DRAFT)
    ProgramFactory(title="Студия танца", direction=arts, levels=["basic", "advanced"])
    ProgramFactory(title="Техника", levels=["starter"])
    url = reverse("programs:staff_programs")
    assert titles_on(methodist_client.get(url, {"status": "draft"})) == ["Черновик"]
    assert titles_on(methodist_client.get(url, {"direction": arts.pk})) == ["Студия танца"]
    assert titles_on(methodist_client.get(url, {"level": "advanced"})) == ["Студия танца"]
    assert sorted(titles_on(methodist_client.get(url))) == ["Студия танца", "Техника", "Черновик"]


def test_a_bad_filter_value_shows_an_error_not_a_crash(methodist_client):
    ProgramFactory()
    response = methodist_client.get(
        reverse("programs:staff_programs"), {"status": "nonsense", "direction": "x"}
    )
    assert response.status_code == 200
    assert titles_on(response) == []
    assert response.context["filter"].form.errors["status"]


def test_the_list_is_paginated_and_keeps_the_filters(methodist_client):
    for number in range(30):
        ProgramFactory(title=f"Программа {number:02d}", status=Program.Status.DRAFT)
    url = reverse("programs:staff_programs")
    first = methodist_client.get(url, {"status": "draft"})
    assert len(titles_on(first)) == 25
    assert "status=draft&amp;page=2" in first.content.decode()
    second = methodist_client.get(url, {"status": "draft", "page": 2})
    assert titles_on(second) == [f"Программа {number:02d}" for number in range(25, 30)]
    assert methodist_client.get(url, {"page": "abc"}).status_code == 200


def test_a_returned_program_shows_the_directors_comment(methodist_client):
    program = ProgramFactory(returned=True, review_comment="Добавьте модуль по технике безопасности.")
    for url in (
        reverse("programs:staff_programs"),
        reverse("programs:staff_program", args=[program.pk]),
        reverse("programs:staff_program_edit", args=[program.pk]),
    ):
        assert "Добавьте модуль по технике безопасности." in methodist_client.get(url).content.decode(), url


def test_program_list_queries_do_not_grow_with_rows(methodist_client, django_assert_max_num_queries):
    url = reverse("programs:staff_programs")
    ProgramFactory.create_batch(3)
    with django_assert_max_num_queries(8) as few:
        methodist_client.get(url)
    ProgramFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        methodist_client.get(url)


def test_program_detail_queries_do_not_grow_with_modules(director_client, django_assert_max_num_queries):
    program = ProgramFactory(in_review=True)
    ModuleFactory(program=program)
    url = reverse("programs:staff_program", args=[program.pk])
    with django_assert_max_num_queries(12) as few:
        director_client.get(url)
    ModuleFactory.create_batch(15, program=program)
    with django_assert_max_num_queries(len(few.captured_queries)):
        director_client.get(url)


def test_review_queue_queries_do_not_grow_with_rows(director_client, django_assert_max_num_queries):
    url = reverse("programs:staff_review")
    ProgramFactory.create_batch(2, in_review=True)
    with django_assert_max_num_queries(8) as few:
        director_client.get(url)
    ProgramFactory.create_batch(15, in_review=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        director_client.get(url)


# --- create and edit with modules ----------------------------------------------------------


def test_methodist_creates_a_program_with_modules(methodist_client, methodist):
    response = methodist_client.post(reverse("programs:staff_program_create"), program_data())
    program = Program.objects.get(title="Робототехника для начинающих")
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:staff_program", args=[program.pk])
    assert program.status == Program.Status.DRAFT
    assert program.created_by == methodist
    assert program.slug == "robototekhnika-dlia-nachinaiushchikh"
    assert list(program.modules.values_list("title", "kind", "hours")) == [
        ("Введение", "invariant", 18),
        ("Соревновательная робототехника", "variable", 36),
    ]


def test_a_second_program_with_the_same_title_gets_its_own_address(methodist_client):
    methodist_client.post(reverse("programs:staff_program_create"), program_data())
    methodist_client.post(reverse("programs:staff_program_create"), program_data())
    assert sorted(Program.objects.values_list("slug", flat=True)) == [
        "robototekhnika-dlia-nachinaiushchikh",
        "robototekhnika-dlia-nachinaiushchikh-2",
    ]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": ""}, "title"),
        ({"age_min": "12", "age_max": "8"}, "age_max"),
        ({"levels": []}, "levels"),
        ({"age_min": "2"}, "age_min"),
        ({"disabilities": ["sight"]}, "disabilities"),
        ({"slug": "Не латиница"}, "slug"),
    ],
)
def test_bad_program_input_is_refused_and_nothing_is_saved(methodist_client, overrides, field):
    response = methodist_client.post(reverse("programs:staff_program_create"), program_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Program.objects.count() == 0
    assert Module.objects.count() == 0


def test_a_required_field_is_explained_in_russian(methodist_client):
    response = methodist_client.post(reverse("programs:staff_program_create"), program_data(title=""))
    assert REQUIRED in response.content.decode()


def test_a_bad_module_saves_neither_the_program_nor_its_modules(methodist_client):
    response = methodist_client.post(
        reverse("programs:staff_program_create"),
        program_data(**{"modules-1-hours": "0", "modules-1-kind": "x"}),
    )
    assert response.status_code == 200
    errors = response.context["formset"].errors[1]
    assert "hours" in errors and "kind" in errors
    assert Program.objects.count() == 0
    assert Module.objects.count() == 0


def test_methodist_edits_modules_and_removes_one(methodist_client):
    program = ProgramFactory(draft=True, title="Старое название")
    keep = ModuleFactory(program=program, title="Оставить", hours=10)
    drop = ModuleFactory(program=program, title="Убрать")
    data = program_data(
        title="Новое название",
        slug=program.slug,
        **{
            "modules-TOTAL_FORMS": "2",
            "modules-INITIAL_FORMS": "2",
            "modules-0-id": str(keep.pk),
            "modules-0-program": str(program.pk),
            "modules-0-title": "Оставить",
            "modules-0-hours": "20",
            "modules-1-id": str(drop.pk),
            "modules-1-program": str(program.pk),
            "modules-1-title": "Убрать",
            "modules-1-hours": "18",
            "modules-1-DELETE": "on",
        },
    )
    response = methodist_client.post(reverse("programs:staff_program_edit", args=[program.pk]), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Новое название"
    assert list(program.modules.values_list("title", "hours")) == [("Оставить", 20)]


@pytest.mark.parametrize("status", [Program.Status.REVIEW, Program.Status.ARCHIVED])
def test_a_program_under_review_or_archived_is_not_edited(methodist_client, status):
    program = ProgramFactory(status=status, title="Не трогать")
    url = reverse("programs:staff_program_edit", args=[program.pk])
    assert methodist_client.get(url).status_code == 404
    assert methodist_client.post(url, program_data(title="Изменено")).status_code == 404
    program.refresh_from_db()
    assert program.title == "Не трогать"


def test_methodist_sends_a_returned_program_again(methodist_client):
    program = ProgramFactory(returned=True)
    response = methodist_client.post(reverse("programs:staff_program_submit", args=[program.pk]), follow=True)
    program.refresh_from_db()
    assert program.status == Program.Status.REVIEW
    assert response.status_code == 200


@pytest.mark.parametrize("status", [Program.Status.REVIEW, Program.Status.ARCHIVED])
def test_a_program_under_review_or_archived_cannot_be_sent_and_says_why(methodist_client, status):
    """A published one is sent for approval for another year (test_staff_program_renewal.py)."""
    CurrentYearFactory()
    program = ProgramFactory(status=status)
    response = methodist_client.post(reverse("programs:staff_program_submit", args=[program.pk]), follow=True)
    program.refresh_from_db()
    assert (program.status, program.renewal) == (status, "")
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        ("error", "На рассмотрение можно отправить только черновик или программу после доработки.")
    ]


# --- the director's decision ---------------------------------------------------------------


def test_a_methodist_cannot_publish_or_return(methodist_client):
    year = CurrentYearFactory()
    program = ProgramFactory(in_review=True)
    approve = methodist_client.post(
        reverse("programs:staff_program_approve", args=[program.pk]), approval_data(year)
    )
    back = methodist_client.post(
        reverse("programs:staff_program_return", args=[program.pk]), {"return-review_comment": "Переделать"}
    )
    assert approve.status_code == 403
    assert back.status_code == 403
    program.refresh_from_db()
    assert program.status == Program.Status.REVIEW
    assert not Approval.objects.exists()


@pytest.mark.parametrize("role_client", ["anonymous", "parent", "teacher"], indirect=True)
def test_others_cannot_publish_either(role_client):
    year = CurrentYearFactory()
    program = ProgramFactory(in_review=True)
    response = role_client.post(
        reverse("programs:staff_program_approve", args=[program.pk]), approval_data(year)
    )
    assert response.status_code in (302, 403)
    program.refresh_from_db()
    assert program.status == Program.Status.REVIEW
    assert not Approval.objects.exists()


def test_the_director_publishes_and_the_approval_is_recorded(director_client, director):
    year = CurrentYearFactory()
    program = ProgramFactory(in_review=True)
    page = director_client.get(reverse("programs:staff_program", args=[program.pk])).content.decode()
    assert 'id="approve-form"' in page and 'id="return-form"' in page
    response = director_client.post(
        reverse("programs:staff_program_approve", args=[program.pk]), approval_data(year)
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == Program.Status.PUBLISHED
    approval = Approval.objects.get(program=program)
    assert (approval.academic_year, approval.order_number, approval.council_protocol_number) == (
        year,
        "112-од",
        "1",
    )
    assert approval.approved_by == director
    detail = director_client.get(reverse("programs:staff_program", args=[program.pk])).content.decode()
    assert "112-од" in detail


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"approval-order_number": ""}, "order_number"),
        ({"approval-council_date": "2999-01-01"}, "council_date"),
        ({"approval-order_date": "вчера"}, "order_date"),
        ({"approval-academic_year": ""}, "academic_year"),
    ],
)
def test_a_bad_approval_publishes_nothing(director_client, overrides, field):
    year = CurrentYearFactory()
    program = ProgramFactory(in_review=True)
    response = director_client.post(
        reverse("programs:staff_program_approve", args=[program.pk]), approval_data(year, **overrides)
    )
    assert response.status_code == 200
    assert field in response.context["approval_form"].errors
    program.refresh_from_db()
    assert program.status == Program.Status.REVIEW
    assert not Approval.objects.exists()


def test_a_second_approval_for_the_same_year_is_refused(director_client):
    year = CurrentYearFactory()
    program = ProgramFactory(in_review=True)
    Approval.objects.create(
        program=program,
        academic_year=year,
        order_number="1",
        order_date=year.start,
        council_protocol_number="1",
        council_date=year.start,
    )
    response = director_client.post(
        reverse("programs:staff_program_approve", args=[program.pk]), approval_data(year)
    )
    assert response.status_code == 200
    assert response.context["approval_form"].non_field_errors()
    program.refresh_from_db()
    assert program.status == Program.Status.REVIEW
    assert Approval.objects.count() == 1


def test_returning_needs_a_comment(director_client):
    program = ProgramFactory(in_review=True)
    url = reverse("programs:staff_program_return", args=[program.pk])
    for blank in ("", "   "):
        response = director_client.post(url, {"return-review_comment": blank})
        assert response.status_code == 200
        assert "review_comment" in response.context["return_form"].errors
    program.refresh_from_db()
    assert program.status == Program.Status.REVIEW
    assert program.review_comment == ""
    html = director_client.post(url, {"return-review_comment": ""}).content.decode()
    assert "Укажите, что нужно доработать, возвращая программу." in html


def test_the_director_returns_with_a_comment(director_client):
    program = ProgramFactory(in_review=True)
    response = director_client.post(
        reverse("programs:staff_program_return", args=[program.pk]),
        {"return-review_comment": "  Уточните часы вариативного модуля.  "},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:staff_review")
    program.refresh_from_db()
    assert program.status == Program.Status.RETURNED
    assert program.review_comment == "Уточните часы вариативного модуля."


def test_a_draft_cannot_be_approved(director_client):
    year = CurrentYearFactory()
    program = ProgramFactory(draft=True)
    response = director_client.post(
        reverse("programs:staff_program_approve", args=[program.pk]), approval_data(year)
    )
    assert response.status_code == 200
    assert response.context["approval_form"].non_field_errors()
    program.refresh_from_db()
    assert program.status == Program.Status.DRAFT
    assert not Approval.objects.exists()


def test_approve_and_return_only_accept_post(director_client):
    program = ProgramFactory(in_review=True)
    for name in ("programs:staff_program_approve", "programs:staff_program_return"):
        assert director_client.get(reverse(name, args=[program.pk])).status_code == 405
