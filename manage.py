#!/usr/bin/env python
"""Django's command-line utility, with one readable sentence when the database is missing."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import InterfaceError, OperationalError

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.exit(f"Configuration error: {exc}")
    except (OperationalError, InterfaceError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        sys.exit(
            "Cannot reach the database: set DATABASE_URL=postgres://user:password@host:5432/name "
            f"to a running PostgreSQL server, or unset it to use the embedded one ({first_line})."
        )


if __name__ == "__main__":
    main()
