import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from innovation.models import Order, OrderCoverage, Platform, Product, YearlyReport
from tests.innovation.factories import (
    OrderCoverageFactory,
    OrderFactory,
    PlatformFactory,
    ProductFactory,
    YearlyReportFactory,
)

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError, field: str) -> list[str]:
    return [str(message) for message in error.message_dict.get(field, [])]


# Platform


def test_a_period_ending_before_it_starts_is_refused_by_clean_and_database(years):
    platform = PlatformFactory.build(first_year=years["2016/2017"], last_year=years["2014/2015"])
    with pytest.raises(ValidationError) as error:
        platform.full_clean()
    assert "Период не может закончиться раньше, чем начался." in _messages(error.value, "last_year")
    with (
        pytest.raises(IntegrityError, match="innovation_platform_period_ends_after_start"),
        transaction.atomic(),
    ):
        PlatformFactory(first_year=years["2016/2017"], last_year=years["2014/2015"])


def test_a_one_year_period_is_accepted(years):
    platform = PlatformFactory(first_year=years["2014/2015"], last_year=years["2014/2015"])
    platform.full_clean()
    assert platform.period_label == "2014/2015"


def test_a_terminated_platform_needs_its_closing_date(years):
    platform = PlatformFactory.build(first_year=years["2014/2015"], status=Platform.Status.TERMINATED)
    with pytest.raises(ValidationError) as error:
        platform.full_clean()
    assert "Укажите дату досрочного прекращения работы площадки." in _messages(error.value, "closed_on")
    with pytest.raises(IntegrityError, match="innovation_platform_terminated_has_date"), transaction.atomic():
        PlatformFactory(first_year=years["2014/2015"], status=Platform.Status.TERMINATED)


def test_a_platform_in_force_cannot_have_a_closing_date(current):
    with (
        pytest.raises(IntegrityError, match="innovation_platform_closed_only_when_finished"),
        transaction.atomic(),
    ):
        PlatformFactory(status=Platform.Status.ACTIVE, closed_on=datetime.date(2020, 5, 1))


def test_a_finished_platform_cannot_become_active_again(years):
    platform = PlatformFactory(first_year=years["2014/2015"], status=Platform.Status.COMPLETED)
    platform.status = Platform.Status.ACTIVE
    with pytest.raises(ValidationError) as error:
        platform.full_clean()
    assert "ей нельзя снова присвоить действующий статус" in _messages(error.value, "status")[0]


def test_a_live_platform_may_be_extended_and_completed(years):
    platform = PlatformFactory(first_year=years["2014/2015"], status=Platform.Status.ACTIVE)
    platform.status = Platform.Status.EXTENDED
    platform.full_clean()
    platform.status = Platform.Status.COMPLETED
    platform.full_clean()


def test_two_open_platforms_with_one_theme_and_level_are_refused(current):
    first = PlatformFactory(theme="Независимая оценка качества")
    duplicate = PlatformFactory.build(
        organisation=first.organisation, theme=first.theme, level=first.level, kind=first.kind
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "уже есть незавершённая площадка" in str(error.value)
    # once the first is finished, the theme may be taken up again
    first.status = Platform.Status.COMPLETED
    first.save()
    duplicate.full_clean()


def test_covers_reads_the_period_by_label(years):
    platform = PlatformFactory.build(first_year=years["2014/2015"], last_year=years["2016/2017"])
    assert [platform.covers(label) for label in ("2013/2014", "2014/2015", "2016/2017", "2017/2018")] == [
        False,
        True,
        True,
        False,
    ]
    open_ended = PlatformFactory.build(first_year=years["2014/2015"], last_year=None)
    assert open_ended.covers("2030/2031")


# Orders


def test_an_order_dated_in_the_future_is_refused():
    order = OrderFactory.build(date=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        order.full_clean()
    assert _messages(error.value, "date") == ["Дата приказа не может быть в будущем."]


def test_the_same_issuer_number_and_date_cannot_be_entered_twice():
    first = OrderFactory(number="ДО/277-р", date=datetime.date(2013, 9, 24))
    twin = OrderFactory.build(issuer=first.issuer, number="ДО/277-р", date=first.date)
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "Документ с таким органом, номером и датой уже внесён." in str(error.value)
    with pytest.raises(IntegrityError, match="innovation_order_unique_act"), transaction.atomic():
        twin.save()
    # same number from another issuer, or another date, is another act
    OrderFactory.build(issuer="БОУ ДПО «ИРООО»", number="ДО/277-р", date=first.date).full_clean()
    OrderFactory.build(issuer=first.issuer, number="ДО/277-р", date=datetime.date(2014, 9, 24)).full_clean()


def test_clean_normalises_spaces_in_the_issuer_before_comparing():
    first = OrderFactory(issuer="БОУ ДПО «ИРООО»", number="378", date=datetime.date(2014, 12, 15))
    twin = OrderFactory.build(issuer="  БОУ   ДПО «ИРООО» ", number=" 378 ", date=first.date)
    with pytest.raises(ValidationError):
        twin.full_clean()


def test_an_order_reads_as_in_the_documents():
    order = OrderFactory.build(kind=Order.Kind.DIRECTIVE, number="ДО/277-р", date=datetime.date(2013, 9, 24))
    assert str(order) == "Распоряжение № ДО/277-р от 24.09.2013"


def test_an_order_cannot_cover_a_year_outside_the_platform_period(years):
    platform = PlatformFactory(first_year=years["2015/2016"], last_year=years["2016/2017"])
    coverage = OrderCoverage(order=OrderFactory(), platform=platform, academic_year=years["2014/2015"])
    with pytest.raises(ValidationError) as error:
        coverage.full_clean()
    assert _messages(error.value, "academic_year") == [
        "Учебный год 2014/2015 не входит в период работы площадки (2015/2016 – 2016/2017)."
    ]


def test_one_order_may_cover_two_platforms_and_two_years(years):
    order = OrderFactory(kind=Order.Kind.ORDER, issuer="БОУ ДПО «ИРООО»", number="378")
    first = PlatformFactory(first_year=years["2013/2014"], last_year=years["2017/2018"])
    second = PlatformFactory(first_year=years["2013/2014"], last_year=years["2017/2018"])
    for platform, year in [(first, "2013/2014"), (first, "2014/2015"), (second, "2014/2015")]:
        coverage = OrderCoverage(order=order, platform=platform, academic_year=years[year])
        coverage.full_clean()
        coverage.save()
    assert set(order.platforms.all()) == {first, second}
    duplicate = OrderCoverage(order=order, platform=first, academic_year=years["2013/2014"])
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError, match="innovation_ordercoverage_unique"), transaction.atomic():
        duplicate.save()


# Reports and products


def test_a_report_has_one_record_per_platform_and_year(current):
    report = YearlyReportFactory()
    twin = YearlyReport(platform=report.platform, academic_year=current, teams=1, participants=2)
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "У площадки уже есть отчёт за этот учебный год." in str(error.value)
    with pytest.raises(IntegrityError, match="innovation_yearlyreport_one_per_year"), transaction.atomic():
        twin.save()


def test_a_submitted_report_needs_its_date(current):
    report = YearlyReportFactory.build(platform=PlatformFactory(), submitted_on=None)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert _messages(error.value, "submitted_on") == ["Для сданного отчёта укажите дату сдачи."]
    with (
        pytest.raises(IntegrityError, match="innovation_yearlyreport_submitted_has_date"),
        transaction.atomic(),
    ):
        report.save()


def test_a_report_cannot_have_more_teams_than_participants(current):
    report = YearlyReportFactory.build(platform=PlatformFactory(), teams=5, participants=3)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert _messages(error.value, "teams") == ["Педагогических команд не может быть больше, чем участников."]
    with pytest.raises(IntegrityError, match="teams_not_above_participants"), transaction.atomic():
        report.save()


def test_a_product_belongs_to_a_year_of_the_platform(years):
    platform = PlatformFactory(first_year=years["2015/2016"], last_year=years["2016/2017"])
    product = ProductFactory.build(platform=platform, academic_year=years["2017/2018"])
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert "не входит в период работы площадки" in _messages(error.value, "academic_year")[0]
    with pytest.raises(IntegrityError, match="innovation_product_has_title"), transaction.atomic():
        Product.objects.create(platform=platform, academic_year=years["2015/2016"], kind="other", title="")


# Queryset methods


def test_missing_order_for_lists_live_platforms_of_the_year_without_an_order(years, current, previous):
    uncovered = PlatformFactory(first_year=previous)
    covered = PlatformFactory(first_year=previous)
    OrderCoverageFactory(platform=covered, academic_year=current)
    covered_last_year_only = PlatformFactory(first_year=previous)
    OrderCoverageFactory(platform=covered_last_year_only, academic_year=previous)
    PlatformFactory(
        first_year=years["2014/2015"], last_year=years["2015/2016"], status=Platform.Status.COMPLETED
    )
    PlatformFactory(status=Platform.Status.APPLIED)
    missing = set(Platform.objects.missing_order_for(current))
    assert missing == {uncovered, covered_last_year_only}


def test_missing_report_for_counts_only_submitted_reports(previous):
    with_report = PlatformFactory(first_year=previous)
    YearlyReportFactory(platform=with_report, academic_year=previous)
    with_draft = PlatformFactory(first_year=previous)
    YearlyReportFactory(platform=with_draft, academic_year=previous, status=YearlyReport.Status.DRAFT)
    without = PlatformFactory(first_year=previous)
    started_this_year = PlatformFactory()
    missing = set(Platform.objects.missing_report_for(previous))
    assert missing == {with_draft, without}
    assert started_this_year not in missing


def test_ending_between_finds_live_platforms_whose_term_ends_in_the_window(years, current, previous):
    ending = PlatformFactory(first_year=previous, last_year=current)
    PlatformFactory(first_year=previous, last_year=None)
    PlatformFactory(
        first_year=years["2014/2015"], last_year=years["2015/2016"], status=Platform.Status.COMPLETED
    )
    window = Platform.objects.ending_between(current.end - datetime.timedelta(days=30), current.end)
    assert list(window) == [ending]
    assert not Platform.objects.ending_between(
        current.end + datetime.timedelta(days=1), current.end.replace(year=current.end.year + 1)
    ).exists()
