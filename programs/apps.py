from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Clubs and programs")

    def ready(self):
        from centre.erasure import register_erasure_step
        from programs.erasure import erase_learner

        register_erasure_step(erase_learner)
        # connects the offers' deadline and reminder scheduling (a post_save receiver)
        import programs.tasks  # noqa: F401
