"""The demo's consultation year ends on the day it is loaded: pinned for a few "todays" (the day of
the issue, a month's first day, a Spring Festival week, a year chinese-calendar does not know)."""

import datetime
import io
from unittest import mock

import phonenumbers
import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from consultation import evaluation, noticeboard
from consultation.demo import dated, load_data, rating_number, session_dates
from consultation.models import (
    Notice,
    Objection,
    ProgressUpdate,
    Proposal,
    ProposalEvent,
    Rating,
    Session,
    Task,
)
from core.verification import VerifiedPhone
from core.workdays import is_working_day
from news.models import NewsPage

D = datetime.date.fromisoformat
TODAYS = ["2026-12-02", "2026-06-01", "2026-02-17", "2027-03-01"]


def test_sessions_are_the_first_working_days_of_the_year_ending_today():
    # 2026-12-02: December's 议事日 (1 Dec) has passed, so the next one is January's; 2027 is not in
    # chinese-calendar 1.11.0, so it falls back to Monday–Friday less the fixed holidays: Monday 4 January.
    assert session_dates(D("2026-12-02")) == [
        D("2026-01-04"),  # a Sunday, worked in exchange for the New Year holiday (调休)
        D("2026-02-02"),
        D("2026-03-02"),
        D("2026-04-01"),
        D("2026-05-06"),  # after the May Day holiday
        D("2026-06-01"),
        D("2026-07-01"),
        D("2026-08-03"),
        D("2026-09-01"),
        D("2026-10-08"),  # after the National Day holiday
        D("2026-11-02"),
        D("2026-12-01"),
        D("2027-01-04"),
    ]
    # A month's first day that is a working day: the session is today, still to be held.
    assert session_dates(D("2026-06-01"))[-2:] == [D("2026-05-06"), D("2026-06-01")]
    assert session_dates(D("2027-03-01"))[-3:] == [D("2027-01-04"), D("2027-02-01"), D("2027-03-01")]
    # Spring Festival week: February's session (2 Feb) is past, March's is next.
    assert session_dates(D("2026-02-17"))[-2:] == [D("2026-02-02"), D("2026-03-02")]
    assert session_dates(D("2026-02-17"))[7] == D("2025-10-09")


def test_the_first_working_day_after_a_holiday_and_make_up_day():
    # 2026-01-01..03 are the New Year holiday and Sunday 4 January is a make-up working day.
    assert session_dates(D("2026-01-20"))[-2] == D("2026-01-04")
    # The Spring Festival holiday of 2026 (15–23 February) does not touch 2 February, and the
    # make-up Saturday 28 February is not the first working day of March.
    assert session_dates(D("2026-02-28"))[-1] == D("2026-03-02")


def _tasks(proposal):
    tasks = []
    for step in proposal["history"]:
        if step["action"] in ("assign", "refer"):
            tasks.append({"deadline": step["deadline"], "assigned": step["date"], "percent": 0})
        elif step["action"] == "progress":
            tasks[step["task"]]["percent"] = step["percent"]
    return tasks


def _every_day(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def test_every_day_of_three_years_gives_a_consistent_demo():
    """What the loader relies on, for any day: steps in order and never after today, votes on the
    session's day after every scheduling, deadlines not before the assignment, evaluations that
    hold their ratings, one overdue task, a notice on display."""
    data = load_data()
    for today in _every_day(D("2025-06-01"), D("2027-12-31")):
        demo = dated(data, today)
        sessions = {s["key"]: s["date"] for s in demo["sessions"]}
        overdue, evaluating = 0, 0
        for proposal in demo["proposals"]:
            previous, opened = proposal["submitted"], None
            assert previous <= today
            for step in proposal["history"]:
                assert previous <= step["date"] <= today, (today, proposal["key"], step["action"])
                previous = step["date"]
                if step["action"] == "vote":
                    assert step["date"] == sessions[step["session"]]
                if step["action"] == "schedule":
                    assert step["date"] < sessions[step["session"]] or step["session"] == "s12"
                if step["action"] == "open_evaluation":
                    assert step["ends_on"] >= step["date"]
                    opened = step
                if step["action"] == "rate":
                    assert step["date"] <= opened["ends_on"]
            for task in _tasks(proposal):
                assert task["deadline"] >= task["assigned"]
                overdue += task["percent"] < 100 and task["deadline"] < today
            actions = [s["action"] for s in proposal["history"]]
            if "open_evaluation" in actions and actions[-1] in ("open_evaluation", "rate"):
                evaluating += opened["ends_on"] >= today
        assert overdue == 1, today
        assert evaluating >= 1, today
        notices = demo["notices"]
        assert all(n["starts_on"] <= today and n["starts_on"] <= n["ends_on"] for n in notices)
        assert any(n["starts_on"] <= today <= n["ends_on"] for n in notices), today
        for notice in notices:
            for objection in notice.get("objections", []):
                assert notice["starts_on"] <= objection["date"] <= min(notice["ends_on"], today)


def test_notices_say_their_own_window_and_quarter():
    demo = dated(load_data(), D("2026-12-02"))
    shade = next(n for n in demo["notices"] if n["title"] == "关于杏林雅居儿童游乐区加装遮阳棚和饮水点的公示")
    assert shade["starts_on"] == D("2026-12-02")
    assert shade["body"].startswith("2026年12月1日，花石社区")  # the day of the vote
    assert "公示期为2026年12月2日至2026年12月8日" in shade["body"]
    quarterly = next(n for n in demo["notices"] if n["kind"] == "quarterly")
    assert (quarterly["period_year"], quarterly["period_quarter"]) == (2026, 3)
    assert quarterly["title"] == "关于2026年第三季度议事协商情况的公示"


def test_rating_numbers_are_valid_distinct_mobiles():
    numbers = {rating_number(p, n) for p in range(60) for n in range(1, 200)}
    assert len(numbers) == 60 * 199
    for number in (rating_number(0, 1), rating_number(59, 199)):
        parsed = phonenumbers.parse(number, "CN")
        assert phonenumbers.is_valid_number(parsed)
        assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE


def load(**options):
    out = io.StringIO()
    call_command("load_demo", no_progress=True, stdout=out, **options)
    return out.getvalue()


def at_noon(day):
    return mock.patch(
        "django.utils.timezone.now",
        return_value=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0))),
    )


def end_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


@pytest.mark.django_db
@pytest.mark.parametrize("today", TODAYS)
def test_the_demo_is_current_on_the_day_it_is_loaded(today):
    today = D(today)
    load(today=today)
    site = Site.objects.get(is_default_site=True)
    sessions = Session.objects.filter(site=site)
    assert [s.date for s in sessions.order_by("date")] == session_dates(today)
    assert all(is_working_day(s.date) for s in sessions)

    upcoming = sessions.upcoming(today).get()
    assert upcoming.status == Session.Status.PLANNED
    assert upcoming.agenda_items.count() == 4
    assert not sessions.filter(date__lt=today, status=Session.Status.PLANNED).exists()  # nothing past is 筹备中
    assert sessions.filter(date__lt=today, status=Session.Status.HELD).count() == 12

    on_display = Notice.objects.on_display(today)
    assert on_display.exists()
    evaluating = Proposal.objects.filter(state="evaluating", evaluation_ends_on__gte=today)
    assert evaluating.exists()
    assert all(p.events.filter(to_state="evaluating").latest("pk").created_at <= end_of(today) for p in evaluating)
    assert Task.objects.overdue(today).count() == 1
    assert Task.objects.filter(progress__lt=100, deadline__gte=today, deadline__lte=today + datetime.timedelta(days=14))

    # Nothing has happened after today; every rating is from a verified number, so all count.
    assert not ProposalEvent.objects.filter(created_at__gt=end_of(today)).exists()
    assert not Proposal.objects.filter(submitted_at__gt=end_of(today)).exists()
    assert not ProgressUpdate.objects.filter(date__gt=today).exists()
    assert not Task.objects.filter(created_at__gt=end_of(today)).exists()
    assert not Rating.objects.filter(created_at__gt=end_of(today)).exists()
    assert not Notice.objects.filter(starts_on__gt=today).exists()
    assert not Objection.objects.filter(created_at__gt=end_of(today)).exists()
    assert Rating.objects.count() == Rating.objects.counted().count() > 0

    # The forms work at once: an objection to a notice on display, a rating of a proposal in evaluation.
    with at_noon(today):
        notice = on_display.first()
        noticeboard.file_objection(notice, "comment", "王小明", VerifiedPhone("13700001111", timezone.now()), "赞成")
        rating = evaluation.rate(evaluating.first(), "satisfied", VerifiedPhone("13700001111", timezone.now()))
        assert rating.verified_at


@pytest.mark.django_db
def test_loading_again_the_same_day_changes_nothing_and_refresh_moves_the_year_forward():
    load(today=D("2026-12-02"))
    first = sorted(Session.objects.values_list("date", "status"))
    news = sorted(NewsPage.objects.values_list("pk", "slug", "last_published_at"))
    counts = (Proposal.objects.count(), Notice.objects.count(), Rating.objects.count(), Task.objects.count())

    out = load(today=D("2026-12-02"))
    assert "新建议题 0 个" in out
    assert sorted(Session.objects.values_list("date", "status")) == first

    out = load(today=D("2027-01-05"))  # a later day without --refresh: kept, with a hint
    assert sorted(Session.objects.values_list("date", "status")) == first
    assert "--refresh" in out

    out = load(today=D("2027-01-05"), refresh=True)
    assert "新建议题 52 个" in out
    assert [d for d, _s in sorted(Session.objects.values_list("date", "status"))] == session_dates(D("2027-01-05"))
    assert Session.objects.upcoming(D("2027-01-05")).get().date == D("2027-02-01")
    assert (Proposal.objects.count(), Notice.objects.count(), Rating.objects.count(), Task.objects.count()) == counts
    assert sorted(NewsPage.objects.values_list("pk", "slug", "last_published_at")) == news
    assert Task.objects.overdue(D("2027-01-05")).count() == 1


@pytest.mark.django_db
def test_the_printed_admin_address_follows_host_and_port(monkeypatch):
    assert "http://0.0.0.0" not in load(host="0.0.0.0", port="8123")
    monkeypatch.setenv("HOST", "192.168.1.20")
    monkeypatch.setenv("PORT", "9000")
    assert "后台 http://192.168.1.20:9000/admin/" in load()
    assert "后台 http://127.0.0.1:8123/admin/" in load(host="0.0.0.0", port="8123")
