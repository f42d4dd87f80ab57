"""Working days in mainland China, with official holidays and make-up working days (调休)."""

import datetime
import logging

import chinese_calendar

logger = logging.getLogger(__name__)

# Holidays whose solar date the law fixes (全国年节及纪念日放假办法): New Year's Day, Labour Day
# (1 and 2 May) and National Day (1 to 3 October). The lunar holidays and every year's 调休 come
# only with the State Council's yearly notice, that is with a new release of chinese-calendar.
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}


def is_working_day(day):
    """True on working days, including weekend make-up days; outside the years the calendar
    package knows (it is updated each year when the State Council publishes the holidays),
    Monday to Friday except the fixed-date holidays."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        logger.warning("chinese-calendar has no holiday data for %s; using Monday–Friday", day.year)
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def first_working_day(year, month):
    day = datetime.date(year, month, 1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
