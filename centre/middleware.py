import logging

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 page while the database is down, instead of a server error.

    Django opens a fresh connection on the next request (CONN_HEALTH_CHECKS), so the portal
    recovers by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s", exception)
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return None


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY``: the portal needs no camera, microphone or location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.setdefault("Permissions-Policy", policy)
        return response
