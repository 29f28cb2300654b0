"""python manage.py issue_package_token --organisation ID --name WHO

A navigator's read-only token to the organisation's federal package (GET /api/package/ with
``Authorization: Bearer <secret>``). The secret is printed once and kept nowhere: only its
digest is stored. Revoke it in the admin (Package API tokens).
"""

from django.core.management.base import BaseCommand, CommandError

from centre.models import Organisation
from programs.models import PackageToken


class Command(BaseCommand):
    help = "Issue a package API token for an organisation and print its secret (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", type=int, required=True, help="The organisation's id.")
        parser.add_argument("--name", required=True, help="Who uses it (e.g. the regional navigator).")

    def handle(self, *args, organisation, name, **options):
        found = Organisation.objects.filter(pk=organisation).first()
        if found is None:
            raise CommandError(f"Нет организации с id {organisation}.")
        if not name.strip():
            raise CommandError("Укажите, кто будет пользоваться ключом: --name.")
        token, secret = PackageToken.issue(organisation=found, name=name.strip())
        self.stderr.write(
            f"Ключ № {token.pk} для «{found}» ({token.name}). Он показан один раз и нигде не хранится:"
        )
        self.stdout.write(secret)
