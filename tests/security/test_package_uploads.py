"""Hostile federal packages on the methodist's upload page (staff/package-imports/new/): an
XML external entity (a local file, a network address), entity expansion («billion laughs»),
an external DTD, a file over IMPORT_MAX_MEGABYTES, a file name with markup. None is read
beyond the limit, none reaches a file or the network, each is kept as «not a package» (or
refused by the form) with nothing imported, and what the pages show of it is escaped."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.exchange.reading import PackageError, read_package
from programs.models import PackageImport, Program
from tests.security.exchange_world import EMPTY_PACKAGE
from tests.security.helpers import login

pytestmark = pytest.mark.django_db

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
BODY = (
    b'<package datasource="00000000-0000-4000-8000-000000000000" created="1764547200" kind="full">'
    b"<dictionaries/><objects><partners/><programDirections/><programs><program>"
    b"<uuid>3f0e8f7e-5a3b-4d6e-9a37-6f1d2c3b4a59</uuid><name>&x;</name></program></programs>"
    b"<groups/><schedules/></objects></package>"
)
HOSTILE = {
    "a local file": HEAD + b'<!DOCTYPE package [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + BODY,
    "a network address": HEAD + b'<!DOCTYPE package [<!ENTITY x SYSTEM "http://127.0.0.1:9/leak">]>' + BODY,
    "a parameter entity": HEAD
    + b'<!DOCTYPE package [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p; <!ENTITY x "x">]>'
    + BODY,
    "an external DTD": HEAD + b'<!DOCTYPE package SYSTEM "http://127.0.0.1:9/package.dtd">' + BODY,
    "billion laughs": HEAD
    + b'<!DOCTYPE package [<!ENTITY a "ha">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
    + b'<!ENTITY x "&j;">]>'
    + BODY,
}


@pytest.fixture
def methodist_page(methodist):
    return login(methodist)


def upload(client, organisation, name, content):
    return client.post(
        reverse("programs:staff_package_import_create"),
        {
            "organisation": organisation.pk,
            "file": SimpleUploadedFile(name, content, content_type="application/xml"),
        },
    )


@pytest.mark.parametrize("label", sorted(HOSTILE))
def test_a_hostile_package_is_not_read_and_nothing_is_imported(label, methodist, methodist_page):
    content = HOSTILE[label]
    started = time.monotonic()
    with pytest.raises(PackageError):
        read_package(content)
    organisation = methodist.person.organisation
    programs = Program.objects.count()
    response = upload(methodist_page, organisation, "hostile.xml", content)
    assert time.monotonic() - started < 10, "the expansion was not refused early"
    kept = PackageImport.objects.filter(organisation=organisation, file_name="hostile.xml").first()
    if kept is None:  # refused by the form itself
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert kept.status == PackageImport.Status.INVALID, kept.status
        page = methodist_page.get(reverse("programs:staff_package_import", args=[kept.pk])).content.decode()
        assert "root:" not in page and "hahaha" not in page
        assert "root:" not in str(kept.report) and "hahaha" not in str(kept.report)
    assert Program.objects.count() == programs


def test_a_package_over_the_limit_is_refused_before_it_is_kept(methodist, methodist_page, settings):
    settings.IMPORT_MAX_MEGABYTES = 1
    padding = b"<!--" + b"x" * (1024 * 1024 + 10) + b"-->"
    response = upload(methodist_page, methodist.person.organisation, "big.xml", EMPTY_PACKAGE + padding)
    assert response.status_code == 200  # the form again, with its error
    assert not PackageImport.objects.filter(file_name="big.xml").exists()


def test_a_file_name_with_markup_is_shown_escaped(methodist, methodist_page):
    name = '<img src=x onerror="alert(1)">.xml'
    response = upload(methodist_page, methodist.person.organisation, name, EMPTY_PACKAGE)
    assert response.status_code == 302
    for url in (reverse("programs:staff_package_imports"), response["Location"]):
        page = methodist_page.get(url).content.decode()
        assert "<img src=x" not in page, url
