"""python manage.py issue_package_token --organisation ID --name WHO

A navigator's read-only token to the organisation's federal package (GET /api/package/ with
``Authorization: Bearer <secret>``). The secret is printed once and kept nowhere: only its
digest is stored. Revoke it in the admin (Package API tokens).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from centre.models import Organisation
from programs.models import PackageToken


class Command(BaseCommand):
    help = "Issue a package API token for an organisation and print its secret (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", type=int, required=True, help="The organisation's id.")
        parser.add_argument("--name", required=True, help="Who uses it (e.g. the regional navigator).")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.issue(**options)

    def issue(self, *, organisation, name, **options):
        found = Organisation.objects.filter(pk=organisation).first()
        if found is None:
            raise CommandError(_("There is no organisation with id %(id)s.") % {"id": organisation})
        if not name.strip():
            raise CommandError(_("Name who will use the token: --name."))
        token, secret = PackageToken.issue(organisation=found, name=name.strip())
        self.stderr.write(
            _(
                "Token No. %(number)s for «%(organisation)s» (%(name)s). It is shown only this once and kept nowhere:"
            )
            % {"number": token.pk, "organisation": found, "name": token.name}
        )
        self.stdout.write(secret)
