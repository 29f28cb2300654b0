"""The interface languages and the one way to show a record's name in the current one.

Russian is the default and the language records are written in; a few dictionaries and
names carry a Kazakh or English spelling beside it (``name_kk``, ``name_en``), shown when
that language is active and filled, the Russian otherwise."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_from_path

# where a signed-in user's choice is kept for the session (restored from their preference
# when they sign in)
SESSION_KEY = "language"


def current_language() -> str:
    """The active language's code among settings.LANGUAGES (the default outside a request)."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def localized(record, field: str = "name") -> str:
    """``record.<field>_<language>`` when the active language isn't the default and the
    record has that spelling, else ``record.<field>``."""
    language = current_language()
    if language != settings.LANGUAGE_CODE:
        value = getattr(record, f"{field}_{language}", "")
        # a str only: an unsaved record's field may still hold its DatabaseDefault marker
        if isinstance(value, str) and value:
            return value
    return getattr(record, field)


def prefixed(path: str) -> bool:
    """Whether the path starts with a language prefix other than the default's (/kk/, /en/)."""
    return get_language_from_path(path) is not None


def remembered_language(request) -> str | None:
    """The language this browser or user chose: a signed-in user's preference (kept in the
    session when they sign in or choose), else the language cookie of a visitor."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        chosen = request.session.get(SESSION_KEY)
        # a language since removed from LANGUAGES would send every page to a 404
        if chosen in dict(settings.LANGUAGES):
            return chosen
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else None


def remember_language(request, response, language: str) -> None:
    """Keep the choice: the cookie for this browser, and for a signed-in user their
    preference (every device they sign in on) and this session."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        UserPreference = apps.get_model("centre", "UserPreference")
        UserPreference.objects.update_or_create(user=user, defaults={"language": language})
        request.session[SESSION_KEY] = language


def language_of(user) -> str:
    """The language to write to this user in (letters, background reports): their
    preference, else the default."""
    if user is None or not getattr(user, "pk", None):
        return settings.LANGUAGE_CODE
    UserPreference = apps.get_model("centre", "UserPreference")
    chosen = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE


@receiver(user_logged_in)
def _restore_preference(sender, request, user, **kwargs):
    """Signing in brings back the language the user chose on any device."""
    if request is None or not hasattr(request, "session"):
        return
    UserPreference = apps.get_model("centre", "UserPreference")
    chosen = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    if chosen:
        request.session[SESSION_KEY] = chosen


class RememberedLanguageMiddleware:
    """A page asked for at its Russian (unprefixed) address by someone who chose Kazakh or
    English is redirected to that language's address: links in letters, bookmarks and typed
    addresses land in the chosen language. An address with a prefix is always answered in
    its own language, so a shared /kk/ link reads the same for everyone. After
    AuthenticationMiddleware (it reads the user's choice from the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not prefixed(request.path_info):
            wanted = remembered_language(request)
            if wanted and wanted != settings.LANGUAGE_CODE:
                target = translate_url(request.get_full_path(), wanted)
                if target != request.get_full_path():
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Cookie",))
                    return response
        response = self.get_response(request)
        if not prefixed(request.path_info):
            # the same address answers differently by the choice: shared caches must know
            patch_vary_headers(response, ("Cookie",))
        return response
