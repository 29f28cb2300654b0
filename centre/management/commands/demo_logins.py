from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from centre.demo import DEMO_PARENT, DEMO_PASSWORD, DEMO_STAFF


class Command(BaseCommand):
    help = "Print the demo logins created by load_demo."

    def handle(self, *args, **options):
        usernames = ["admin", *(row[0] for row in DEMO_STAFF), DEMO_PARENT[0]]
        present = set(
            get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        roles = {row[0]: row[5] for row in DEMO_STAFF}
        roles.update({"admin": "Администратор", DEMO_PARENT[0]: "Родитель"})
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username in usernames:
            if username in present:
                self.stdout.write(f"  {username:<12} {roles[username]}")
