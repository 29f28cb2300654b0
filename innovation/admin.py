from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innovation.models import Order, OrderCoverage, Platform, PlatformKind, Product, YearlyReport


@admin.register(PlatformKind)
class PlatformKindAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation"]


class OrderCoverageInline(admin.TabularInline):
    model = OrderCoverage
    extra = 0
    autocomplete_fields = ["order"]


@admin.register(Platform)
class PlatformAdmin(SimpleHistoryAdmin):
    list_display = ["theme", "organisation", "level", "kind", "first_year", "last_year", "status"]
    list_filter = ["level", "status", "kind", "organisation"]
    search_fields = ["theme", "network"]
    filter_horizontal = ["responsible"]
    inlines = [OrderCoverageInline]


@admin.register(Order)
class OrderAdmin(SimpleHistoryAdmin):
    list_display = ["number", "date", "kind", "issuer", "title", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["number", "issuer", "title"]
    date_hierarchy = "date"


@admin.register(YearlyReport)
class YearlyReportAdmin(admin.ModelAdmin):
    list_display = ["platform", "academic_year", "teams", "participants", "status"]
    list_filter = ["status", "academic_year"]
    filter_horizontal = ["staff"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["title", "platform", "academic_year", "kind"]
    list_filter = ["kind"]
    search_fields = ["title"]
