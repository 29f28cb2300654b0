"""`make bench`: serve the portal with gunicorn and production settings on 127.0.0.1, drive
each key page with locust in a separate process, run the enrolment rush, and write
var/bench/results.json and var/bench/results.md.

    python bench/run.py [--scale centre|city|nation] [--duration short|full|SECONDS]

The database is the one the portal uses (embedded unless DATABASE_URL is set); data of the
scale is generated once and kept. Rush groups are made for the run and removed after it.
"""

import argparse
import csv
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("BENCH_OUT", BASE / "var" / "bench"))
PORT = int(os.environ.get("BENCH_PORT", "8100"))
HOST = f"http://127.0.0.1:{PORT}"
CONCURRENCY = 4
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdefghij",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "HTTPS": "0",
    "LOG_LEVEL": "WARNING",
    # the rush submits ~100 applications a second from 127.0.0.1: lift the per-address limit
    "APPLY_RATE_PER_MINUTE": "1000000",
    # the package API's and the open data's rows download in a loop from one token and address
    "PACKAGE_API_PER_MINUTE": "1000000",
    "OPENDATA_DOWNLOADS_PER_MINUTE": "1000000",
}
DEMO_PASSWORD = "demo-2026"
# the generated clubs' technical direction (Kazakhstan's: the generated data is seed 004's)
FILTERED = "?direction=kz-science-technical&age=12&funding=free&free=on"
RUSH_STAFF = "methodist"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default=os.environ.get("SCALE", "centre"))
    parser.add_argument("--duration", default=os.environ.get("DURATION", "full"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "4")))
    parser.add_argument(
        "--notifications",
        action=argparse.BooleanOptionalAction,
        default=os.environ.get("BENCH_NOTIFY", "1") != "0",
        help="rush submissions give an e-mail, a worker sends the mail to a sink (default on)",
    )
    parser.add_argument(
        "--only",
        default=os.environ.get("ONLY", ""),
        help="comma-separated pages and/or 'rush', 'staff', 'import', 'export' (a quick look)",
    )
    parser.add_argument(
        "--import-rows",
        type=int,
        default=int(os.environ.get("BENCH_IMPORT_ROWS", "1000")),
        help="learners in the timed import (1 000 for the issue's figure)",
    )
    parser.add_argument(
        "--prepare",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="migrate, load the demo and generate the scale first (--no-prepare: use the data as it is, "
        "e.g. an older tree in a worktree against the same database)",
    )
    args = parser.parse_args()
    seconds = {"short": 5, "full": 20}.get(args.duration) or int(args.duration)
    rush_seconds = {"short": 8, "full": 60}.get(args.duration) or max(int(args.duration), 5)

    os.environ.update(PRODUCTION_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings")
    sys.path.insert(0, str(BASE))
    import django

    django.setup()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.prepare:
        prepare_data(args.scale)
    else:
        from django.core.management import call_command

        call_command("collectstatic", verbosity=0, interactive=False)
    only = {name for name in args.only.split(",") if name}
    pages = {name: spec for name, spec in key_pages().items() if not only or name in only or name == "floor"}
    from bench.rush_groups import make_rush_groups, remove_rush_groups
    from bench.server_memory import peak_mb, reset_peaks

    rush = make_rush_groups(staff=RUSH_STAFF)
    server = start_gunicorn(args.workers)
    try:
        results = {"scale": args.scale, "concurrency": CONCURRENCY, "seconds_per_page": seconds, "pages": {}}
        for name, spec in pages.items():
            reset_peaks(server.pid)
            results["pages"][name] = run_page(name, spec, seconds)
            results["pages"][name]["worker_peak_mb"] = peak_mb(server.pid)
        floor = results["pages"]["floor"]["rps"] or 1
        for page in results["pages"].values():
            page["ratio_to_floor"] = round(floor / page["rps"], 2) if page["rps"] else None
        if not only or "rush" in only:
            results["rush"] = run_rush(rush, rush_seconds, notify=args.notifications)
        if not only or "staff" in only:
            repeats = {"short": 5, "full": 20}.get(args.duration) or min(20, max(2, int(args.duration)))
            results["staff"] = run_staff_sweep(repeats)
    finally:
        stop(server)
        remove_rush_groups(rush)
    if not only or "import" in only:
        from bench.methodist_year import time_import

        results["import"] = time_import(args.import_rows)
    if not only or "export" in only:
        from bench.package_export import export_rows
        from bench.staff_logins import large_organisation

        results["export"] = export_rows(OUT, organisation=large_organisation())
    from bench.statistics_page import report

    results["statistics"] = report()
    results["machine"] = machine()
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    (OUT / "results.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


def prepare_data(scale):
    from django.core.management import call_command

    from centre.models import GeneratedRange

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    have = set(GeneratedRange.objects.values_list("scale", flat=True))
    if have != {scale}:
        call_command("generate_data", scale=scale, replace=bool(have))


def key_pages():
    """The pages of the issue, with their paths read from the data, and their query counts."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from bench.exchange_pages import exchange_pages
    from bench.methodist_year import year_pages
    from bench.statistics_page import statistics_pages
    from programs.models import Group

    club = (
        Group.objects.in_catalogue()
        .filter(club__slug__startswith="gen-")
        .order_by("id")
        .values_list("club__slug", flat=True)
        .first()
    )
    pages = {
        "floor": {"path": reverse("robots_txt")},
        "home": {"path": reverse("home")},
        "catalogue": {"path": reverse("programs:catalogue")},
        "catalogue_filtered": {"path": reverse("programs:catalogue") + FILTERED},
        "catalogue_search": {"path": reverse("programs:catalogue") + "?q=робот"},
        "club": {"path": reverse("programs:club", kwargs={"slug": club})},
        # the same pages built on every request, as for visitors who each filter differently
        "catalogue_filtered_uncached": {
            "path": reverse("programs:catalogue") + FILTERED,
            "bust_cache": True,
        },
        "catalogue_search_uncached": {"path": reverse("programs:catalogue") + "?q=робот", "bust_cache": True},
        "club_uncached": {"path": reverse("programs:club", kwargs={"slug": club}), "bust_cache": True},
    }
    for name, url_name, login in [
        ("showcase", "projects:showcase", None),
        ("dashboard", "innovation:dashboard", f"director:{DEMO_PASSWORD}"),
    ]:
        try:
            pages[name] = {"path": reverse(url_name), "login": login}
        except NoReverseMatch:
            print(f"skipping {name}: {url_name} does not exist yet")
    pages.update(year_pages())
    pages.update(exchange_pages())
    pages.update(statistics_pages())
    for name, spec in pages.items():
        client = Client()
        if spec.get("login"):
            username, password = spec["login"].split(":")
            client.login(username=username, password=password)
        cache.clear()  # count the queries of a page built afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get(spec["path"], headers=spec.get("headers"))
            for _chunk in response.streaming_content if response.streaming else ():
                pass  # a streamed page queries while it is read
        spec["status"] = response.status_code
        spec["queries"] = len(queries)
        if response.status_code != 200:
            raise SystemExit(f"{name} answered {response.status_code} at {spec['path']}")
    return pages


def start_gunicorn(workers):
    log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "centre.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            *(["--access-logfile", "-"] if os.environ.get("BENCH_ACCESS_LOG") else []),
        ],
        cwd=BASE,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(HOST + "/healthz", timeout=2) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    raise SystemExit(f"gunicorn did not answer on {HOST}; see {OUT / 'gunicorn.log'}")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def locust(prefix, seconds, users, env):
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(BASE / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        HOST,
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{seconds}s",
        "--csv",
        str(OUT / prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    # Sync gunicorn closes the connection after each response, so every request resolves the
    # host again: gevent's default resolver does that on a thread pool, which cost about 40%
    # of locust's CPU (taken from the server on two cores). The host is a numeric address.
    final = OUT / f"{prefix}_final.json"
    final.unlink(missing_ok=True)
    env = {
        **os.environ,
        **env,
        "BENCH_HOST": HOST,
        "GEVENT_RESOLVER": "block",
        "BENCH_FINAL_STATS": str(final),
    }
    with open(OUT / f"{prefix}.log", "w", encoding="utf-8") as log:
        subprocess.run(command, cwd=BASE, env=env, check=False, stdout=log, stderr=log, timeout=seconds + 120)
    if final.exists():  # the figures at the end (the CSV may be a second behind)
        return json.loads(final.read_text(encoding="utf-8"))
    with open(OUT / f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def _figures(row):
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
    }


def run_page(name, spec, seconds):
    env = {"BENCH_SCENARIO": "page", "BENCH_PATH": spec["path"], "BENCH_NAME": name}
    if spec.get("login"):
        env["BENCH_LOGIN"] = spec["login"]
    if spec.get("bust_cache"):
        env["BENCH_BUST_CACHE"] = "1"
    if spec.get("headers"):
        env["BENCH_HEADERS"] = json.dumps(spec["headers"])
    # logging in hashes a password (deliberately slow): give those users time to start
    users = spec.get("users", CONCURRENCY)  # a long download: one client
    rows = locust(f"page_{name}", seconds + (5 if spec.get("login") else 0), users, env)
    result = {"path": spec["path"], "queries": spec["queries"], "users": users, **_figures(rows[name])}
    print(f"{name:20} {result['rps']:8} rps  p95 {result['p95_ms']:6} ms  queries {result['queries']}")
    return result


def run_rush(rush, seconds, *, notify=True):
    from django.db.models import Count, F

    from bench.notifications import RUSH_EMAIL_DOMAIN, Notifications
    from programs.models import Application, Enrolment, Group

    attempts_file = OUT / "rush_attempts.json"
    settings = {
        "groups": rush["groups"],
        "club": rush["club"],
        "parents": 49,
        "staff": 1,
        "login": f"{RUSH_STAFF}:{DEMO_PASSWORD}",
        "email_domain": RUSH_EMAIL_DOMAIN if notify else "",
    }
    env = {"BENCH_SCENARIO": "rush", "BENCH_RUSH": json.dumps(settings), "BENCH_ATTEMPTS": str(attempts_file)}
    users = 100
    notifications = Notifications(OUT).start() if notify else None
    try:
        rows = locust("rush", seconds, users, env)
        queue = notifications.finish(rush["club"], time.time()) if notify else None
    finally:
        if notifications:
            notifications.stop()
    attempts = json.loads(attempts_file.read_text(encoding="utf-8"))
    accepted = [a["surname"] for a in attempts if a["ok"]]
    stored = set(
        Application.objects.filter(group__club_id=rush["club"], child_surname__in=accepted).values_list(
            "child_surname", flat=True
        )
    )
    groups = Group.objects.filter(club_id=rush["club"]).annotate(actual=Count("enrolments"))
    submit = (
        _figures(rows["apply submit"]) if "apply submit" in rows else {"requests": 0, "failures": 0, "rps": 0}
    )
    server_errors = sum(1 for a in attempts if a["status"] >= 500)
    result = {
        "seconds": seconds,
        "users": users,
        "submissions": len(attempts),
        "submissions_per_second": round(len(attempts) / seconds, 1),
        "submit": submit,
        "server_errors": server_errors,
        "refused": sum(1 for a in attempts if not a["ok"] and a["status"] < 500),
        "lost": len(set(accepted) - stored),
        "enrolled": Enrolment.objects.filter(group__club_id=rush["club"]).count(),
        "places": sum(g.places for g in groups),
        "overbooked_groups": groups.filter(actual__gt=F("places")).count(),
        "accept_requests": int(rows["accept"]["Request Count"]) if "accept" in rows else 0,
        "notifications": queue,
    }
    print("rush:", json.dumps(result, ensure_ascii=False))
    return result


def machine():
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }


def run_staff_sweep(repeats):
    """Every staff page reached from each role's landing page, one client, p95 each."""
    from bench.staff_logins import staff_logins
    from bench.staff_sweep import slowest, sweep

    rows = sweep(HOST, staff_logins(), repeats=repeats)
    over = [row for row in rows if row.get("p95_ms", 0) > STAFF_P95_TARGET_MS]
    failed = [row for row in rows if not isinstance(row.get("status"), int) or row["status"] >= 400]
    for row in slowest(rows):
        print(f"staff {row['role']:12} {row['path'][:60]:60} p95 {row['p95_ms']:7} ms")
    return {
        "repeats": repeats,
        "pages": rows,
        "slowest": slowest(rows),
        "over_target": over,
        "failed": failed,
    }


STAFF_P95_TARGET_MS = 150
# issue 16's staff pages at 4 clients, against the same target
YEAR_PAGES = (
    "staff_inbox",
    "application_queue",
    "register_teacher",
    "register_methodist",
    "register_lesson",
    "staff_inbox_teacher",
)


def notifications_markdown(queue):
    from bench.notifications import markdown as queue_markdown

    return queue_markdown(queue)


def markdown(results):
    lines = [
        f"Scale **{results['scale']}**, {results['concurrency']} concurrent clients, "
        f"{results['seconds_per_page']} s per page, gunicorn with production settings on 127.0.0.1, "
        f"locust as the load generator on the same {results['machine']['cpus']}-core machine.",
        "",
        "| page | path | req/s | p50 ms | p95 ms | p99 ms | × floor | queries | failures | worker peak MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, page in results["pages"].items():
        clients = f" ({page['users']} client)" if page.get("users", CONCURRENCY) != CONCURRENCY else ""
        lines.append(
            f"| {name}{clients} | `{page['path']}` | {page['rps']} | {page['p50_ms']:g} | {page['p95_ms']:g} | "
            f"{page['p99_ms']:g} | {page['ratio_to_floor']} | {page['queries']} | {page['failures']} | "
            f"{page.get('worker_peak_mb') or '—'} |"
        )
    rush = results.get("rush")
    if rush:
        lines += [
            "",
            f"Enrolment rush: {rush['users']} clients for {rush['seconds']} s — {rush['submissions']} submissions "
            f"({rush['submissions_per_second']}/s), {rush['server_errors']} server errors, {rush['lost']} lost, "
            f"{rush['refused']} refused, enrolled {rush['enrolled']} of {rush['places']} places, "
            f"{rush['overbooked_groups']} overbooked groups, {rush['accept_requests']} accept requests.",
        ]
        if rush.get("notifications"):
            lines += ["", notifications_markdown(rush["notifications"])]
        else:
            lines += ["", "Notifications off: the rush's submissions gave no e-mail and no worker ran."]
    over = [
        f"{name} (p95 {results['pages'][name]['p95_ms']:g} ms)"
        for name in YEAR_PAGES
        if name in results["pages"] and results["pages"][name]["p95_ms"] > STAFF_P95_TARGET_MS
    ]
    if any(name in results["pages"] for name in YEAR_PAGES):
        lines += ["", f"Issue 16's pages over p95 {STAFF_P95_TARGET_MS} ms: {', '.join(over) or 'none'}."]
    imported = results.get("import")
    if imported:
        alone, enrolled = imported["learners"], imported["enrolled"]
        lines += [
            "",
            f"Import of {imported['rows']} learners (in-process, kept, checked and imported, rolled back): "
            f"{alone['seconds']} s ({alone['rows_per_second']} rows/s, {alone['status']}, "
            f"{alone['done_rows']} rows, {alone['errors']} errors); each enrolled into a group: "
            f"{enrolled['seconds']} s ({enrolled['rows_per_second']} rows/s, {enrolled['status']}, "
            f"{enrolled.get('enrolled')} enrolled, {enrolled['errors']} errors).",
        ]
    if results.get("export"):
        from bench.package_export import markdown as export_markdown

        lines += ["", *export_markdown(results["export"])]
    from bench.statistics_page import markdown as statistics_markdown

    lines += statistics_markdown(results)
    staff = results.get("staff")
    if staff:
        lines += [
            "",
            f"Staff sweep: {len(staff['pages'])} pages reached from each role's landing page, one client, "
            f"{staff['repeats']} requests each; {len(staff['over_target'])} over p95 {STAFF_P95_TARGET_MS} ms, "
            f"{len(staff['failed'])} failed. The slowest ten:",
            "",
            "| role | path | p50 ms | p95 ms |",
            "|---|---|---:|---:|",
            *(
                f"| {row['role']} | `{row['path']}` | {row['p50_ms']:g} | {row['p95_ms']:g} |"
                for row in staff["slowest"]
            ),
            *(f"- {row['role']} `{row['path']}` answered {row['status']}" for row in staff["failed"]),
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
