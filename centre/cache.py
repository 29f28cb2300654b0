"""Server-side caching of public pages for visitors who are not logged in.

A catalogue page is the same for every anonymous visitor; at national scale it is also the
most expensive page to build. Cached copies live for a short time (free places may lag by
that much; the application form checks places again) and are never made when the page
carries anything personal: a logged-in user, a pending message, a cookie or a CSRF token.
"""

import hashlib
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

CACHE_PREFIX = "visitor-page"


def _key(request) -> str:
    # hashed: a long search makes a path longer than memcached's 250-character keys
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{CACHE_PREFIX}:{get_language()}:{path}"


def cache_for_visitors(seconds: int):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method != "GET"
                or request.user.is_authenticated
                or len(messages.get_messages(request))
            ):
                return view(request, *args, **kwargs)
            key = _key(request)
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
                response["X-Page-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cacheable = (
                response.status_code == 200
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and not request.META.get("CSRF_COOKIE_USED")
                and not getattr(response, "streaming", False)
            )
            if cacheable:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
                response["X-Page-Cache"] = "miss"
            return response

        return wrapper

    return decorator
