"""The export rows of `make bench` (issue 19): `manage.py export_package` run as a child
process over the benchmark's database — its wall-clock seconds and its peak resident memory
against the issue's goals (under a minute, under 300 MB) — and what the package it wrote holds.

Peak RSS is the command's own: bench/rss_launcher.py (a 10 MB process) forks it, reaps it with
`os.wait4` and writes its `rusage`, whose `ru_maxrss` (KiB on Linux) is the kernel's high-water
mark of its resident set at exit (spawned straight from the benchmark, the figure would be at
least the benchmark's own memory: see the launcher). While it runs, /proc/<pid>/status is read every 0.2 s (`VmRSS`, `VmHWM`) to show whether the memory
stays flat as the rows stream or grows with them. The PostgreSQL backend serving the child is
the server's process and is not counted; neither is the file written (page cache).

No Django here: the harness takes any command (the self-test gives it a stub). bench/run.py
passes the largest organisation's id, read once Django is set up.
"""

import contextlib
import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import time
from importlib.util import find_spec
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
LAUNCHER = Path(__file__).with_name("rss_launcher.py")
GOAL_SECONDS = 60
GOAL_RSS_MB = 300
# the package's lists, by their element and their items' (programs/exchange: the package's shape)
LISTS = {
    "partners": "partner",
    "programDirections": "programDirection",
    "programs": "program",
    "groups": "group",
    "schedules": "schedule",
}
SAMPLE_SECONDS = 0.2
KEPT_SAMPLES = 24


def exporter_exists() -> bool:
    try:
        return find_spec("programs.management.commands.export_package") is not None
    except ModuleNotFoundError:
        return False


def export_command(*, since=None, organisation=None) -> list[str]:
    """`manage.py export_package` with the options of a row (the output is added by the run)."""
    command = [sys.executable, str(BASE / "manage.py"), "export_package"]
    if since:
        command += ["--since", since]
    if organisation:
        command += ["--organisation", str(organisation)]
    return command


def _status_kib(pid: int) -> dict[str, int]:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            return {
                key: int(value.split()[0])
                for key, _, value in (line.partition(":") for line in handle)
                if key in ("VmRSS", "VmHWM")
            }
    except (OSError, ValueError):
        return {}


class _Sampler(threading.Thread):
    """Reads the command's resident set while it runs: [seconds since start, MB] pairs. The
    command's pid comes from the launcher's pid file."""

    def __init__(self, pid_file: Path, started: float):
        super().__init__(daemon=True)
        self.pid_file, self.started = pid_file, started
        self.done = threading.Event()
        self.samples: list[tuple[float, float]] = []
        self.hwm_kib = 0

    def run(self):
        pid = None
        while not self.done.is_set():
            if pid is None:
                with contextlib.suppress(OSError, ValueError):
                    pid = int(self.pid_file.read_text(encoding="ascii"))
            status = _status_kib(pid) if pid else {}
            if "VmRSS" in status:
                self.samples.append((time.perf_counter() - self.started, status["VmRSS"] / 1024))
                self.hwm_kib = max(self.hwm_kib, status.get("VmHWM", 0))
            self.done.wait(SAMPLE_SECONDS)

    def kept(self) -> list[list[float]]:
        """At most KEPT_SAMPLES evenly spaced samples, the last one included."""
        samples = self.samples
        if len(samples) > KEPT_SAMPLES:
            step = len(samples) / KEPT_SAMPLES
            samples = [samples[int(i * step)] for i in range(KEPT_SAMPLES - 1)] + [samples[-1]]
        return [[round(at, 1), round(mb, 1)] for at, mb in samples]


def run_measured(command: list[str], *, log: Path, env=None, timeout: float = 600) -> dict:
    """Run `command` to its end through bench/rss_launcher.py: wall seconds, exit code, peak
    RSS (MB, the command's ru_maxrss) and the sampled resident set. Killed with its process
    group after `timeout` seconds (reported, not raised)."""
    result_file = log.with_suffix(".rusage.json")
    pid_file = Path(f"{result_file}.pid")
    result_file.unlink(missing_ok=True)
    pid_file.unlink(missing_ok=True)
    launcher = [sys.executable, "-S", str(LAUNCHER), str(result_file), *command]
    with open(log, "wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            launcher, cwd=BASE, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        sampler = _Sampler(pid_file, started)
        sampler.start()
        timed_out = False
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        finally:
            seconds = time.perf_counter() - started
            sampler.done.set()
            sampler.join()
    usage = json.loads(result_file.read_text(encoding="utf-8")) if result_file.exists() else {}
    result_file.unlink(missing_ok=True)
    pid_file.unlink(missing_ok=True)
    return {
        "seconds": round(usage.get("seconds", seconds), 2),
        "exit_code": usage.get("exit_code", child.returncode),
        "timed_out": timed_out,
        # killed: no rusage, the last sampled high-water mark instead
        "peak_rss_mb": round(usage.get("maxrss_kib", sampler.hwm_kib) / 1024, 1),
        "sampled_hwm_mb": round(sampler.hwm_kib / 1024, 1),
        "rss_samples_mb": sampler.kept(),
        "cpu_seconds": round(usage.get("cpu_seconds", 0), 2),
    }


def read_package(path: Path) -> dict:
    """What a package holds, read as a stream: its kind, each list's items, the tombstones
    (isDeleted true) among them; or the parser's error for a malformed file."""
    from lxml import etree

    counts = dict.fromkeys(LISTS.values(), 0)
    package = {"objects": counts, "deleted": 0}
    try:
        for event, element in etree.iterparse(
            str(path), events=("start", "end"), tag=["package", *LISTS.values()], resolve_entities=False
        ):
            if element.tag == "package":
                if event == "start":
                    package["kind"] = element.get("kind")
                    package["datasource"] = element.get("datasource")
                continue
            if event != "end":
                continue
            parent = element.getparent()
            if parent is not None and LISTS.get(parent.tag) == element.tag:
                counts[element.tag] += 1
                package["deleted"] += element.findtext("isDeleted") == "true"
                element.clear()
                while element.getprevious() is not None:  # the items already counted
                    del parent[0]
    except (etree.XMLSyntaxError, OSError) as error:
        package["error"] = str(error)[:300]
    return package


def time_export(
    name: str, command: list[str], out_dir: Path, *, env=None, timeout: float = 600, keep: bool = False
) -> dict:
    """One row: the command with `--output <file>` run and measured, its package read."""
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / f"export_{name}.xml"
    output.unlink(missing_ok=True)
    log = out_dir / f"export_{name}.log"
    result = {
        "name": name,
        "command": " ".join([Path(command[1]).name, *command[2:]]) if len(command) > 1 else "",
    }
    load = os.getloadavg()[0]
    result |= run_measured([*command, "--output", str(output)], log=log, env=env, timeout=timeout)
    # the wall seconds follow the machine's load (the CPU seconds hardly do): both ends' 1-min average
    result["load"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    if result["exit_code"] == 0 and output.exists():
        result["package_mb"] = round(output.stat().st_size / 1024 / 1024, 1)
        result |= read_package(output)
    else:
        result["error"] = log.read_text(encoding="utf-8", errors="replace")[-1500:] or "no output"
    if not keep:
        output.unlink(missing_ok=True)
    result["goal_met"] = (
        result["exit_code"] == 0
        and "error" not in result
        and result["seconds"] < GOAL_SECONDS
        and result["peak_rss_mb"] < GOAL_RSS_MB
    )
    print(
        f"export {name:14} {result['seconds']:7} s  peak RSS {result['peak_rss_mb']:6} MB  "
        f"exit {result['exit_code']}  groups {result.get('objects', {}).get('group')}"
    )
    return result


def startup_rss(out_dir: Path, *, env=None) -> dict:
    """The same interpreter and settings doing nothing but start Django (`export_package
    --help`): how much of a row's peak RSS is the process itself."""
    measured = run_measured([*export_command(), "--help"], log=out_dir / "export_startup.log", env=env)
    return {key: measured[key] for key in ("peak_rss_mb", "seconds", "exit_code")}


def export_rows(out_dir: Path, *, organisation=None, env=None) -> dict | None:
    """The benchmark's rows: the whole catalogue (the goal's row), one organisation's (the
    package API's per-token export) and an incremental one since now (its fixed cost: nothing
    changed, the tombstones still looked for)."""
    if not exporter_exists():
        print("skipping the export: programs/management/commands/export_package.py does not exist yet")
        return None
    # to the microsecond: what the run itself changed just before (the rush groups removed) is
    # not "since" (a time cut to the second took in their tombstones)
    since = datetime.datetime.now(datetime.UTC).isoformat()
    keep = os.environ.get("BENCH_KEEP_EXPORT") == "1"
    rows = [time_export("full", export_command(), out_dir, env=env, keep=keep)]
    if organisation:
        rows.append(
            time_export(
                "organisation", export_command(organisation=organisation), out_dir, env=env, keep=keep
            )
        )
    rows.append(time_export("since_now", export_command(since=since), out_dir, env=env, keep=keep))
    return {
        "goal_seconds": GOAL_SECONDS,
        "goal_rss_mb": GOAL_RSS_MB,
        "startup": startup_rss(out_dir, env=env),
        "rows": rows,
    }


def markdown(export: dict) -> list[str]:
    """The rows as lines of results.md."""
    startup = export["startup"]
    lines = [
        f"Export of the package (`export_package` as a child process; peak RSS = the child's ru_maxrss "
        f"from wait4; Django's start-up alone {startup['peak_rss_mb']} MB). Goals: under "
        f"{export['goal_seconds']} s and {export['goal_rss_mb']} MB.",
        "",
        "| export | command | seconds | CPU s | load | peak RSS MB | package MB | partners | directions | programs "
        "| groups | schedules | tombstones | goal |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in export["rows"]:
        objects = row.get("objects") or {}
        counts = " | ".join(str(objects.get(tag, "—")) for tag in LISTS.values())
        goal = "met" if row["goal_met"] else "**missed**"
        if row.get("error"):
            last = (row["error"].strip().splitlines() or ["?"])[-1]
            goal += f" (exit {row['exit_code']}: {last[:120]})"
        lines.append(
            f"| {row['name']} | `{row['command']}` | {row['seconds']} | {row['cpu_seconds']} | "
            f"{'–'.join(f'{n:g}' for n in row['load'])} | {row['peak_rss_mb']} | "
            f"{row.get('package_mb', '—')} | {counts} | {row.get('deleted', '—')} | {goal} |"
        )
    full = export["rows"][0]
    if full.get("rss_samples_mb"):
        trace = ", ".join(f"{mb:g}" for _, mb in full["rss_samples_mb"])
        lines += ["", f"Resident set of the full export over its run (MB, evenly spaced): {trace}."]
    return lines
