"""Load scenarios for `make bench`, run by bench/run.py as separate locust processes.

BENCH_SCENARIO=page: every user GETs BENCH_PATH in a loop, no wait (a closed loop at the
stated concurrency). BENCH_LOGIN=user:password logs in first (staff pages); BENCH_HEADERS, a
JSON object, goes with every request (the package API's token).
BENCH_SCENARIO=rush: parents submit applications to the rush groups while staff accept them;
with an e-mail domain in BENCH_RUSH, each submission gives an address of its own.

The clients are locust's FastHttpUser (geventhttpclient): the load generator shares the two
cores with the server, and the requests-based HttpUser spent several times more CPU per
request, taking it from the server it measures.
"""

import itertools
import json
import os
import random
import re

from locust import between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

SCENARIO = os.environ.get("BENCH_SCENARIO", "page")
HOST = os.environ["BENCH_HOST"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DETAIL_LINK = re.compile(r'/staff/applications/(\d+)/"')
counter = itertools.count()
attempts: list[dict] = []
running: dict = {}


@events.init.add_listener
def remember_environment(environment, **kwargs):
    running["environment"] = environment


@events.quit.add_listener
def save_final_stats(**kwargs):
    """Each request name's final figures, with the CSV's column names, to BENCH_FINAL_STATS:
    locust rewrites its CSV only once a second, so a short run on a busy machine could end
    before the CSV had a row for the page."""
    path = os.environ.get("BENCH_FINAL_STATS")
    if not path or "environment" not in running:
        return
    rows = {}
    for entry in running["environment"].stats.entries.values():
        rows[entry.name] = {
            "Name": entry.name,
            "Request Count": entry.num_requests,
            "Failure Count": entry.num_failures,
            "Requests/s": entry.total_rps,
            **{f"{share:.0%}": entry.get_response_time_percentile(share) for share in (0.5, 0.95, 0.99)},
        }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(rows, handle, ensure_ascii=False)


def log_in(client, credentials):
    username, password = credentials.split(":", 1)
    page = client.get("/accounts/login/", name="login form")
    token = CSRF_INPUT.search(page.text).group(1)
    client.post(
        "/accounts/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": HOST + "/accounts/login/"},
        name="login",
    )


if SCENARIO == "page":

    class PageUser(FastHttpUser):
        wait_time = constant(0)

        def on_start(self):
            if os.environ.get("BENCH_LOGIN"):
                log_in(self.client, os.environ["BENCH_LOGIN"])

        @task
        def page(self):
            path = os.environ["BENCH_PATH"]
            if os.environ.get("BENCH_BUST_CACHE"):
                # an unknown parameter makes every URL new: the page is built each time
                path += ("&" if "?" in path else "?") + f"bust={next(counter)}"
            headers = json.loads(os.environ.get("BENCH_HEADERS", "{}"))  # e.g. the package API's token
            self.client.get(path, name=os.environ.get("BENCH_NAME", "page"), headers=headers or None)

else:
    RUSH = json.loads(os.environ["BENCH_RUSH"])

    class Parent(FastHttpUser):
        weight = RUSH["parents"]
        wait_time = between(0.2, 0.5)

        @task
        def apply(self):
            group = random.choice(RUSH["groups"])
            path = f"/clubs/{group['slug']}/apply/{group['id']}/"
            form = self.client.get(path, name="apply form")
            match = CSRF_INPUT.search(form.text)
            if not match:
                return
            number = next(counter)
            surname = f"Рывоков{os.getpid()}x{number}"
            # an address of its own for each submission: each one queues a mail (bench/notifications.py)
            email = f"{os.getpid()}x{number}@{RUSH['email_domain']}" if RUSH.get("email_domain") else ""
            with self.client.post(
                path,
                {
                    "csrfmiddlewaretoken": match.group(1),
                    "child_surname": surname,
                    "child_name": "Тест",
                    "child_birth_date": "2015-03-01",
                    "guardian_surname": "Рывокова",
                    "guardian_name": "Анна",
                    "guardian_phone": "+7 900 000-00-00",
                    "guardian_email": email,
                    "guardian_relation": "mother",
                    "consent_processing": "on",
                },
                headers={"Referer": HOST + path},
                name="apply submit",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                stored = response.status_code in (302, 303)
                attempts.append({"surname": surname, "status": response.status_code, "ok": stored})
                if response.status_code >= 500:
                    response.failure(f"server error {response.status_code}")
                elif not stored:
                    response.failure(f"not accepted: {response.status_code}")
                else:
                    response.success()

    class Staff(FastHttpUser):
        weight = RUSH["staff"]
        wait_time = between(0.5, 1.0)

        def on_start(self):
            log_in(self.client, RUSH["login"])

        @task
        def accept(self):
            queue = self.client.get(f"/staff/applications/?status=new&club={RUSH['club']}", name="queue")
            for pk in DETAIL_LINK.findall(queue.text)[:3]:
                detail = self.client.get(f"/staff/applications/{pk}/", name="application")
                match = CSRF_INPUT.search(detail.text)
                if match:
                    self.client.post(
                        f"/staff/applications/{pk}/accept/",
                        {"csrfmiddlewaretoken": match.group(1)},
                        headers={"Referer": HOST + f"/staff/applications/{pk}/"},
                        name="accept",
                    )

    @events.test_stop.add_listener
    def save_attempts(environment, **kwargs):
        with open(os.environ["BENCH_ATTEMPTS"], "w", encoding="utf-8") as handle:
            json.dump(attempts, handle, ensure_ascii=False)
