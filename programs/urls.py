"""The public catalogue and application pages (urls_public), the parents' accounts (urls_accounts),
the waiting list's pages (urls_waitlist) and the staff pages (urls_staff)."""

from programs import urls_accounts, urls_public, urls_staff, urls_waitlist

app_name = "programs"

urlpatterns = (
    urls_public.urlpatterns + urls_accounts.urlpatterns + urls_waitlist.urlpatterns + urls_staff.urlpatterns
)
