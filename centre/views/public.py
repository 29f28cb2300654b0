from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from centre.models import AcademicYear, Organisation


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


ROBOTS = """User-agent: *
Disallow: /staff/
Disallow: /cabinet/
Disallow: /applications/
Disallow: /accounts/
Disallow: /admin/
"""


@require_GET
def robots_txt(request):
    """Keeps private links and staff pages out of search engines. No database: it is also
    the framework's floor in the benchmark."""
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
