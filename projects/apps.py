from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Student projects")

    def ready(self):
        from centre.erasure import register_erasure_step
        from projects.erasure import erase_learner

        register_erasure_step(erase_learner)
