"""The public catalogue and application pages (urls_public), the parents' accounts (urls_accounts),
the waiting list's pages (urls_waitlist), the staff pages (urls_staff) and the methodist's year:
orders, the attendance register, the next academic year and imports of files; the exchange with
other systems: the federal package out (urls_exchange) and in (urls_package_import), iCalendar
feeds (urls_calendars) and open data (urls_opendata); the statistics (urls_statistics)."""

from programs import (
    urls_accounts,
    urls_attendance,
    urls_calendars,
    urls_exchange,
    urls_imports,
    urls_next_year,
    urls_opendata,
    urls_orders,
    urls_package_import,
    urls_public,
    urls_staff,
    urls_statistics,
    urls_waitlist,
)

app_name = "programs"

urlpatterns = (
    urls_public.urlpatterns
    + urls_accounts.urlpatterns
    + urls_waitlist.urlpatterns
    + urls_staff.urlpatterns
    + urls_orders.urlpatterns
    + urls_attendance.urlpatterns
    + urls_next_year.urlpatterns
    + urls_imports.urlpatterns
    + urls_exchange.urlpatterns
    + urls_package_import.urlpatterns
    + urls_calendars.urlpatterns
    + urls_opendata.urlpatterns
    + urls_statistics.urlpatterns
)
