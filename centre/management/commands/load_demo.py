"""Load the demo centre: idempotent, so `make run` can call it every time."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from centre.demo import load_core


class Command(BaseCommand):
    help = "Create or refresh the demo centre, its people and each area's demo records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow loading demo logins with DEBUG off (never in production).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo data creates users with known passwords: run it with DEBUG=1 (or --force)."
            )
        with transaction.atomic():
            context = load_core(self.stdout)
            # Each area adds its records through its own <app>.demo.load(context), in app order.
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.name == "centre":
                    continue
                if find_spec(module_name) is not None:
                    import_module(module_name).load(context, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
