"""The methodists' forms through the client: good input is saved, bad input gets a Russian
form error and nothing is saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from innovation.models import Order, OrderCoverage, Platform, Product, YearlyReport
from innovation.validators import PDF_MAX_BYTES
from tests.factories import PersonFactory, home_organisation
from tests.innovation.factories import (
    PDF_BYTES,
    OrderCoverageFactory,
    OrderFactory,
    PlatformFactory,
    PlatformKindFactory,
    YearlyReportFactory,
)

pytestmark = pytest.mark.django_db


def _pdf(name="order.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _errors(response) -> str:
    assert response.status_code == 200, "a form with errors is shown again"
    form = response.context["form"]
    assert form.errors
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


# Platforms


@pytest.fixture
def platform_data(years, current):
    organisation = home_organisation()
    return {
        "organisation": organisation.pk,
        "theme": "Поддержка и развитие одаренных и талантливых детей",
        "level": Platform.Level.CITY,
        "kind": PlatformKindFactory(name="Городская инновационная площадка", abbreviation="ГИП").pk,
        "network": "",
        "supervising_body": "Департамент образования Администрации города Омска",
        "first_year": years["2024/2025"].label,
        "last_year": current.label,
        "status": Platform.Status.ACTIVE,
        "closed_on": "",
        "responsible": [PersonFactory(organisation=organisation).pk],
        "goals": "Выявление и поддержка одарённых детей.",
        "description": "",
    }


def test_a_methodist_enters_a_platform(methodist_client, platform_data):
    response = methodist_client.post(reverse("innovation:platform_create"), platform_data)
    platform = Platform.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("innovation:platform", kwargs={"pk": platform.pk})
    assert platform.level == Platform.Level.CITY
    assert platform.first_year_id == "2024/2025"
    assert [p.pk for p in platform.responsible.all()] == platform_data["responsible"]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"first_year": "2025/2026", "last_year": "2024/2025"},
            "Период не может закончиться раньше, чем начался.",
        ),
        ({"status": Platform.Status.TERMINATED}, "Укажите дату досрочного прекращения работы площадки."),
        ({"closed_on": "2025-05-01"}, "У действующей площадки не может быть даты завершения."),
        ({"theme": ""}, "Обязательное поле."),
        ({"level": "galactic"}, "Выберите корректный вариант."),
    ],
)
def test_bad_platform_input_is_explained_and_nothing_saved(methodist_client, platform_data, change, message):
    response = methodist_client.post(reverse("innovation:platform_create"), {**platform_data, **change})
    assert message in _errors(response)
    assert not Platform.objects.exists()


def test_a_finished_platform_cannot_be_reopened_through_the_form(methodist_client, platform_data, years):
    platform = PlatformFactory(
        first_year=years["2014/2015"], last_year=years["2015/2016"], status="completed"
    )
    data = {
        **platform_data,
        "theme": platform.theme,
        "first_year": "2014/2015",
        "last_year": "2015/2016",
        "status": Platform.Status.ACTIVE,
    }
    response = methodist_client.post(reverse("innovation:platform_edit", kwargs={"pk": platform.pk}), data)
    assert "ей нельзя снова присвоить действующий статус" in _errors(response)
    platform.refresh_from_db()
    assert platform.status == Platform.Status.COMPLETED


def test_an_empty_post_is_a_form_error_not_a_crash(methodist_client):
    response = methodist_client.post(reverse("innovation:platform_create"), {})
    assert "Обязательное поле." in _errors(response)
    assert not Platform.objects.exists()


# Orders


@pytest.fixture
def platform(previous):
    return PlatformFactory(first_year=previous)


def _order_data(current, **change):
    return {
        "academic_year": current.label,
        "kind": Order.Kind.DIRECTIVE,
        "issuer": "Департамент образования Администрации города Омска",
        "number": "ДО/80-р",
        "date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "title": "О городских инновационных площадках",
        **change,
    }


def test_a_methodist_adds_an_order_with_its_pdf(methodist_client, platform, current):
    url = reverse("innovation:order_create", kwargs={"pk": platform.pk})
    assert methodist_client.get(url).context["form"]["academic_year"].value() == current.label
    response = methodist_client.post(url, {**_order_data(current), "file": _pdf()})
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.number == "ДО/80-р"
    assert order.file.read().startswith(b"%PDF-")
    assert list(OrderCoverage.objects.values_list("platform", "academic_year")) == [
        (platform.pk, current.label)
    ]
    assert not Platform.objects.missing_order_for(current).exists()


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "Дата приказа не может быть в будущем.",
        ),
        ({"academic_year": "2014/2015"}, "Учебный год 2014/2015 не входит в период работы площадки"),
        ({"number": ""}, "Обязательное поле."),
        ({"date": "31.02.2025"}, "Введите правильную дату."),
    ],
)
def test_bad_order_input_is_explained_and_nothing_saved(methodist_client, platform, current, change, message):
    url = reverse("innovation:order_create", kwargs={"pk": platform.pk})
    response = methodist_client.post(url, _order_data(current, **change))
    assert message in _errors(response)
    assert not Order.objects.exists()
    assert not OrderCoverage.objects.exists()


def test_an_order_entered_twice_is_refused(methodist_client, platform, current):
    existing = OrderFactory(number="ДО/80-р", date=timezone.localdate() - datetime.timedelta(days=3))
    url = reverse("innovation:order_create", kwargs={"pk": platform.pk})
    response = methodist_client.post(url, _order_data(current))
    assert "Документ с таким органом, номером и датой уже внесён." in _errors(response)
    assert list(Order.objects.all()) == [existing]
    assert not OrderCoverage.objects.exists()
    # the page offers to record the existing order instead
    assert reverse("innovation:order_link", kwargs={"pk": platform.pk}) in response.content.decode()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04 not a pdf", "Файл не читается как документ PDF"),
        (PDF_BYTES + b"0" * PDF_MAX_BYTES, "Файл слишком большой"),
    ],
)
def test_an_unreadable_or_oversize_scan_is_refused(methodist_client, platform, current, content, message):
    url = reverse("innovation:order_create", kwargs={"pk": platform.pk})
    response = methodist_client.post(url, {**_order_data(current), "file": _pdf(content=content)})
    assert message in _errors(response)
    assert not Order.objects.exists()


def test_an_order_already_entered_is_recorded_for_another_platform(methodist_client, platform, current):
    coverage = OrderCoverageFactory(academic_year=current, platform=PlatformFactory(first_year=current))
    url = reverse("innovation:order_link", kwargs={"pk": platform.pk})
    response = methodist_client.post(url, {"order": coverage.order.pk, "academic_year": current.label})
    assert response.status_code == 302
    assert set(coverage.order.platforms.all()) == {coverage.platform, platform}


def test_linking_an_order_twice_or_outside_the_period_is_refused(methodist_client, platform, current):
    coverage = OrderCoverageFactory(platform=platform, academic_year=current)
    url = reverse("innovation:order_link", kwargs={"pk": platform.pk})
    response = methodist_client.post(url, {"order": coverage.order.pk, "academic_year": current.label})
    assert "уже записан для этой площадки" in _errors(response)
    response = methodist_client.post(url, {"order": coverage.order.pk, "academic_year": "2013/2014"})
    assert "не входит в период работы площадки" in _errors(response)
    assert OrderCoverage.objects.count() == 1


def test_editing_an_order_keeps_the_rules(methodist_client, platform, current):
    coverage = OrderCoverageFactory(platform=platform, academic_year=current)
    url = reverse("innovation:order_edit", kwargs={"pk": platform.pk, "order_pk": coverage.order.pk})
    data = {
        "kind": Order.Kind.DIRECTIVE,
        "issuer": coverage.order.issuer,
        "number": "ДО/81-р",
        "date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "title": "",
    }
    response = methodist_client.post(url, data)
    assert "Дата приказа не может быть в будущем." in _errors(response)
    coverage.order.refresh_from_db()
    assert coverage.order.number != "ДО/81-р"
    response = methodist_client.post(url, {**data, "date": "2024-10-01"})
    assert response.status_code == 302
    coverage.order.refresh_from_db()
    assert (coverage.order.number, coverage.order.date) == ("ДО/81-р", datetime.date(2024, 10, 1))


# Reports


def _report_data(year, **change):
    return {
        "academic_year": year.label,
        "teams": 3,
        "participants": 12,
        "summary": "Проведены два семинара.",
        "dissemination": "",
        "status": YearlyReport.Status.SUBMITTED,
        "submitted_on": "2025-06-30",
        **change,
    }


def test_a_methodist_enters_a_yearly_report(methodist_client, platform, previous):
    teacher = PersonFactory()
    url = reverse("innovation:report_create", kwargs={"pk": platform.pk})
    assert methodist_client.get(url, {"year": previous.label}).context["form"]["academic_year"].value() == (
        previous.label
    )
    response = methodist_client.post(url, {**_report_data(previous), "staff": [teacher.pk]})
    assert response.status_code == 302
    report = YearlyReport.objects.get()
    assert (report.teams, report.participants, report.platform) == (3, 12, platform)
    assert list(report.staff.all()) == [teacher]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"teams": 13}, "Педагогических команд не может быть больше, чем участников."),
        ({"submitted_on": ""}, "Для сданного отчёта укажите дату сдачи."),
        ({"academic_year": "2013/2014"}, "не входит в период работы площадки"),
        ({"participants": -1}, "Убедитесь, что это значение больше либо равно 0."),
    ],
)
def test_bad_report_input_is_explained_and_nothing_saved(
    methodist_client, platform, previous, change, message
):
    url = reverse("innovation:report_create", kwargs={"pk": platform.pk})
    response = methodist_client.post(url, _report_data(previous, **change))
    assert message in _errors(response)
    assert not YearlyReport.objects.exists()


def test_a_second_report_for_the_year_is_refused(methodist_client, platform, previous):
    YearlyReportFactory(platform=platform, academic_year=previous)
    url = reverse("innovation:report_create", kwargs={"pk": platform.pk})
    response = methodist_client.post(url, _report_data(previous))
    assert "У площадки уже есть отчёт за этот учебный год." in _errors(response)
    assert YearlyReport.objects.count() == 1


def test_a_draft_report_is_edited_and_submitted(methodist_client, platform, previous):
    report = YearlyReportFactory(
        platform=platform, academic_year=previous, status=YearlyReport.Status.DRAFT, submitted_on=None
    )
    url = reverse("innovation:report_edit", kwargs={"pk": platform.pk, "report_pk": report.pk})
    response = methodist_client.post(url, _report_data(previous, teams=4))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.teams) == (YearlyReport.Status.SUBMITTED, 4)


# Products


def test_a_methodist_adds_a_product_with_a_file(methodist_client, platform, previous):
    url = reverse("innovation:product_create", kwargs={"pk": platform.pk})
    data = {
        "academic_year": previous.label,
        "kind": Product.Kind.PROJECT,
        "title": "«Время перемен»",
        "description": "Проект по диверсификации программ.",
        "link": "https://example.org/vremya-peremen",
        "file": _pdf("project.pdf"),
    }
    response = methodist_client.post(url, data)
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.title, product.platform) == ("«Время перемен»", platform)
    assert product.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"title": ""}, "Обязательное поле."),
        ({"academic_year": "2013/2014"}, "не входит в период работы площадки"),
        ({"link": "not a link"}, "Введите правильный URL."),
        ({"file": SimpleUploadedFile("p.pdf", b"GIF89a")}, "Файл не читается как документ PDF"),
        ({"kind": "poem"}, "Выберите корректный вариант."),
    ],
)
def test_bad_product_input_is_explained_and_nothing_saved(
    methodist_client, platform, previous, change, message
):
    url = reverse("innovation:product_create", kwargs={"pk": platform.pk})
    data = {"academic_year": previous.label, "kind": Product.Kind.OTHER, "title": "Пакет программ", **change}
    response = methodist_client.post(url, data)
    assert message in _errors(response)
    assert not Product.objects.exists()


def test_an_order_covering_two_years_of_the_platform_opens_for_editing(
    methodist_client, platform, previous, current
):
    coverage = OrderCoverageFactory(platform=platform, academic_year=previous)
    OrderCoverageFactory(order=coverage.order, platform=platform, academic_year=current)
    url = reverse("innovation:order_edit", kwargs={"pk": platform.pk, "order_pk": coverage.order.pk})
    assert methodist_client.get(url).status_code == 200
