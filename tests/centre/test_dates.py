"""centre.dates: working days, full years of age, the same day years before or after."""

import datetime
import zoneinfo

from centre.dates import a_year_ago, age_on, working_days_before, years_after, years_before

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def test_working_days_skip_the_weekend():
    friday = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=MOSCOW)
    assert working_days_before(friday, 3).date() == datetime.date(2026, 11, 17)
    monday = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=MOSCOW)
    assert working_days_before(monday, 3).date() == datetime.date(2026, 11, 18)
    assert working_days_before(monday, 0).date() == datetime.date(2026, 11, 23)


def test_age_counts_full_years_only():
    born = datetime.date(2014, 4, 1)
    assert age_on(born, datetime.date(2024, 4, 1)) == 10
    assert age_on(born, datetime.date(2024, 3, 31)) == 9
    assert age_on(datetime.date(2016, 2, 29), datetime.date(2026, 2, 28)) == 9
    assert age_on(datetime.date(2016, 2, 29), datetime.date(2026, 3, 1)) == 10


def test_a_year_ago_turns_29_february_into_28():
    assert a_year_ago(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    assert a_year_ago(datetime.date(2027, 3, 1)) == datetime.date(2026, 3, 1)
    assert years_before(datetime.date(2026, 9, 1), 10) == datetime.date(2016, 9, 1)
    assert years_after(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)


def test_minutes_between_two_times_of_a_day():
    from centre.dates import minutes_between

    assert minutes_between(datetime.time(15, 0), datetime.time(16, 30)) == 90
    assert minutes_between(datetime.time(9, 0), datetime.time(9, 45)) == 45
    assert minutes_between(datetime.time(23, 15), datetime.time(23, 59)) == 44
