"""Kazakh date and number formats (Django ships none: without them /kk/ pages fell back to the
English-style settings defaults, «Dec. 2, 2026» and «1,234.5»).

Dates as Kazakhstan's official documents write them: the year first, «2026 жылғы
2 желтоқсан», the month in lower case (Django's «alt. month» names, lower-cased in
centre/locale_django/kk, are the ones ``E`` prints); short dates «02.12.2026»; the 24-hour
clock «14:30»; weeks start on Monday. Numbers «1 234 567,5»: a decimal comma and a no-break
space between thousands, as the Russian ones.

The *_FORMAT strings use the Django date format syntax,
https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date; the *_INPUT_FORMATS
strftime's (ISO dates are accepted as well: Django adds them to every input format list)."""

DATE_FORMAT = "Y жылғы j E"  # 2026 жылғы 2 желтоқсан
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "Y жылғы j E, H:i"  # 2026 жылғы 2 желтоқсан, 14:30
YEAR_MONTH_FORMAT = "Y жылғы E"  # 2026 жылғы желтоқсан
MONTH_DAY_FORMAT = "j E"  # 2 желтоқсан
SHORT_DATE_FORMAT = "d.m.Y"  # 02.12.2026
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 02.12.2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '02.12.2026'
    "%d.%m.%y",  # '02.12.26'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",  # '02.12.2026 14:30:59'
    "%d.%m.%Y %H:%M:%S.%f",  # '02.12.2026 14:30:59.000200'
    "%d.%m.%Y %H:%M",  # '02.12.2026 14:30'
    "%d.%m.%y %H:%M:%S",  # '02.12.26 14:30:59'
    "%d.%m.%y %H:%M",  # '02.12.26 14:30'
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space
NUMBER_GROUPING = 3
