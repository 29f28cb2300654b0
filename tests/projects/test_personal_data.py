"""Every public page of the demo data, searched for what must never be public: each demo
child's date of birth (as the site could print it), full surname, school, and guardian phone."""

import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from centre.models import AcademicYear, Guardian, Learner
from programs.models import Club, Direction
from projects.models import Project, Result
from projects.reports import gifted_rows

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src)="([^"#]+)"')


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def forbidden_strings(learner):
    with translation.override("ru"):
        dates = {
            learner.birth_date.strftime("%d.%m.%Y"),
            learner.birth_date.strftime("%Y-%m-%d"),
            learner.birth_date.strftime("%d.%m.%y"),
            date_format(learner.birth_date, "j E Y"),
            date_format(learner.birth_date, "d E Y"),
            date_format(learner.birth_date, "DATE_FORMAT"),
            date_format(learner.birth_date, "SHORT_DATE_FORMAT"),
        }
    phones = {g.phone for g in Guardian.objects.filter(learners=learner)}
    return dates | phones


def crawl(client, start_urls):
    """Follow every same-site link under /projects/ from the start pages (GET only)."""
    seen, pages = set(), {}
    queue = deque(start_urls)
    while queue and len(seen) < 400:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages[url] = html
        for link in LINK.findall(html):
            target = urljoin(url, link.replace("&amp;", "&"))
            parsed = urlparse(target)
            if parsed.netloc or not parsed.path.startswith("/projects/"):
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return pages


def test_no_public_page_shows_a_childs_personal_data(client, demo):
    showcase = reverse("projects:showcase")
    starts = [reverse("home"), showcase]
    starts += [f"{showcase}?direction={pk}" for pk in Direction.objects.values_list("pk", flat=True)]
    starts += [f"{showcase}?club={pk}" for pk in Project.objects.values_list("club_id", flat=True)]
    starts += [f"{showcase}?year={pk}" for pk in AcademicYear.objects.values_list("pk", flat=True)]
    starts += [
        reverse("projects:project", args=[pk]) for pk in Project.objects.public().values_list("pk", flat=True)
    ]
    pages = crawl(client, starts)
    tag = Template("{% load projects_tags %}{% club_projects club %}")
    for club in Club.objects.all():
        pages[f"club_projects:{club.slug}"] = tag.render(Context({"club": club}))

    project_pages = [html for url, html in pages.items() if re.fullmatch(r"/projects/\d+/", url)]
    assert len(project_pages) == Project.objects.public().count() >= 4
    text = "\n".join(pages.values())
    learners = list(Learner.objects.all())
    assert len(learners) >= 10
    for learner in learners:
        surname = re.compile(rf"(?<![\w]){re.escape(learner.surname)}(?![\w])")
        assert not surname.search(text), f"surname of {learner.public_name} is on a public page"
        for secret in forbidden_strings(learner):
            assert secret not in text, f"{secret!r} of {learner.public_name} is on a public page"
        if learner.school:
            assert learner.school not in "\n".join(project_pages)

    # the check can fail: names the pages may show are there, hidden children are not
    shown = {m.learner.public_name for p in Project.objects.public() for m in p.public_members()}
    assert shown and all(name in text for name in shown)
    for surname in ("Медведева", "Чернова"):  # no publication consent; consent withdrawn
        hidden = Learner.objects.get(surname=surname)
        assert hidden.public_name not in text


def test_demo_data_is_idempotent_and_feeds_every_page(demo, settings):
    def counts():
        return (
            Project.objects.count(),
            Project.objects.public().count(),
            Result.objects.count(),
            Learner.objects.count(),
        )

    first = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first
    flagged_but_hidden = (
        Project.objects.filter(is_public=True).exclude(pk__in=Project.objects.public()).count()
    )
    assert flagged_but_hidden >= 2
    assert len(gifted_rows(Result.objects.all(), learners=Learner.objects.all())) >= 4
    assert Result.objects.filter(competition__level="regional", outcome="winner").exists()
    assert {p.type.name for p in Project.objects.select_related("type")} >= {
        "Инженерный",
        "Исследовательский",
        "Творческий",
        "Социальный",
    }
