"""Where a page's time goes, in-process: the page requested through Django's test client as a
user (no server, no concurrency), its queries by time, and EXPLAIN ANALYZE of the slowest.

    DEBUG=1 python bench/explain.py PATH [--user USERNAME] [--repeat N] [--explain K]

The database is the portal's (DATABASE_URL to point at another, e.g. one with the nation
scale). The first request warms the caches; the figures are of the last of N.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--user", default=None, help="log in as this username (force_login)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", type=int, default=3, help="EXPLAIN ANALYZE of the K slowest queries")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("HTTPS", "0")
    sys.path.insert(0, str(BASE))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if args.user:
        client.force_login(get_user_model().objects.get(username=args.user))
    timings = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(args.path)
            timings.append((time.perf_counter() - started) * 1000)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(f"{args.path}: status {response.status_code}, {len(queries)} queries")
    print("request ms: " + ", ".join(f"{t:.1f}" for t in timings) + f"; SQL of the last {sql_ms:.1f} ms")
    slowest = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    for query in slowest[:10]:
        print(f"{float(query['time']) * 1000:8.2f} ms  {query['sql'][:160]}")
    for query in slowest[: args.explain]:
        if not query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        print("\n" + "-" * 100 + "\n" + query["sql"] + "\n")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
