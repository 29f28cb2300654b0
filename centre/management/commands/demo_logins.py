from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from centre.demo import DEMO_PARENT, DEMO_PASSWORD, DEMO_STAFF, ORGANISATIONS, kazakhstan
from centre.roles import Role


class Command(BaseCommand):
    help = "Print the demo logins created by load_demo, grouped by organisation."

    def handle(self, *args, **options):
        # Russia's organisations (seeds 001, 003), then Kazakhstan's (seeds 000, 002)
        countries = [(ORGANISATIONS, DEMO_STAFF), (kazakhstan.ORGANISATIONS, kazakhstan.STAFF)]
        usernames = ["admin", *(row[0] for _, staff in countries for row in staff), DEMO_PARENT[0]]
        present = set(
            get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        sections = [("Администратор портала: все организации", [("admin", "Администратор")])]
        # each organisation's staff see only its records (with its subdivisions)
        for organisations, staff in countries:
            for key, organisation in organisations.items():
                rows = [(row[0], _describe(row, organisations)) for row in staff if row[1] == key]
                if rows:
                    sections.append((organisation["short_name"], rows))
        sections.append(("Родитель (личный кабинет)", [(DEMO_PARENT[0], "Родитель")]))
        for title, rows in sections:
            shown = [(username, what) for username, what in rows if username in present]
            if shown:
                self.stdout.write(f"  {title}")
                for username, what in shown:
                    self.stdout.write(f"    {username:<18} {what}")


def _describe(row, organisations) -> str:
    username, key, role, *_, position = row
    if role == Role.AUTHORITY:
        territory = ", ".join(
            fields["short_name"] for fields in organisations.values() if fields.get("authority") == key
        )
        return f"{position}: читает реестры {territory}, ничего не меняет"
    return position
