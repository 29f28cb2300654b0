"""Fill the database with realistic generated data at centre, city or nation scale."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from centre.generate import SCALES, Generator, generate_core, remove_generated
from centre.models import GeneratedRange


class Command(BaseCommand):
    help = "Generate data at a scale (centre, city, nation) through bulk COPY; --replace clears it first."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="centre")
        parser.add_argument("--replace", action="store_true", help="Remove previously generated data first.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, replace, seed, **options):
        if GeneratedRange.objects.exists():
            if not replace:
                raise CommandError("Generated data is already there: add --replace to make it anew.")
            with transaction.atomic():
                remove_generated(self.stdout)
        gen = Generator(SCALES[scale], seed=seed, stdout=self.stdout)
        gen.say(f"Generating the {scale} scale")
        with transaction.atomic():
            generate_core(gen)
            for config in apps.get_app_configs():
                module = f"{config.name}.generate"
                if config.name != "centre" and find_spec(module) is not None:
                    import_module(module).generate(gen)
        gen.say("Analysing tables")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Done: {scale} scale."))
