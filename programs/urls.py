"""The public catalogue and parent cabinet (urls_public) and the staff pages (urls_staff)."""

from programs import urls_public, urls_staff

app_name = "programs"

urlpatterns = urls_public.urlpatterns + urls_staff.urlpatterns
