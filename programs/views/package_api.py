"""The federal package for a regional navigator: GET /api/package/ with an organisation's API
token (``Authorization: Bearer <secret>``, or ``Token <secret>``), read-only.

No session counts: a signed-in member of staff without a token gets 401 like anyone. The
answer is the organisation's package (its subdivisions' programs too), streamed as it is
written; ``?since=`` (an ISO time, or the Unix seconds of an earlier package's ``created``)
asks for the changes since then. Each token may ask PACKAGE_API_PER_MINUTE times a minute."""

import functools

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from centre.ratelimit import hit, too_many_requests
from programs.exchange.export import organisation_and_subdivisions, package_chunks, parse_since
from programs.models import PackageToken

SCHEMES = ("bearer", "token")
REALM = 'Bearer realm="package"'


def presented_key(request) -> str:
    """The secret of the request's Authorization header ('' when there is none)."""
    scheme, _space, key = request.headers.get("Authorization", "").strip().partition(" ")
    return key.strip() if scheme.lower() in SCHEMES else ""


def unauthorized(*, presented: bool) -> HttpResponse:
    response = HttpResponse(
        _("A valid package API token is needed: send the header «Authorization: Bearer <token>»."),
        status=401,
        content_type="text/plain; charset=utf-8",
    )
    response["WWW-Authenticate"] = f'{REALM}, error="invalid_token"' if presented else REALM
    return response


def package_token_required(view):
    """The request's active PackageToken as ``request.package_token``, or 401."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        key = presented_key(request)
        token = PackageToken.objects.for_key(key)
        if token is None:
            return unauthorized(presented=bool(key))
        request.package_token = token
        return view(request, *args, **kwargs)

    return wrapped


def bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@require_GET
@package_token_required
def package_api(request):
    token = request.package_token
    allowed, retry_after = hit("package_api", f"token-{token.pk}", settings.PACKAGE_API_PER_MINUTE)
    if not allowed:
        return too_many_requests(request, retry_after)
    since = None
    if "since" in request.GET:
        try:
            since = parse_since(request.GET["since"])
        except ValueError:
            return bad_request(
                _("Write «since» as an ISO 8601 time (2026-09-01T10:00+03:00) or as Unix seconds.")
            )
    PackageToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    ids = organisation_and_subdivisions(token.organisation_id)
    response = StreamingHttpResponse(
        package_chunks(organisation_ids=ids, since=since), content_type="application/xml; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = 'inline; filename="package.xml"'
    return response
