"""The language switcher's target: /language/<code>/?next=<the page>. A plain link, not a
form, so it works on cached visitor pages (no CSRF token to go stale) and without
JavaScript; choosing a language changes nothing but the choice itself."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from centre.languages import remember_language


@never_cache
@require_GET
def choose_language(request, code):
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    # the address is resolved in its own language (a /kk/ page's address means nothing in Russian)
    with translation.override(get_language_from_path(target) or settings.LANGUAGE_CODE):
        target = translate_url(target, code)
    response = HttpResponseRedirect(target)
    remember_language(request, response, code)
    return response
