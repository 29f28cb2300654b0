from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentreConfig(AppConfig):
    name = "centre"
    verbose_name = _("Centre")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from centre.middleware import remember_staff_time_zone

        user_logged_in.connect(remember_staff_time_zone, dispatch_uid="centre.staff_time_zone")
