"""Guards against abuse of the public forms and of the login.

- ``client_ip(request)``: the address a limit is counted against — ``REMOTE_ADDR``, or behind
  the reverse proxy (``BEHIND_PROXY``) the last address of ``X-Forwarded-For``, the one the
  proxy itself appended (earlier entries are whatever the client chose to send). django-axes
  uses the same function, so the login lock-out and the form limits see one address.
- ``rate_limit(scope, setting, methods=("POST",))``: at most ``settings.<setting>`` requests of
  those methods a minute per address to a view; beyond that a friendly 429 page (``templates/429.html``) with ``Retry-After``. The
  counters live in Django's cache (fixed windows, ``hit``): with ``CACHE_URL`` one Redis
  counts for every worker and server; the local-memory default counts per process.
- ``LoginThrottleBackend``: django-axes' backend, except that a call without an HTTP request
  (``Client.login`` in tests, the shell) is left to the next backend: there is no address to
  count, and every web login (the login page, the admin) passes its request.
"""

import functools
import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

WINDOW_SECONDS = 60


def client_ip(request) -> str | None:
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR") or None  # None: a request made in code, not by a client


def hit(scope: str, address: str, limit: int, *, window: int = WINDOW_SECONDS) -> tuple[bool, int]:
    """Count one request of ``address`` (or any key) in a fixed window of ``window`` seconds;
    (allowed, seconds until the window ends)."""
    now = int(time.time())
    key = f"ratelimit:{scope}:{window}:{address or 'unknown'}:{now // window}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit, window - now % window


def too_many_requests(request, retry_after: int):
    from django.http import HttpResponse

    response = HttpResponse(
        render_to_string("429.html", {"retry_after": retry_after}, request=request), status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(scope: str, setting: str, *, methods: tuple[str, ...] = ("POST",)):
    """Limit requests of ``methods`` (POSTs unless told) to the view to ``settings.<setting>``
    a minute per client address."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                allowed, retry_after = hit(scope, client_ip(request), getattr(settings, setting))
                if not allowed:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the login page's layout, 429, Retry-After."""
    from axes.helpers import get_cool_off
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    response = render(
        request,
        "registration/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
