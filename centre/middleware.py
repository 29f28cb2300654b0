import logging
import zoneinfo

from django.apps import apps
from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from centre.countries import local_time_zone, profile_of

logger = logging.getLogger(__name__)


def body_refusal(declared: str | None, chunked: bool) -> tuple[int, str] | None:
    """Why a request body must be refused before it is read: (status, message), or None.

    ``declared`` is the Content-Length as sent, ``chunked`` whether the body comes without one
    (Transfer-Encoding). Shared by the WSGI middleware and the ASGI wrapper."""
    limit = settings.MAX_REQUEST_BYTES
    if declared not in (None, ""):
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return 400, _("The request's Content-Length is not a number of bytes.")
        if length > limit:
            return 413, _("The request is too large: at most %(size)s can be sent at once.") % {
                "size": filesizeformat(limit)
            }
        return None
    if chunked:
        # Django reads no body without a length (WSGI) or spools all of it (ASGI): refuse it.
        return 411, _("Send the request with a Content-Length.")
    return None


def refusal_language(path: str) -> str:
    """The language of the address the body was sent to (/kk/…, /en/…), else the portal's: the
    refusal is said before LocaleMiddleware has run."""
    return get_language_from_path(path) or settings.LANGUAGE_CODE


def _refusal_response(status: int, message: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestBodyLimitMiddleware:
    """Answer 413 to a body larger than ``settings.MAX_REQUEST_BYTES`` before anything reads it.

    First in MIDDLEWARE: it looks only at the declared length, so neither Django's form parser
    nor its upload handlers (which spool big files to a temporary file) ever see the body. The
    reverse proxy's ``client_max_body_size`` is the first line; this holds without one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with translation.override(refusal_language(request.path_info)):
            refusal = body_refusal(
                request.META.get("CONTENT_LENGTH"),
                "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower(),
            )
            if refusal is not None:
                return _refusal_response(*refusal)
        return self.get_response(request)


def limit_asgi_body(app):
    """The same limit for the ASGI application: Django's ASGI handler spools the whole body to a
    temporary file before any middleware runs, so the check wraps the application itself."""

    async def limited(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        headers = {name.lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
        with translation.override(refusal_language(scope.get("path", ""))):
            refusal = body_refusal(
                headers.get(b"content-length"), "chunked" in headers.get(b"transfer-encoding", "").lower()
            )
        if refusal is not None:
            status, message = refusal
            body = str(message).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return None
        received = 0

        async def counted_receive():
            # a client sending more than it declared is cut off where the limit is passed
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > settings.MAX_REQUEST_BYTES:
                    return {"type": "http.disconnect"}
            return message

        return await app(scope, counted_receive, send)

    return limited


class NoStoreForSignedInMiddleware:
    """Every page answered to a logged-in user (staff or parent) carries ``Cache-Control:
    no-store, private``: learner cards, applications, the cabinet and the XLSX exports must not
    stay in a shared computer's browser cache or in a proxy. Anonymous public pages keep their
    own caching; static files (whitenoise, earlier in the chain) never reach this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


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


# the session's copy of a staff user's organisation's time zone: read on every request
# without a query, written at login (remember_staff_time_zone) or on a first request without it
STAFF_TIME_ZONE_KEY = "staff_time_zone"
NO_TIME_ZONE = ""


def staff_time_zone(user) -> str:
    """The time zone of the country of the organisation the user works for (their active
    staff record's), or "" for a parent, a visitor or a login with no staff record."""
    if not getattr(user, "is_authenticated", False):
        return NO_TIME_ZONE
    country = (
        apps.get_model("centre", "Person")
        .objects.filter(user=user, is_active=True)
        .order_by("pk")
        .values_list("organisation__country", flat=True)
        .first()
    )
    return local_time_zone(profile_of(country)) if country else NO_TIME_ZONE


def remember_staff_time_zone(sender, request, user, **kwargs):
    """user_logged_in: keep the staff user's time zone in the session (CentreConfig.ready)."""
    if request is not None and hasattr(request, "session"):
        request.session[STAFF_TIME_ZONE_KEY] = staff_time_zone(user)


class StaffTimeZoneMiddleware:
    """Staff pages in the time zone of their organisation's country (centre.countries: Europe/Moscow,
    Asia/Almaty); parents and visitors keep settings.TIME_ZONE. After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = NO_TIME_ZONE
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            zone = request.session.get(STAFF_TIME_ZONE_KEY)
            if zone is None:
                zone = request.session[STAFF_TIME_ZONE_KEY] = staff_time_zone(user)
        if not zone:
            return self.get_response(request)
        timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
