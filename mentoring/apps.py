from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from centre.erasure import register_erasure_step
        from mentoring.erasure import erase_learner

        register_erasure_step(erase_learner)
