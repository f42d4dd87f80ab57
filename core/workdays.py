"""Working days in mainland China, with official holidays and make-up working days (调休)."""

import datetime
import logging

import chinese_calendar

logger = logging.getLogger(__name__)


def is_working_day(day):
    """True on working days, including weekend make-up days; outside the years the calendar
    package knows (it is updated each year when the State Council publishes the holidays),
    Monday to Friday."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        logger.warning("chinese-calendar has no holiday data for %s; using Monday–Friday", day.year)
        return day.weekday() < 5


def first_working_day(year, month):
    day = datetime.date(year, month, 1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
