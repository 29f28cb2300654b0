"""A published program is approved again every academic year: the methodist sends it for the
next year's approval, the director approves it (a second Approval) or returns it with a
comment. Meanwhile it stays published, so its groups of the current year stay in the public
catalogue; it cannot be edited while the director reviews it."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from centre.history import history_of
from centre.models import AcademicYear
from programs.models import Approval, CatalogueEntry, Group, Program
from programs.services import program_archive, program_renewal_submit
from tests.factories import AcademicYearFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory, ProgramFactory
from tests.programs.helpers import approval_data as first_approval_data
from tests.programs.helpers import program_data

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "Выберите корректный вариант"


def next_label(year):
    first = int(year.label[:4]) + 1
    return f"{first}/{first + 1}"


def approve(program, year, number="1-од"):
    return Approval.objects.create(
        program=program,
        academic_year=year,
        order_number=number,
        order_date=year.start,
        council_protocol_number="1",
        council_date=year.start,
    )


@pytest.fixture
def year():
    return CurrentYearFactory()


@pytest.fixture
def program(year):
    """A published program approved for the current year, taught in a group of that year."""
    program = ProgramFactory(title="Робототехника: первые шаги")
    approve(program, year, "112-од")
    GroupFactory(program=program, academic_year=year, club__name="Робоквантум", club__slug="robokvantum")
    return program


@pytest.fixture
def renewing(program):
    """The same program, sent for approval for the next year."""
    next_year = AcademicYearFactory(label=next_label(CurrentYearFactory()))
    Program.objects.filter(pk=program.pk).update(renewal=Program.Renewal.REVIEW, renewal_year=next_year)
    program.refresh_from_db()
    return program


def approval_data(year, **overrides):
    """The new year's approval: its own order number, beside the first year's 112-од."""
    return first_approval_data(year, **{"approval-order_number": "7-од", **overrides})


def detail(program):
    return reverse("programs:staff_program", args=[program.pk])


def submit(program):
    return reverse("programs:staff_program_submit", args=[program.pk])


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def logged_in(user):
    """A client of its own (the client fixtures share one), signed in as the user."""
    client = Client()
    client.force_login(user)
    return client


def in_catalogue(program):
    """The program's current-year group is in the catalogue table and on the public page."""
    group = program.groups.get()
    cache.clear()
    page = Client().get(reverse("programs:catalogue")).content.decode()
    listed = group.club.slug in re.findall(r'data-testid="club-card" data-slug="([^"]+)"', page)
    return (
        Group.objects.in_catalogue().filter(pk=group.pk).exists()
        and CatalogueEntry.objects.current().filter(group=group).exists()
        and listed
    )


# --- the methodist sends it ----------------------------------------------------------------


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
def test_only_a_methodist_sends_a_published_program_for_another_years_approval(
    role_client, program, year, expected, sent
):
    response = role_client.post(submit(program))
    assert response.status_code == expected
    program.refresh_from_db()
    assert program.status == Program.Status.PUBLISHED
    assert (program.renewal == Program.Renewal.REVIEW) is sent
    assert AcademicYear.objects.filter(label=next_label(year)).exists() is sent


def test_the_methodist_sends_it_from_the_programs_page(methodist_client, program, year):
    label = next_label(year)
    page = methodist_client.get(detail(program)).content.decode()
    assert 'id="program-renew"' in page
    assert f"Отправить на утверждение на {label} учебный год" in page
    assert 'id="program-submit"' not in page
    response = methodist_client.post(submit(program), follow=True)
    assert messages_of(response) == [
        (
            "success",
            f"Программа отправлена директору на утверждение на {label} учебный год. "
            "До решения она остаётся опубликованной как утверждённая на текущий год.",
        )
    ]
    program.refresh_from_db()
    assert (program.status, program.renewal, str(program.renewal_year)) == ("published", "review", label)
    # the year after the current one, added with it: from the day after the current one ends
    new_year = program.renewal_year
    assert (new_year.start, new_year.end, new_year.is_current) == (
        year.end + datetime.timedelta(days=1),
        year.end.replace(year=year.end.year + 1),
        False,
    )
    page = response.content.decode()
    assert 'id="renewal"' in page and 'data-renewal="review"' in page
    assert 'id="program-renew"' not in page and 'id="program-edit"' not in page
    assert in_catalogue(program)


def test_an_academic_year_the_administrator_added_is_used_as_it_is(methodist_client, program, year):
    added = AcademicYear.objects.create(
        label=next_label(year), start=year.end + datetime.timedelta(days=2), end=year.end.replace(year=2099)
    )
    methodist_client.post(submit(program))
    program.refresh_from_db()
    assert program.renewal_year == added
    assert AcademicYear.objects.count() == 2


def test_a_program_not_approved_for_the_current_year_is_sent_for_it(methodist_client, year):
    program = ProgramFactory()  # published, e.g. last year, with no approval for this one
    page = methodist_client.get(detail(program)).content.decode()
    assert f"Отправить на утверждение на {year.label} учебный год" in page
    methodist_client.post(submit(program))
    program.refresh_from_db()
    assert program.renewal_year == year
    assert AcademicYear.objects.count() == 1


def test_a_program_approved_for_both_years_is_not_sent_and_says_why(methodist_client, program, year):
    approve(program, AcademicYearFactory(label=next_label(year)))
    assert 'id="program-renew"' not in methodist_client.get(detail(program)).content.decode()
    response = methodist_client.post(submit(program), follow=True)
    assert messages_of(response) == [
        ("error", "Программа уже утверждена и на текущий, и на следующий учебный год.")
    ]
    program.refresh_from_db()
    assert program.renewal == ""


def test_a_program_waiting_for_approval_is_not_sent_twice(methodist_client, renewing):
    response = methodist_client.post(submit(renewing), follow=True)
    assert messages_of(response) == [
        (
            "error",
            f"Программа уже ждёт утверждения директором на {renewing.renewal_year} учебный год.",
        )
    ]


def test_without_a_current_year_nothing_is_sent(methodist_client):
    program = ProgramFactory()
    assert 'id="program-renew"' not in methodist_client.get(detail(program)).content.decode()
    response = methodist_client.post(submit(program), follow=True)
    assert [level for level, _text in messages_of(response)] == ["error"]
    assert "текущий" in messages_of(response)[0][1]
    program.refresh_from_db()
    assert program.renewal == ""
    assert not AcademicYear.objects.exists()


def test_a_program_under_review_cannot_be_edited(methodist_client, renewing):
    url = reverse("programs:staff_program_edit", args=[renewing.pk])
    assert methodist_client.get(url).status_code == 404
    assert methodist_client.post(url, program_data(title="Изменено")).status_code == 404
    renewing.refresh_from_db()
    assert renewing.title == "Робототехника: первые шаги"


# --- the director decides ------------------------------------------------------------------


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 403), ("director", 200)],
    indirect=["role_client"],
)
def test_the_review_queue_lists_it_for_the_director(role_client, renewing, expected):
    response = role_client.get(reverse("programs:staff_review"))
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert f'id="program-{renewing.pk}"' in page
        assert f"утверждение на {renewing.renewal_year} учебный год" in page


@pytest.mark.parametrize(
    "role_client, expected, forms",
    [
        ("anonymous", 302, False),
        ("parent", 403, False),
        ("teacher", 403, False),
        ("methodist", 200, False),
        ("director", 200, True),
    ],
    indirect=["role_client"],
)
def test_the_programs_page_while_it_waits(role_client, renewing, expected, forms):
    response = role_client.get(detail(renewing))
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert 'data-renewal="review"' in page
        assert ('id="approve-form"' in page and 'id="return-form"' in page) is forms
        if forms:
            assert f"Утвердить на {renewing.renewal_year} учебный год" in page
            form = response.context["approval_form"]
            assert [year.pk for year in form.fields["academic_year"].queryset] == [renewing.renewal_year_id]


DECIDERS = [
    ("anonymous", 302, False),
    ("parent", 403, False),
    ("teacher", 403, False),
    ("methodist", 403, False),
    ("director", 302, True),
]


@pytest.mark.parametrize("role_client, expected, approved", DECIDERS, indirect=["role_client"])
def test_only_the_director_approves_it_for_the_new_year(role_client, renewing, expected, approved):
    new_year = renewing.renewal_year
    response = role_client.post(
        reverse("programs:staff_program_approve", args=[renewing.pk]), approval_data(new_year)
    )
    assert response.status_code == expected
    if not approved and expected == 302:
        assert response["Location"].startswith(reverse("login"))
    renewing.refresh_from_db()
    assert renewing.status == Program.Status.PUBLISHED
    assert (renewing.renewal == "") is approved
    assert renewing.approvals.filter(academic_year=new_year).exists() is approved
    assert renewing.approvals.count() == (2 if approved else 1)


def test_the_director_approves_and_both_years_approvals_are_kept(director_client, director, renewing, year):
    new_year = renewing.renewal_year
    response = director_client.post(
        reverse("programs:staff_program_approve", args=[renewing.pk]), approval_data(new_year), follow=True
    )
    assert messages_of(response) == [("success", f"Программа утверждена на {new_year} учебный год.")]
    renewing.refresh_from_db()
    assert (renewing.status, renewing.renewal, renewing.renewal_year) == ("published", "", None)
    assert [(a.academic_year, a.order_number, a.approved_by) for a in renewing.approvals.all()] == [
        (new_year, "7-од", director),
        (year, "112-од", None),
    ]
    page = response.content.decode()
    assert "7-од" in page and "112-од" in page
    assert 'id="approve-form"' not in page and "data-renewal" not in page


def test_another_year_sent_by_hand_is_refused(director_client, renewing, year):
    response = director_client.post(
        reverse("programs:staff_program_approve", args=[renewing.pk]), approval_data(year)
    )
    assert response.status_code == 200
    assert INVALID_CHOICE in " ".join(response.context["approval_form"].errors["academic_year"])
    renewing.refresh_from_db()
    assert renewing.renewal == Program.Renewal.REVIEW
    assert renewing.approvals.count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"approval-order_number": ""}, "order_number"),
        ({"approval-council_date": "2999-01-01"}, "council_date"),
        ({"approval-academic_year": ""}, "academic_year"),
    ],
)
def test_a_bad_approval_saves_nothing(director_client, renewing, overrides, field):
    response = director_client.post(
        reverse("programs:staff_program_approve", args=[renewing.pk]),
        approval_data(renewing.renewal_year, **overrides),
    )
    assert response.status_code == 200
    assert field in response.context["approval_form"].errors
    assert 'class="invalid-feedback' in response.content.decode()
    renewing.refresh_from_db()
    assert renewing.renewal == Program.Renewal.REVIEW
    assert renewing.approvals.count() == 1


@pytest.mark.parametrize("role_client, expected, returned", DECIDERS, indirect=["role_client"])
def test_only_the_director_returns_it(role_client, renewing, expected, returned):
    response = role_client.post(
        reverse("programs:staff_program_return", args=[renewing.pk]),
        {"return-review_comment": "Обновите календарный учебный график."},
    )
    assert response.status_code == expected
    renewing.refresh_from_db()
    assert renewing.status == Program.Status.PUBLISHED
    assert (renewing.renewal == Program.Renewal.RETURNED) is returned


def test_a_returned_program_is_changed_and_sent_again(director, methodist_client, renewing):
    new_year = renewing.renewal_year
    response = logged_in(director).post(
        reverse("programs:staff_program_return", args=[renewing.pk]),
        {"return-review_comment": "  Обновите календарный учебный график.  "},
    )
    assert response["Location"] == reverse("programs:staff_review")
    renewing.refresh_from_db()
    assert (renewing.renewal, renewing.review_comment) == ("returned", "Обновите календарный учебный график.")
    assert in_catalogue(renewing)
    for url in (detail(renewing), reverse("programs:staff_programs")):
        page = methodist_client.get(url).content.decode()
        assert "Обновите календарный учебный график." in page, url
    page = methodist_client.get(detail(renewing)).content.decode()
    assert f"Утверждение на {new_year} учебный год возвращено на доработку" in page
    assert 'id="program-edit"' in page and 'id="program-renew"' in page
    edit = reverse("programs:staff_program_edit", args=[renewing.pk])
    data = program_data(title="Робототехника: первые шаги (2-я редакция)", slug=renewing.slug)
    assert methodist_client.post(edit, data).status_code == 302
    methodist_client.post(submit(renewing))
    renewing.refresh_from_db()
    assert (renewing.renewal, renewing.renewal_year) == ("review", new_year)
    assert renewing.title == "Робототехника: первые шаги (2-я редакция)"


def test_returning_it_needs_a_comment(director_client, renewing):
    response = director_client.post(
        reverse("programs:staff_program_return", args=[renewing.pk]), {"return-review_comment": "   "}
    )
    assert response.status_code == 200
    assert "review_comment" in response.context["return_form"].errors
    renewing.refresh_from_db()
    assert (renewing.renewal, renewing.review_comment) == ("review", "")


# --- the catalogue, the history, the rules -------------------------------------------------


def test_the_current_years_group_stays_in_the_catalogue_throughout(methodist_client, director, program):
    assert in_catalogue(program)
    methodist_client.post(submit(program))
    assert in_catalogue(program)
    program.refresh_from_db()
    response = logged_in(director).post(
        reverse("programs:staff_program_approve", args=[program.pk]), approval_data(program.renewal_year)
    )
    assert response.status_code == 302
    assert in_catalogue(program)


def test_the_history_records_each_step(methodist_client, director, program):
    methodist_client.post(submit(program))
    logged_in(director).post(
        reverse("programs:staff_program_return", args=[program.pk]), {"return-review_comment": "Доработать"}
    )
    program.refresh_from_db()
    steps = [
        (entry.who, change.field, change.old, change.new)
        for entry in reversed(history_of(program))
        for change in entry.changes
        if change.field == "утверждение на новый учебный год"
    ]
    assert [step[1:] for step in steps] == [
        ("утверждение на новый учебный год", "—", "на рассмотрении"),
        ("утверждение на новый учебный год", "на рассмотрении", "на доработке"),
    ]
    assert steps[0][0] != steps[1][0]  # the methodist, then the director
    page = methodist_client.get(detail(program)).content.decode()
    assert f"Учебный год нового утверждения: — → {program.renewal_year}" in page
    assert "Утверждение на новый учебный год: на рассмотрении → на доработке" in page


def test_the_database_keeps_the_renewal_rules(renewing, year):
    programs = Program.objects.filter(pk=renewing.pk)
    for change in (
        {"status": Program.Status.DRAFT},  # only a published program is re-approved
        {"renewal_year": None},  # for a named year
        {"renewal": "", "renewal_year": year},
        {"renewal": Program.Renewal.RETURNED},  # with the director's comment
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            programs.update(**change)


def test_an_archived_program_leaves_the_review(methodist, renewing):
    program_archive(program=renewing, by=methodist)
    renewing.refresh_from_db()
    assert (renewing.status, renewing.renewal, renewing.renewal_year) == ("archived", "", None)
    with pytest.raises(Exception, match="опубликованная"):
        program_renewal_submit(program=renewing, by=methodist)


@pytest.mark.parametrize("waiting", [False, True])
def test_detail_queries_do_not_grow_with_approvals(
    methodist, director, program, waiting, django_assert_max_num_queries
):
    """The methodist's page works out the year to send it for; the director's has the forms."""
    if waiting:
        program_renewal_submit(program=program, by=methodist)
    client = logged_in(director if waiting else methodist)
    with django_assert_max_num_queries(16) as few:
        assert client.get(detail(program)).status_code == 200
    for number in range(5):
        approve(program, AcademicYearFactory(label=f"{2001 + number}/{2002 + number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(detail(program))
