"""The default date of a 议事日 (consultation.models.sessions.default_session_date): the first working
day of this month while it is still ahead, else of next month (working days: core/workdays.py,
tested in tests/core/test_workdays.py)."""

import datetime

import pytest
from django.utils import timezone

from consultation.models import Session
from consultation.models.sessions import default_session_date
from core.workdays import first_working_day

D = datetime.date


@pytest.fixture
def today(monkeypatch):
    """Pretend that today is a given date for timezone.localdate()."""

    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2026, 1, 1), D(2026, 1, 4)),  # holiday: this month's first working day is still ahead
        (D(2026, 1, 4), D(2026, 1, 4)),  # the day itself
        (D(2026, 1, 5), D(2026, 2, 2)),  # passed: next month's
        (D(2026, 9, 10), D(2026, 10, 8)),  # next month starts with National Day
        (D(2025, 12, 20), D(2026, 1, 4)),  # over the year end
    ],
)
def test_default_session_date(today, day, expected):
    today(day)
    assert default_session_date() == expected


@pytest.mark.django_db
def test_a_new_session_defaults_to_that_date(today):
    today(D(2026, 9, 10))
    assert Session(venue="会议室", host="李建国", recorder="王芳").date == D(2026, 10, 8)


def test_default_session_date_today():
    """Whatever today is: the first working day of this month if not passed, else of next month."""
    now = timezone.localdate()
    day = default_session_date()
    assert day >= now
    assert first_working_day(day.year, day.month) == day
    next_month = (now.year + now.month // 12, now.month % 12 + 1)
    assert (day.year, day.month) in ((now.year, now.month), next_month)
    if (day.year, day.month) == next_month:
        assert first_working_day(now.year, now.month) < now
