"""No hard-coded interface text (issue 17): every string literal with Cyrillic in the portal's
Python is a msgid (an argument of gettext and its kin, translated in every catalogue) or data
listed here module by module with the reason it is data (a header the XLSX import reads as
written, an exchange code, a spelling rule). A new Russian message, label or header fails
here: give it an English msgid and its ru/kk translations instead. Templates and the static
JavaScript have no Cyrillic outside {% translate %}, {% blocktranslate %} and comments.

Docstrings and comments are not scanned; nor are migrations, demo and generator code (their
records are the demo's data)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CYRILLIC = re.compile("[\u0400-\u04ff№]")  # and «№», which English writes «No.»
APPS = ("centre", "programs", "innovation", "mentoring", "projects")
SKIPPED = {"migrations", "locale", "locale_django", "__pycache__", "demo", "generate"}
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
TEMPLATE_TEXT_OUTSIDE = [
    re.compile(r"\{%\s*blocktranslate\b.*?%\}.*?\{%\s*endblocktranslate\s*%\}", re.S),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*translate\b.*?%\}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"/\*.*?\*/", re.S),
]

# module: (why its Cyrillic is data, the literals)
ALLOWED = {
    "centre/erasure.py": (
        "the name written into an erased record (records are kept in Russian)",
        {"Удалено"},
    ),
    "centre/formats/kk/formats.py": (
        "Kazakh date formats (Django's format strings, «жылғы» is part of the format)",
        {"Y жылғы E", "Y жылғы j E", "Y жылғы j E, H:i"},
    ),
    "centre/search.py": (
        "Russian spelling rules of the fuzzy search (transliteration, vowels)",
        {
            "aeiouаеиоуыэюя",
            "абвгдезийклмнопрстуфхквк",
            "е",
            "ж",
            "й",
            "йо",
            "кс",
            "х",
            "ц",
            "ч",
            "ш",
            "щ",
            "ы",
            "ю",
            "я",
            "ё",
        },
    ),
    "centre/templatetags/languages.py": (
        "the switcher names each language in its own script",
        {"Рус", "Қаз"},
    ),
    "centre/validators.py": (
        "Cyrillic look-alikes of Latin letters the name check refuses to mix",
        {
            "а",
            "в",
            "е",
            "з",
            "к",
            "м",
            "н",
            "о",
            "п",
            "р",
            "с",
            "т",
            "у",
            "х",
            "ь",
            "ё",
            "ѕ",
            "і",
            "ї",
            "ј",
            "ү",
            "һ",
            "ӏ",
        },
    ),
    "programs/exchange/codes.py": (
        "the federal exchange's dictionary values, as the package spells them",
        {
            "Базовый",
            "Бюджет (бесплатно)",
            "В архиве",
            "Глухие",
            "Дошкольная образовательная организация",
            "Другое",
            "Естественнонаучная",
            "Задержка психического развития",
            "Значимые программы",
            "Иные программы",
            "Культура",
            "Молодёжная политика",
            "На модерации",
            "Нарушения опорно-двигательного аппарата",
            "Не указан",
            "Не указано",
            "Образование",
            "Образовательная организация высшего образования",
            "Общеобразовательная организация",
            "Общеразвивающая",
            "Ожидает исправлений",
            "Опубликована",
            "Организация дополнительного образования",
            "Организация дополнительного профессионального образования",
            "Организация, не являющаяся образовательной",
            "Платно",
            "Платные программы",
            "Предпрофессиональная",
            "Предпрофессиональные программы",
            "Продвинутый",
            "Профессиональная образовательная организация",
            "Расстройства аутистического спектра",
            "Сертификат ПФДО",
            "Сертифицированные программы",
            "Слабовидящие",
            "Слабослышащие и позднооглохшие",
            "Слепые",
            "Социальная защита",
            "Социально-гуманитарная",
            "Спорт",
            "Спортивная организация",
            "Спортивной подготовки",
            "Средства физических и юридических лиц",
            "Стартовый",
            "Техническая",
            "Туристско-краеведческая",
            "Тяжёлые нарушения речи",
            "Умственная отсталость (интеллектуальные нарушения)",
            "Физкультурно-спортивная",
            "Художественная",
            "Черновик",
        },
    ),
    "programs/exchange/importing_catalogue.py": (
        "units of a program's length as packages write them",
        {"год", "лет", "мес"},
    ),
    "programs/exchange/importing_groups.py": (
        "weekdays as packages write them",
        {"вс", "вт", "е", "пн", "пт", "сб", "ср", "чт", "ё"},
    ),
    "programs/exchange/reading.py": (
        "yes/no as packages write them",
        {"да", "нет"},
    ),
    "programs/forms/parents.py": (
        "the application number's letter З as parents type it",
        {"^\\s*(?:[ЗзZz]\\s*[-–—\\s]?\\s*|3\\s*[-–—\\s]\\s*)?(?:(\\d{4})\\s*[-–—\\s]\\s*)?(\\d{1,9})\\s*$"},
    ),
    "programs/imports/bench.py": (
        "the benchmark's generated rows (the import's own headers)",
        {
            "Бенч",
            "Группа",
            "Дата рождения",
            "Дата согласия на обработку ПД",
            "Иван",
            "Имя ребёнка",
            "Имя родителя",
            "Мария",
            "Объединение",
            "Телефон родителя",
            "Фамилия ребёнка",
            "Фамилия родителя",
            "ов",
            "ова",
        },
    ),
    "programs/imports/catalogue.py": (
        "the XLSX import's headers and values, read as written",
        {
            "Адаптированная",
            "Виды нарушений",
            "Возраст до",
            "Возраст от",
            "Год обучения",
            "Кабинет",
            "Краткое описание",
            "Мест",
            "Название группы",
            "Название программы",
            "Наполняемость до",
            "Наполняемость от",
            "Направленность",
            "Оборудование",
            "Объединение",
            "Ожидаемые результаты",
            "Описание",
            "Педагог",
            "Площадка",
            "Приём заявлений по",
            "Приём заявлений с",
            "Программа",
            "Профиль",
            "Расписание",
            "С дистанционным обучением",
            "Срок освоения, месяцев",
            "Стоимость в месяц",
            "Стоимость в месяц, руб.",
            "Уровни",
            "Учебный год",
            "Финансирование",
            "Цели и задачи",
            "Часов в год",
            "бюджет",
            "платно",
            "сертификат",
        },
    ),
    "programs/imports/learners.py": (
        "the XLSX import's headers and values, read as written",
        {
            "E-mail родителя",
            "Группа",
            "Дата зачисления",
            "Дата приказа",
            "Дата рождения",
            "Дата согласия на обработку ПД",
            "Имя ребёнка",
            "Имя родителя",
            "Кем приходится",
            "Класс",
            "Номер приказа",
            "ОВЗ",
            "Объединение",
            "Отчество ребёнка",
            "Отчество родителя",
            "Пол",
            "Телефон родителя",
            "Фамилия ребёнка",
            "Фамилия родителя",
            "Финансирование",
            "Школа",
            "бюджет",
            "девочка",
            "ж",
            "м",
            "мальчик",
            "мама",
            "папа",
            "платно",
            "сертификат",
            "қыз",
            "ұл",
        },
    ),
    "programs/imports/preview.py": (
        "the XLSX import's headers the preview finds in the file",
        {
            "Возраст до",
            "Возраст от",
            "Группа",
            "Дата рождения",
            "Имя ребёнка",
            "Название группы",
            "Название программы",
            "Направленность",
            "Объединение",
            "Педагог",
            "Расписание",
            "Фамилия ребёнка",
            "Фамилия родителя",
        },
    ),
    "programs/imports/schedule.py": (
        "weekdays as the XLSX import reads a schedule",
        {
            "^(?P<day>[а-яё]+)\\.?\\s*,?\\s*(?P<start>\\d{1,2}[:.]\\d{2})\\s*[-–—]\\s*(?P<end>\\d{1,2}[:.]\\d{2})$",
            "воскресенье",
            "вс",
            "вт",
            "вторник",
            "е",
            "пн",
            "понедельник",
            "пт",
            "пятница",
            "сб",
            "ср",
            "среда",
            "суббота",
            "четверг",
            "чт",
            "ё",
        },
    ),
    "programs/imports/widgets.py": (
        "yes/no in every language and «ё» as the XLSX import reads them",
        {"да", "е", "жоқ", "иә", "нет", "ё"},
    ),
    "programs/models/applications.py": (
        "the application number's prefix З- (parents type it back)",
        {"З-"},
    ),
    "programs/models/catalogue.py": (
        "Russian vowels of a name's hyphenation",
        {"аеиоуыэюяйь"},
    ),
    "programs/slugs.py": (
        "the transliteration table of slugs",
        {
            "а",
            "б",
            "в",
            "г",
            "д",
            "е",
            "ж",
            "з",
            "и",
            "й",
            "к",
            "л",
            "м",
            "н",
            "о",
            "п",
            "р",
            "с",
            "т",
            "у",
            "ф",
            "х",
            "ц",
            "ч",
            "ш",
            "щ",
            "ъ",
            "ы",
            "ь",
            "э",
            "ю",
            "я",
            "ё",
        },
    ),
}


def modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if SKIPPED & set(relative.parts) or "demo" in path.stem or path.stem.startswith("generate"):
                continue
            yield relative.as_posix()


def cyrillic_literals(source: str) -> set[str]:
    """The string constants with Cyrillic that are neither a docstring nor a msgid (anything
    inside a gettext call's arguments); an f-string's text parts count one by one."""
    tree = ast.parse(source)
    ignored = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ignored.add(id(body[0].value))
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in GETTEXT:
                ignored.update(id(inner) for arg in node.args for inner in ast.walk(arg))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in ignored
        and CYRILLIC.search(node.value)
    }


def found_literals() -> dict[str, set[str]]:
    found = {}
    for module in modules():
        literals = cyrillic_literals((ROOT / module).read_text(encoding="utf-8"))
        if literals:
            found[module] = literals
    return found


def test_the_scan_finds_a_message_and_passes_msgids_docstrings_and_comments():
    source = '''
"""Модуль."""
from django.utils.translation import gettext as _, pgettext


def view():
    """Вид."""
    # комментарий
    messages = [_("Saved «Пн»"), pgettext("ctx", "Да"), "Сохранено", f"Строка {1}"]
    return messages
'''
    assert cyrillic_literals(source) == {"Сохранено", "Строка "}


def test_every_cyrillic_literal_in_the_code_is_listed_as_data():
    found = found_literals()
    assert len(found) >= 10  # the walk sees the code (the import's headers, the slugs…)
    unlisted = {
        module: sorted(literals - ALLOWED.get(module, ("", set()))[1])
        for module, literals in found.items()
        if literals - ALLOWED.get(module, ("", set()))[1]
    }
    assert not unlisted, (
        "Hard-coded Russian (wrap it: an English msgid, translated in ru and kk; or, when it "
        f"is data, list it in ALLOWED with why): {unlisted}"
    )


def test_the_list_has_no_stale_entries():
    """A literal no longer in its module leaves the list too: the list says what is there."""
    found = found_literals()
    stale = {
        module: sorted(literals - found.get(module, set()))
        for module, (_why, literals) in ALLOWED.items()
        if literals - found.get(module, set())
    }
    assert not stale
    assert all(why.strip() and "\n" not in why for why, _literals in ALLOWED.values())


def template_files():
    for folder in [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]:
        yield from (path for path in folder.rglob("*") if path.suffix in (".html", ".txt", ".xml"))
    for app in ("", *APPS):
        yield from (ROOT / app / "static").rglob("*.js")


def outside_translation(text: str) -> str:
    for pattern in TEMPLATE_TEXT_OUTSIDE:
        text = pattern.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)
    return text


def test_the_template_scan_passes_translated_text_only():
    text = '{% translate "Да" %}{% blocktranslate %}Привет{% endblocktranslate %}{# нет #}<b>Войти</b>'
    assert CYRILLIC.findall(outside_translation(text)) == list("Войти")


@pytest.mark.parametrize("kind", ["templates", "static JavaScript"])
def test_templates_and_scripts_have_no_text_outside_translation(kind):
    files = [p for p in template_files() if (p.suffix == ".js") == (kind == "static JavaScript")]
    assert files
    untranslated = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(outside_translation(path.read_text(encoding="utf-8")).splitlines(), 1)
        if CYRILLIC.search(line)
    ]
    assert not untranslated
