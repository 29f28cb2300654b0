"""The public catalogue and application pages (urls_public), the parents' accounts (urls_accounts),
the waiting list's pages (urls_waitlist), the staff pages (urls_staff) and the methodist's year:
orders, the attendance register, the next academic year and imports of files."""

from programs import (
    urls_accounts,
    urls_attendance,
    urls_imports,
    urls_next_year,
    urls_orders,
    urls_public,
    urls_staff,
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
)
