"""Open data (programs.opendata): the data set's passport page, the catalogue as CSV and JSON
streamed row by row, the structure, and the passport in machine-readable form. Public, GET
only, the same for every visitor.

CSV: RFC 4180 as the open-data recommendations ask — UTF-8 without a byte order mark, comma
separated, fields quoted when they hold a comma, quote or line break, CRLF line ends, the
field names in the first line. The cells are the data as stored: a program's title is never
rewritten (no «'» before an «=»), since a data set is read by programs, not opened as a sheet.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from centre.ratelimit import rate_limit
from programs import opendata

ROWS_A_CHUNK = 500  # rows written to the response at once
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


class _Line:
    """csv.writer's file: hands back each line it is given."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    chunk = [writer.writerow(header)]
    for row in rows:
        chunk.append(writer.writerow(row))
        if len(chunk) >= ROWS_A_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _json_lines(rows: Iterable[dict]) -> Iterator[str]:
    yield "["
    chunk, first = [], True
    for row in rows:
        chunk.append(("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False))
        first = False
        if len(chunk) >= ROWS_A_CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "\n]\n"


def _dated(response, *, filename: str | None = None):
    """The data set's change time as Last-Modified; every visitor gets the same answer, for a
    short time. Never answered 304: some records have no change time (see opendata.modified)."""
    changed = opendata.modified()
    if changed is not None:
        response["Last-Modified"] = http_date(changed.timestamp())
    patch_cache_control(response, public=True, max_age=settings.VISITOR_PAGE_CACHE_SECONDS)
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _data_name(extension: str) -> str:
    stamp = opendata.version_stamp(opendata.modified())
    return f"data-{stamp}-structure-{opendata.STRUCTURE_VERSION}.{extension}"


@require_GET
def passport_page(request):
    return _dated(
        render(
            request,
            "programs/opendata/passport.html",
            {"passport": opendata.passport(), "fields": opendata.FIELDS},
        )
    )


# the whole data set: limited per address (the passport and structure are small)
download_limit = rate_limit("opendata", "OPENDATA_DOWNLOADS_PER_MINUTE", methods=("GET", "HEAD"))


@require_GET
@download_limit
def catalogue_csv(request):
    rows = (opendata.csv_values(row) for row in opendata.rows())
    response = StreamingHttpResponse(_csv_lines(list(opendata.FIELD_NAMES), rows), content_type=CSV_TYPE)
    return _dated(response, filename=_data_name("csv"))


@require_GET
@download_limit
def catalogue_json(request):
    rows = (opendata.json_values(row) for row in opendata.rows())
    response = StreamingHttpResponse(_json_lines(rows), content_type=JSON_TYPE)
    return _dated(response, filename=_data_name("json"))


def _descriptions(field) -> tuple[str, str]:
    with translation.override("en"):
        english = str(field.title)
    with translation.override("ru"):
        russian = str(field.title)
    return english, russian


@require_GET
def structure_csv(request):
    """The structure as the recommendations lay it out: field name, English description,
    Russian description, format."""
    rows = [[field.name, *_descriptions(field), field.format] for field in opendata.FIELDS]
    header = ["field name", "english description", "russian description", "format"]
    response = HttpResponse("".join(_csv_lines(header, rows)), content_type=CSV_TYPE)
    return _dated(response, filename=f"structure-{opendata.STRUCTURE_VERSION}.csv")


@require_GET
def passport_csv(request):
    """meta.csv: the passport's properties and values, as the recommendations name them."""
    with translation.override("ru"):  # the machine's files are the same whatever a browser asks
        rows = [[line.property, line.value] for line in opendata.passport()]
    response = HttpResponse("".join(_csv_lines(["property", "value"], rows)), content_type=CSV_TYPE)
    return _dated(response, filename="meta.csv")


@require_GET
def passport_json(request):
    """meta.json: the same properties as one JSON object."""
    with translation.override("ru"):
        data = {line.property: line.value for line in opendata.passport()}
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type=JSON_TYPE)
    return _dated(response, filename="meta.json")
