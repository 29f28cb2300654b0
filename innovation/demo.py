"""Demo data: seed 001 in full, and one invented platform that lacks this year's order.

Seed 001 is the report of «Центр творчества «Амурский»» (Omsk) for 2013-2018: its table of
innovation platforms with the orders of the city's Department of Education and of the
regional institute (БОУ ДПО «ИРООО»), Table 10 (teams and participants by year) and the
list of methodical products. The orders are entered with their exact issuers, numbers and
dates. Table 10 gives yearly totals only, so their split between the platforms of a year is
ours (the sums are the seed's); the products' platform and year are inferred from their
themes. The platforms are the Omsk centre's own (an organisation of the core demo, with its
own staff): «Малая Академия» in Рубцовск neither sees nor changes them. No real person is
named: responsible staff are the centre's invented demo staff.

Idempotent: records are found by natural keys and saved only when something changed, so
running it again adds no rows and no history.
"""

import datetime

from innovation.models import Order, OrderCoverage, Platform, PlatformKind, Product, YearlyReport

KINDS = {
    "mip": ("Муниципальная инновационная площадка", "МИП"),
    "gip": ("Городская инновационная площадка", "ГИП"),
    "rip": ("Региональная инновационная площадка", "РИП"),
    "rip_inko": ("Региональная инновационная площадка в инновационном комплексе в образовании", "РИП-ИнКО"),
    "fip": ("Федеральная инновационная площадка", "ФИП"),
    "training": ("Стажировочная площадка", ""),
}

DEPARTMENT = "Департамент образования Администрации города Омска"
INSTITUTE = "БОУ ДПО «ИРООО»"
INKO = "Региональный инновационный комплекс в образовании (РИП-ИнКО), Омская область"

# key: (kind of act, issuer, number, date) — exactly as in seed 001's table
ORDERS = {
    "do277": (Order.Kind.DIRECTIVE, DEPARTMENT, "ДО/277-р", datetime.date(2013, 9, 24)),
    "do325": (Order.Kind.DIRECTIVE, DEPARTMENT, "ДО/325-р", datetime.date(2014, 11, 21)),
    "do108": (Order.Kind.DIRECTIVE, DEPARTMENT, "ДО/108-р", datetime.date(2016, 2, 18)),
    "do80": (Order.Kind.DIRECTIVE, DEPARTMENT, "ДО/80-р", datetime.date(2017, 2, 21)),
    "iro378": (Order.Kind.ORDER, INSTITUTE, "378", datetime.date(2014, 12, 15)),
    "iro347": (Order.Kind.ORDER, INSTITUTE, "347", datetime.date(2015, 12, 11)),
    "iro311": (Order.Kind.ORDER, INSTITUTE, "311", datetime.date(2016, 10, 6)),
}

PLATFORMS = {
    "staff": {
        "theme": "Управление развитием педагогического персонала в условиях становления "
        "образовательного учреждения как «обучающейся организации»",
        "level": Platform.Level.MUNICIPAL,
        "kind": "mip",
        "supervising_body": DEPARTMENT,
        "first_year": "2013/2014",
        "last_year": "2013/2014",
        "goals": "Разработка средств и способов работы с педагогическим персоналом в условиях "
        "становления учреждения как «обучающейся и обучающей организации».",
    },
    "quality": {
        "theme": "Независимая оценка качества",
        "level": Platform.Level.MUNICIPAL,
        "kind": "mip",
        "supervising_body": DEPARTMENT,
        "first_year": "2013/2014",
        "last_year": "2014/2015",
        "goals": "Разработка, апробация и внедрение механизмов и инструментария внутренней и "
        "независимой оценки качества дополнительного образования.",
    },
    "gifted": {
        "theme": "Поддержка и развитие одаренных и талантливых детей",
        "level": Platform.Level.MUNICIPAL,
        "kind": "gip",
        "supervising_body": DEPARTMENT,
        "first_year": "2015/2016",
        "last_year": "2017/2018",
        "description": "С 2016-2017 учебного года — ГИП по направлению «Поддержка и развитие "
        "одаренных и талантливых детей»; реализуется и в 2017-2018 учебном году.",
    },
    "special_care": {
        "theme": "Образование детей особой заботы",
        "level": Platform.Level.REGIONAL,
        "kind": "rip_inko",
        "network": INKO,
        "supervising_body": INSTITUTE,
        "first_year": "2013/2014",
        "last_year": "2017/2018",
        "description": "Центр — участник РИП-ИнКО «Образование детей особой заботы» с 2013-2014 "
        "учебного года; реализуется и в 2017-2018 учебном году.",
    },
    "health": {
        "theme": "Школа – территория здоровья",
        "level": Platform.Level.REGIONAL,
        "kind": "rip_inko",
        "network": INKO,
        "supervising_body": INSTITUTE,
        "first_year": "2015/2016",
        "last_year": "2017/2018",
        "description": "2015-2016: проект по организации современных форм дополнительного "
        "образования; с 2016-2017: проект по диверсификации дополнительных общеобразовательных "
        "программ.",
    },
    "training": {
        "theme": "Стажировочная площадка РИП-ИнКО «Школа – территория здоровья» "
        "(сектор по проблематике работы УДО)",
        "level": Platform.Level.REGIONAL,
        "kind": "training",
        "network": INKO,
        "supervising_body": INSTITUTE,
        "first_year": "2017/2018",
        "last_year": "2017/2018",
        "description": "В 2017 году учреждение перешло с уровня участника РИП-ИнКО «Школа – "
        "территория здоровья» на уровень официальной стажировочной площадки. Отчёт центра "
        "заканчивается 2017-2018 учебным годом; период записан по нему.",
    },
}

# (order, platform, academic year): the cells of seed 001's table
COVERAGES = [
    ("do277", "staff", "2013/2014"),
    ("do277", "quality", "2013/2014"),
    ("iro378", "special_care", "2013/2014"),
    ("do325", "quality", "2014/2015"),
    ("iro378", "special_care", "2014/2015"),
    ("do108", "gifted", "2015/2016"),
    ("iro347", "special_care", "2015/2016"),
    ("iro347", "health", "2015/2016"),
    ("do80", "gifted", "2016/2017"),
    ("iro311", "special_care", "2016/2017"),
    ("iro311", "health", "2016/2017"),
]

# Table 10: (year, teams, participants of РИП-ИнКО, participants of municipal platforms)
TABLE_10 = [
    ("2013/2014", 3, 7, 12),
    ("2014/2015", 5, 9, 18),
    ("2015/2016", 6, 23, 6),
    ("2016/2017", 7, 28, 9),
]
# Table 10's totals split between the platforms of each year: (platform, year, teams, people)
REPORTS = [
    ("staff", "2013/2014", 1, 6),
    ("quality", "2013/2014", 1, 6),
    ("special_care", "2013/2014", 1, 7),
    ("quality", "2014/2015", 2, 18),
    ("special_care", "2014/2015", 3, 9),
    ("gifted", "2015/2016", 2, 6),
    ("special_care", "2015/2016", 2, 12),
    ("health", "2015/2016", 2, 11),
    ("gifted", "2016/2017", 3, 9),
    ("special_care", "2016/2017", 2, 14),
    ("health", "2016/2017", 2, 14),
]

# (platform, year, kind, title, description) — the products listed in seed 001
PRODUCTS = [
    (
        "staff",
        "2013/2014",
        Product.Kind.RECOMMENDATIONS,
        "Методика изучения уровня профессиональной компетентности педагога дополнительного образования",
        "",
    ),
    (
        "staff",
        "2013/2014",
        Product.Kind.OTHER,
        "Формы и средства внутрифирменного обучения педагогических кадров",
        "Содействуют проектированию и технологизации образовательного процесса.",
    ),
    (
        "staff",
        "2013/2014",
        Product.Kind.PUBLICATION,
        "Публикации эффективного инновационного опыта",
        "В федеральных (журнал «Справочник заместителя директора школы» и др.), региональных и "
        "муниципальных изданиях, на сайте и блогах учреждения.",
    ),
    (
        "quality",
        "2014/2015",
        Product.Kind.RECOMMENDATIONS,
        "Методические рекомендации по моделированию оценочной системы в учреждении",
        "Экспертиза качества реализации дополнительных общеобразовательных программ, с "
        "инструментальным и нормативным пакетом к контрольно-аттестационным процедурам.",
    ),
    (
        "quality",
        "2014/2015",
        Product.Kind.OTHER,
        "Система привлечения родительской аудитории и партнеров в формате открытой Интернет-конференции",
        "Обсуждение проблем развития учреждения и оценка дополнительного образования.",
    ),
    (
        "quality",
        "2014/2015",
        Product.Kind.OTHER,
        "Модель электронного документооборота педагогов дополнительного образования",
        "Включая систему оценки, сбора и обработки результатов учащихся по освоению программ.",
    ),
    (
        "special_care",
        "2015/2016",
        Product.Kind.PROGRAM,
        "Программа деятельности клуба детей-инвалидов и инвалидов «Надежда»",
        "С пакетом дополнительных общеобразовательных и досуговых программ.",
    ),
    (
        "health",
        "2015/2016",
        Product.Kind.PROJECT,
        "«Семь идей обновления»",
        "Проект по обеспечению доступности и востребованности дополнительного образования через "
        "разработку и внедрение современных организационных форм.",
    ),
    (
        "health",
        "2016/2017",
        Product.Kind.PROJECT,
        "«Время перемен»",
        "Проект по диверсификации дополнительных общеобразовательных программ.",
    ),
    (
        "health",
        "2016/2017",
        Product.Kind.PROGRAM,
        "Пакет модульных дополнительных общеобразовательных программ сквозного характера",
        "По учебно-исследовательской деятельности школьников и дошкольников и художественной направленности.",
    ),
    (
        "gifted",
        "2016/2017",
        Product.Kind.PROJECT,
        "«Детская проектная инициатива»",
        "Проект по поддержке талантливых и одаренных учащихся в дополнительных "
        "общеобразовательных программах художественной направленности.",
    ),
    ("training", "2017/2018", Product.Kind.PROJECT, "Проект консалтингового центра", ""),
    (
        "training",
        "2017/2018",
        Product.Kind.EVENT,
        "Методические мероприятия по трансляции опыта разработки и реализации инновационных "
        "дополнительных общеобразовательных программ",
        "Презентации, семинары, круглые столы, практикумы, в т. ч. в рамках регионального "
        "телекоммуникационного проекта.",
    ),
]

DEMO_THEME = "Сетевые модули технической направленности для сельских школ на базе детского технопарка"
DEMO_LABEL = "Демонстрационная запись: площадка и её приказ придуманы для показа панели руководителя."


def load(context, stdout=None):
    amursky = context["organisations"]["amursky"]
    kinds = {
        key: _upsert(PlatformKind, {"name": name}, {"abbreviation": abbreviation})
        for key, (name, abbreviation) in KINDS.items()
    }
    years = context["years"]
    staff = context["staff"]
    omsk_teachers = context["teachers_of"]["amursky"]
    # the Рубцовск centre's platform first: its staff (the demo's main logins) meet it first
    demo = _load_missing_order_platform(context, kinds)

    orders = {
        key: _upsert(
            Order,
            {"organisation": amursky, "issuer": issuer, "number": number, "date": date},
            {"kind": kind},
        )
        for key, (kind, issuer, number, date) in ORDERS.items()
    }
    # the Omsk centre's own staff: a platform's responsible people work where it is held
    responsible = {
        "staff": [staff["amur_director"]],
        "quality": [staff["amur_methodist"]],
        "gifted": [omsk_teachers[1]],
        "special_care": [omsk_teachers[2], staff["amur_methodist"]],
        "health": [staff["amur_methodist"], omsk_teachers[0]],
        "training": [staff["amur_director"]],
    }
    platforms = {}
    for key, data in PLATFORMS.items():
        values = {
            **data,
            "kind": kinds[data["kind"]],
            "first_year": years[data["first_year"]],
            "last_year": years[data["last_year"]],
            "status": Platform.Status.COMPLETED,
        }
        theme, level = values.pop("theme"), values.pop("level")
        platform = _upsert(Platform, {"organisation": amursky, "theme": theme, "level": level}, values)
        # set, not add: a demo loaded before the platforms moved named the Рубцовск staff
        platform.responsible.set(responsible[key])
        platforms[key] = platform

    for order, platform, year in COVERAGES:
        OrderCoverage.objects.get_or_create(
            order=orders[order], platform=platforms[platform], academic_year=years[year]
        )

    totals = {year: (teams, regional, municipal) for year, teams, regional, municipal in TABLE_10}
    for platform, year, teams, participants in REPORTS:
        total_teams, regional, municipal = totals[year]
        _upsert(
            YearlyReport,
            {"platform": platforms[platform], "academic_year": years[year]},
            {
                "teams": teams,
                "participants": participants,
                "status": YearlyReport.Status.SUBMITTED,
                "submitted_on": years[year].end.replace(month=6, day=30),
                "summary": (
                    f"По таблице 10 отчёта центра за {year}: педагогических команд — {total_teams}, "
                    f"участников РИП-ИнКО — {regional}, участников муниципальных инновационных "
                    f"площадок — {municipal}. Таблица даёт только итоги года; их распределение "
                    "между площадками условное."
                ),
            },
        )

    for platform, year, kind, title, description in PRODUCTS:
        _upsert(
            Product,
            {"platform": platforms[platform], "academic_year": years[year], "title": title},
            {"kind": kind, "description": description},
        )

    if stdout:
        stdout.write(
            f"Innovation: {Platform.objects.count()} platforms, {Order.objects.count()} orders; "
            f"«{demo}» has no order for {years['current']}."
        )


def _load_missing_order_platform(context, kinds):
    """An invented platform of the demo centre: in force, covered last year, not this year."""
    years = context["years"]
    current = years["current"]
    previous = next(
        (
            years[label]
            for label in sorted(years, reverse=True)
            if label != "current" and label < current.label
        ),
        current,
    )
    platform = _upsert(
        Platform,
        {"organisation": context["centre"], "theme": DEMO_THEME, "level": Platform.Level.MUNICIPAL},
        {
            "kind": kinds["mip"],
            "supervising_body": "Управление образования города (демонстрационная запись)",
            "first_year": previous,
            "last_year": None,
            "status": Platform.Status.ACTIVE,
            "goals": "Дать детям из отдалённых школ занятия технической направленности без "
            "поездок в город: педагоги технопарка ведут сетевые модули на базе школ.",
            "description": DEMO_LABEL,
        },
    )
    platform.responsible.add(context["staff"]["methodist"], context["staff"]["deputy"])
    order = _upsert(
        Order,
        {
            "organisation": context["centre"],
            "issuer": "Управление образования города (демонстрационная запись)",
            "number": "ДЕМО-12",
            "date": previous.start + datetime.timedelta(days=19),
        },
        {
            "kind": Order.Kind.ORDER,
            "title": "О присвоении статуса муниципальной инновационной площадки (демонстрационная запись)",
        },
    )
    OrderCoverage.objects.get_or_create(order=order, platform=platform, academic_year=previous)
    report = _upsert(
        YearlyReport,
        {"platform": platform, "academic_year": previous},
        {
            "teams": 2,
            "participants": 6,
            "status": YearlyReport.Status.DRAFT,
            "summary": f"{DEMO_LABEL} Черновик отчёта: не сдан.",
        },
    )
    report.staff.add(*context["teachers"][:3])
    _upsert(
        Product,
        {
            "platform": platform,
            "academic_year": previous,
            "title": "Сетевой модуль «Робототехника в сельской школе»",
        },
        {"kind": Product.Kind.PROGRAM, "description": DEMO_LABEL},
    )
    return platform


def _upsert(model, lookup, values):
    """get_or_create that saves an existing record only when a value differs: no idle history."""
    instance, created = model.objects.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.save()
    return instance
