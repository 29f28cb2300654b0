"""Helpers of the projects tests: form data as a browser posts it, and image bytes.
Records are built by the factories (tests/projects/factories.py)."""

import datetime
import io
import re
from html import unescape

from PIL import Image

from tests.factories import PersonFactory, home_organisation
from tests.programs.factories import CurrentYearFactory
from tests.projects.factories import project_type


def image_bytes(fmt="PNG", size=(64, 48), colour=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def project_data(club, *, learners=(), fmt="group", **extra):
    supervisor = PersonFactory()
    data = {
        "title": "Умная теплица",
        "summary": "Датчики влажности и автополив.",
        "type": project_type().pk,
        "format": fmt,
        "club": club.pk,
        "supervisor": supervisor.pk,
        "academic_year": CurrentYearFactory().pk,
        "stage": "in_progress",
        "partner_case": "",
        "is_public": "on",
        **management("members", max(len(learners), 1)),
    }
    if not learners:
        data["members-0-role"] = "member"  # an untouched extra row, as a browser sends it
    for index, (learner, role) in enumerate(learners):
        data[f"members-{index}-learner"] = learner.pk
        data[f"members-{index}-role"] = role
    data.update(extra)
    return data


def result_data(rows, initial=0):
    data = management("results", len(rows), initial)
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"results-{index}-{key}"] = value
    return data


def row(competition, **extra):
    return {
        "competition": competition.pk,
        "learner": "",
        "nomination": "",
        "outcome": "prize",
        "place": "2",
        "date": competition.starts_on.isoformat(),
        **extra,
    }


def competition_data(**extra):
    year = CurrentYearFactory()
    return {
        "title": "Краевой конкурс «Юный изобретатель»",
        "kind": "contest",
        "level": "regional",
        "direction": "",
        "organiser": "Министерство образования края",
        "starts_on": (year.start + datetime.timedelta(days=30)).isoformat(),
        "ends_on": (year.start + datetime.timedelta(days=32)).isoformat(),
        "is_official": "on",
        "organisation": home_organisation().pk,  # the select's one option, chosen from the start
        **extra,
    }


def competition_row(**extra):
    return {
        "project": "",
        "learner": "",
        "nomination": "",
        "outcome": "participant",
        "place": "",
        "date": "",
        **extra,
    }


def table_rows(html: str, testid: str) -> dict[str, list[str]]:
    """The rows of the table marked data-testid=`testid`: the row's first cell -> the others' text."""
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        cells = [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows
