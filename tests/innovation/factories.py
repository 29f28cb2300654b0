"""factory-boy factories for the innovation records. Academic years come from the
``years`` fixture (tests/innovation/conftest.py): the platform's default first year is the
current one."""

import datetime

import factory

from centre.models import AcademicYear
from innovation.models import Order, OrderCoverage, Platform, PlatformKind, Product, YearlyReport
from tests.factories import home_organisation

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class PlatformKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformKind
        django_get_or_create = ("name",)

    name = "Муниципальная инновационная площадка"
    abbreviation = "МИП"


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    organisation = factory.LazyFunction(home_organisation)
    theme = factory.Sequence(lambda n: f"Тема инновационной площадки № {n}")
    level = Platform.Level.MUNICIPAL
    kind = factory.SubFactory(PlatformKindFactory)
    supervising_body = "Департамент образования Администрации города Омска"
    first_year = factory.LazyFunction(lambda: AcademicYear.objects.current())
    last_year = None
    status = Platform.Status.ACTIVE


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    organisation = factory.LazyFunction(home_organisation)
    kind = Order.Kind.DIRECTIVE
    issuer = "Департамент образования Администрации города Омска"
    number = factory.Sequence(lambda n: f"ДО/{n + 100}-р")
    date = datetime.date(2024, 9, 24)


class OrderCoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderCoverage

    order = factory.SubFactory(OrderFactory, organisation=factory.SelfAttribute("..platform.organisation"))
    platform = factory.SubFactory(PlatformFactory)
    academic_year = factory.LazyAttribute(lambda o: o.platform.first_year)


class YearlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyReport

    platform = factory.SubFactory(PlatformFactory)
    academic_year = factory.LazyAttribute(lambda o: o.platform.first_year)
    teams = 2
    participants = 8
    status = YearlyReport.Status.SUBMITTED
    submitted_on = datetime.date(2024, 6, 30)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    platform = factory.SubFactory(PlatformFactory)
    academic_year = factory.LazyAttribute(lambda o: o.platform.first_year)
    kind = Product.Kind.PROJECT
    title = factory.Sequence(lambda n: f"Методический продукт № {n}")
