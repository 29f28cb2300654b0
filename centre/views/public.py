from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from centre.forms import PasswordResetRequestForm
from centre.models import AcademicYear, Organisation
from centre.ratelimit import client_ip, hit, too_many_requests


@require_GET
def home(request):
    centre = (
        Organisation.objects.filter(kind=Organisation.Kind.CENTRE, parent__isnull=True)
        .prefetch_related("subdivisions")
        .order_by("id")
        .first()
    )
    return render(
        request,
        "centre/home.html",
        {"centre": centre, "current_year": AcademicYear.objects.current()},
    )


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


PRIVATE = ("staff/", "cabinet/", "applications/", "accounts/", "admin/", "calendar/", "api/")
# the private sections at every language's address, and the switcher's redirects
ROBOTS = (
    "User-agent: *\n"
    + "".join(
        f"Disallow: /{prefix}{section}\n"
        for prefix in (
            "",
            *(f"{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE),
        )
        for section in PRIVATE
    )
    + "Disallow: /language/\n"
)


@require_GET
def robots_txt(request):
    """Keeps private links and staff pages out of search engines. No database: it is also
    the framework's floor in the benchmark."""
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password-reset page, limited per client address and per e-mail, its mail sent
    by the background worker (``centre.tasks``): a known and an unknown e-mail get the same
    page after the same work."""

    form_class = PasswordResetRequestForm

    def post(self, request, *args, **kwargs):
        allowed, retry_after = hit(
            "password-reset", client_ip(request), settings.PASSWORD_RESET_ADDRESS_RATE_PER_HOUR, window=3600
        )
        if not allowed:
            return too_many_requests(request, retry_after)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        form.send(request=self.request)
        return HttpResponseRedirect(self.get_success_url())


password_reset = PasswordResetView.as_view()
