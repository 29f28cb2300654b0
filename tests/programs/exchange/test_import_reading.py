"""Reading a package: every shape real packages come in (exchange.md) gives the same plain
records, what was unusual is named in the record's notes, and a file that is no package —
or a hostile one — is refused before anything is applied."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import translation

from programs.exchange.reading import PackageError, Record, Unreadable, read_package
from tests.programs.exchange.import_helpers import CONSTRUCTOR, DELETED_PROGRAM, package


@pytest.fixture(autouse=True)
def russian():
    with translation.override("ru"):
        yield


def wrap(objects: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><package datasource="x" created="1" kind="full"><objects>{objects}</objects></package>'.encode()


def one(objects: str) -> Record:
    (record,) = read_package(wrap(objects)).records
    return record


def test_the_quirks_package_is_read_in_the_order_it_is_applied():
    read = read_package(package("quirks.xml"))
    assert (read.datasource, read.created, read.kind) == (
        "6f1c2d3e-0000-4000-8000-00000000d5c1",
        "1764547200",
        "full",
    )
    kinds = [record.kind for record in read.records]
    assert kinds == ["partner", "programDirection"] + ["program"] * 4 + ["group"] * 5 + ["schedule"] * 4
    # the lone program straight under <objects> is read, and said so
    assert read.records[5].text("uuid") == DELETED_PROGRAM and read.records[5].is_deleted()
    assert read.notes == ["Элементы «program» лежат прямо в «objects», без «programs»: всё равно прочитаны."]
    assert read.dictionaries["OvzTypes"] == {"deafness", "blindness"}
    assert read.records[2].text("uuid") == CONSTRUCTOR and not read.records[2].is_deleted()


def test_a_list_is_read_from_items_repeated_elements_one_bare_value_or_commas():
    items = one(
        "<programs><program><levelSet><item>basic</item><item>advanced</item></levelSet></program></programs>"
    )
    assert items.codes("levelSet") == ["basic", "advanced"] and items.notes == []
    one_item = one("<programs><program><levelSet><item>basic</item></levelSet></program></programs>")
    assert one_item.codes("levelSet") == ["basic"] and one_item.notes == []
    repeated = one(
        "<programs><program><levelSet>basic</levelSet><levelSet>advanced</levelSet></program></programs>"
    )
    assert repeated.codes("levelSet") == ["basic", "advanced"]
    bare = one("<programs><program><levelSet>basic</levelSet></program></programs>")
    assert bare.codes("levelSet") == ["basic"]
    assert bare.notes == ["«levelSet»: одно значение там, где ожидался список."]
    commas = one("<programs><program><weekDays>mon, thu</weekDays></program></programs>")
    assert commas.codes("weekDays") == ["mon", "thu"]


@pytest.mark.parametrize("empty", ["<site/>", "<site></site>", "<site>  \n </site>", ""])
def test_an_empty_or_absent_element_is_no_value(empty):
    record = one(f"<partners><partner>{empty}<levelSet/></partner></partners>")
    assert record.text("site") == "" and record.codes("levelSet") == []
    assert record.integer("site") is None and record.boolean("site") is None and record.date("site") is None


def test_numbers_and_booleans_are_read_from_their_text():
    record = one(
        "<groups><group><a>15</a><b>6.0</b><c>7.5</c><d>1500.00</d><e>true</e><f>FALSE</f><g>1</g>"
        "<h>1 500,50</h></group></groups>"
    )
    assert (record.integer("a"), record.integer("b")) == (15, 6)
    assert record.notes == []
    assert record.integer("c") == 7 and record.notes == ["«c»: «7.5» взято как 7."]
    assert record.decimal("d") == Decimal("1500.00") and record.decimal("h") == Decimal("1500.50")
    assert (record.boolean("e"), record.boolean("f"), record.boolean("g")) == (True, False, True)


def test_a_value_that_cannot_be_read_says_which_and_why():
    record = one(
        "<groups><group><size>много</size><isPfdod>может быть</isPfdod><dateBegin>сентябрь</dateBegin>"
        "<timeStart>25:00</timeStart><uuid>не-uuid</uuid></group></groups>"
    )
    for read, message in (
        (lambda: record.integer("size"), "«size»: «много» — не число."),
        (lambda: record.boolean("isPfdod"), "«isPfdod»: «может быть» — ни true, ни false."),
        (lambda: record.date("dateBegin"), "«dateBegin»: «сентябрь» — не дата."),
        (lambda: record.time("timeStart"), "«timeStart»: «25:00» — не время."),
        (lambda: record.uuid(), "«uuid»: «не-uuid» — не uuid."),
    ):
        with pytest.raises(Unreadable) as caught:
            read()
        assert str(caught.value) == message


def test_a_time_with_a_one_digit_hour_or_seconds_is_read_and_said_so():
    record = one(
        "<schedules><schedule><a>9:00</a><b>15:00</b><c>15:30:00</c><d>9.05</d></schedule></schedules>"
    )
    assert record.time("a") == datetime.time(9, 0)
    assert record.time("b") == datetime.time(15, 0)
    assert record.time("c") == datetime.time(15, 30)
    assert record.time("d") == datetime.time(9, 5)
    assert record.notes[0] == "«a»: «9:00» прочитано как 09:00."
    assert len(record.notes) == 3  # 15:00 is written our way


def test_dates_are_read_as_iso_or_as_russian_typing():
    record = one(
        "<groups><group><a>2026-09-01</a><b>2026-09-01T00:00:00</b><c>01.09.2026</c></group></groups>"
    )
    assert {record.date(name) for name in "abc"} == {datetime.date(2026, 9, 1)}


def test_financing_sources_one_or_several():
    single = one(
        "<groups><group><financingSources><financingSource><source>paid</source><cost>1500.00</cost>"
        "</financingSource></financingSources></group></groups>"
    )
    assert single.rows("financingSources", "financingSource") == [{"source": "paid", "cost": "1500.00"}]
    several = one(
        "<groups><group><financingSources><financingSource><source>budget</source></financingSource>"
        "<financingSource><source>paid</source><cost>10</cost></financingSource></financingSources></group></groups>"
    )
    assert [row["source"] for row in several.rows("financingSources", "financingSource")] == [
        "budget",
        "paid",
    ]


def test_the_json_rendering_reads_as_the_xml():
    data = {
        "package": {
            "@datasource": "d",
            "@created": "1",
            "objects": {
                "programs": {
                    "program": {
                        "uuid": CONSTRUCTOR,
                        "levelSet": {"item": "basic"},
                        "ovzTypes": {},
                        "minAge": "7.0",
                        "isDeleted": "false",
                    }
                },
                "groups": {"group": [{"name": "А"}, {"name": "Б"}]},
                "schedules": {},
            },
        }
    }
    read = read_package(json.dumps(data, ensure_ascii=False).encode())
    program, *groups = read.records
    assert read.datasource == "d"
    assert program.codes("levelSet") == ["basic"] and program.codes("ovzTypes") == []
    assert program.integer("minAge") == 7 and not program.is_deleted()
    assert [group.text("name") for group in groups] == ["А", "Б"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<package><objects>", "Файл — не правильно построенный XML"),
        (b"<catalogue><objects/></catalogue>", "Файл — не пакет: его корневой элемент не «package»."),
        (b"<package><dictionaries/></package>", "Файл — не пакет: в нём нет «objects»."),
        (b"{not json", "Файл — не правильный JSON"),
        (
            b'<?xml version="1.0"?><!DOCTYPE package [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<package><objects><programs><program><name>&b;</name></program></programs></objects></package>",
            "В файле объявлены DTD или сущности: такой пакет не читается.",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE package [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
            b"<package><objects><programs><program><name>&secret;</name></program></programs></objects></package>",
            "В файле объявлены DTD или сущности: такой пакет не читается.",
        ),
    ],
)
def test_a_file_that_is_no_package_or_is_hostile_is_refused(content, message):
    with pytest.raises(PackageError) as caught:
        read_package(content)
    assert str(caught.value).startswith(message)


def test_a_file_over_the_limit_is_refused_before_it_is_parsed(settings):
    settings.IMPORT_MAX_MEGABYTES = 1
    with pytest.raises(PackageError) as caught:
        read_package(wrap("<programs>" + "<program/>" * 120_000 + "</programs>"))
    assert str(caught.value) == "Файл больше 1 МБ."


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0" encoding="windows-1251"?><package><objects><programs><program><name>Юный конструктор</name></program></programs></objects></package>'.encode(
            "cp1251"
        ),
        "\ufeff<package><objects><programs><program><name>Юный конструктор</name></program></programs></objects></package>".encode(),
        '<p:package xmlns:p="urn:example"><p:objects><p:programs><p:program><p:name>Юный конструктор</p:name></p:program></p:programs></p:objects></p:package>'.encode(),
    ],
    ids=["windows-1251", "bom", "namespace"],
)
def test_a_declared_encoding_a_bom_or_a_namespace_reads_the_same(content):
    (record,) = read_package(content).records
    assert record.text("name") == "Юный конструктор"
