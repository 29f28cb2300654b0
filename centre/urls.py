from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from centre.views import language, learners, preferences, public, staff

# addresses that mean the same in every language: no /kk/ or /en/ twin
urlpatterns = [
    path("healthz", public.healthz, name="healthz"),
    path("robots.txt", public.robots_txt, name="robots_txt"),
    path("language/<str:code>/", language.choose_language, name="choose_language"),
]

# every page: Russian where it always was, Kazakh under /kk/, English under /en/
# (docs/decisions.md, "Three languages")
urlpatterns += i18n_patterns(
    path("", public.home, name="home"),
    # before Django's own: the reset page with its limits and background mail
    path("accounts/password_reset/", public.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("staff/", staff.staff_home, name="staff_home"),
    path("staff/settings/", preferences.preferences, name="staff_preferences"),
    path("staff/audit/", staff.audit_list, name="staff_audit"),
    path("staff/learners/<int:pk>/", staff.learner_detail, name="staff_learner"),
    path("staff/learners/<int:pk>/erase/", staff.learner_erase, name="staff_learner_erase"),
    path("staff/learners/<int:pk>/edit/", learners.learner_edit, name="staff_learner_edit"),
    path(
        "staff/learners/<int:pk>/consents/<int:consent_pk>/withdraw/",
        staff.consent_withdraw,
        name="staff_consent_withdraw",
    ),
    path("", include("programs.urls")),
    path("", include("projects.urls")),
    path("", include("innovation.urls")),
    path("", include("mentoring.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
