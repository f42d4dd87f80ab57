"""Working days in mainland China (core/workdays.py): is a day a working day, and the first working
day of a month (the default date of a 议事日, see tests/consultation/test_session_dates.py).

The expected dates below were read from chinese-calendar 1.11.0 (pinned in pyproject.toml), which
carries the State Council's holiday schedules up to 2026; each test also checks the facts about the
calendar that make its expectation right, so an updated package with different data fails loudly
at the fact, not at a mysterious date.
"""

import datetime
import logging

import chinese_calendar
import pytest

from core.workdays import first_working_day, is_working_day

D = datetime.date
SATURDAY, SUNDAY = 5, 6


def test_new_year_2026_ends_with_a_make_up_sunday():
    # 2026: 元旦 is Thursday 1 January, the holiday runs 1–3 January, and Sunday 4 January is a
    # 调休 working day (making up for Friday 2 January). So the first working day of January 2026 is
    # Sunday the 4th, not Monday the 5th as one might guess from the weekday alone.
    assert [chinese_calendar.is_holiday(D(2026, 1, day)) for day in (1, 2, 3)] == [True, True, True]
    assert D(2026, 1, 4).weekday() == SUNDAY and chinese_calendar.is_workday(D(2026, 1, 4))
    assert first_working_day(2026, 1) == D(2026, 1, 4)


def test_new_year_2025_falls_on_a_wednesday():
    assert chinese_calendar.is_holiday(D(2025, 1, 1))
    assert first_working_day(2025, 1) == D(2025, 1, 2)


def test_national_day_2026():
    # 国庆节 2026: 1–7 October off; the make-up working days are Sunday 20 September and Saturday
    # 10 October, so the first working day of October is Thursday the 8th.
    assert all(chinese_calendar.is_holiday(D(2026, 10, day)) for day in range(1, 8))
    assert chinese_calendar.is_workday(D(2026, 10, 10)) and D(2026, 10, 10).weekday() == SATURDAY
    assert first_working_day(2026, 10) == D(2026, 10, 8)


def test_national_day_and_mid_autumn_2025():
    # 2025: National Day and 中秋 together give 1–8 October; Thursday the 9th is the first working day.
    assert all(chinese_calendar.is_holiday(D(2025, 10, day)) for day in range(1, 9))
    assert first_working_day(2025, 10) == D(2025, 10, 9)


def test_labour_day_2025():
    assert first_working_day(2025, 5) == D(2025, 5, 6)


def test_spring_festival_2025():
    # Saturday 1 February 2025 is inside the Spring Festival holiday (28 January – 4 February);
    # Saturday 8 February is a make-up day, but Wednesday the 5th comes first.
    assert chinese_calendar.is_holiday(D(2025, 2, 1))
    assert first_working_day(2025, 2) == D(2025, 2, 5)


def test_a_month_starting_on_an_ordinary_sunday():
    # 1 February 2026 is a plain Sunday (the 2026 Spring Festival holiday starts mid-month).
    assert D(2026, 2, 1).weekday() == SUNDAY and not chinese_calendar.is_workday(D(2026, 2, 1))
    assert first_working_day(2026, 2) == D(2026, 2, 2)


def test_a_month_starting_on_an_ordinary_saturday():
    assert D(2026, 8, 1).weekday() == SATURDAY
    assert first_working_day(2026, 8) == D(2026, 8, 3)


def test_no_month_of_2025_or_2026_starts_on_a_make_up_weekend_day():
    # Which is why the next test goes back to 2017 for a month whose first day is a 调休 Saturday.
    firsts = [D(year, month, 1) for year in (2025, 2026) for month in range(1, 13)]
    assert not [day for day in firsts if day.weekday() >= SATURDAY and chinese_calendar.is_workday(day)]


@pytest.mark.parametrize(
    "day",
    [D(2017, 4, 1), D(2012, 4, 1), D(2009, 2, 1)],
    ids=["2017-04-01-saturday-qingming", "2012-04-01-sunday-qingming", "2009-02-01-sunday-spring-festival"],
)
def test_a_month_starting_on_a_make_up_weekend_day(day):
    assert day.weekday() >= SATURDAY and chinese_calendar.is_workday(day)
    assert first_working_day(day.year, day.month) == day


def test_the_first_working_day_of_2026_january_is_itself_a_make_up_weekend_day():
    day = first_working_day(2026, 1)
    assert day.weekday() >= SATURDAY and is_working_day(day)


@pytest.mark.parametrize(
    "year, month, expected", [(2026, 4, D(2026, 4, 1)), (2026, 9, D(2026, 9, 1)), (2025, 12, D(2025, 12, 1))]
)
def test_an_ordinary_month_starts_on_its_first_day(year, month, expected):
    assert first_working_day(year, month) == expected


def test_years_without_holiday_data_fall_back_to_monday_to_friday(caplog):
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2099, 8, 1))
    with caplog.at_level(logging.WARNING, logger="core.workdays"):
        assert first_working_day(2099, 8) == D(2099, 8, 3)  # Saturday the 1st → Monday the 3rd
    assert "2099" in caplog.text


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2099, 1, 1), False),  # 元旦, fixed by law whatever the year's schedule
        (D(2099, 1, 2), True),
        (D(2099, 1, 3), False),
        (D(2099, 1, 4), False),
        (D(2099, 1, 5), True),
        (D(2099, 5, 1), False),
        (D(2099, 10, 2), False),
        (D(2099, 10, 5), True),
    ],
)
def test_fallback_working_days(day, working):
    assert is_working_day(day) is working


def test_2027_has_no_data_in_the_pinned_package():
    # chinese-calendar 1.11.0 stops at 2026: 2027 falls back to Monday–Friday without the holidays
    # fixed by law, so 1 January 2027 (a Friday, 元旦) is not a 议事日; 调休 waits for the package.
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2027, 1, 1))
    assert first_working_day(2027, 1) == D(2027, 1, 4)
    assert first_working_day(2027, 5) == D(2027, 5, 3)
