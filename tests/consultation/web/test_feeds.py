"""The feeds residents subscribe to: the 议事日 calendar (iCalendar, RFC 5545) and the notice
board (RSS 2.0), both valid for ordinary clients, in Shanghai time, with absolute links."""

import datetime
import email.utils
import xml.etree.ElementTree as ET

import icalendar
import pytest

from consultation.models import Notice, Session
from consultation.models.proposals import State
from tests.consultation import factories as f
from tests.consultation.factories import SHANGHAI, at, days_from_today

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def calendar(client):
    response = client.get("/consultation/calendar.ics")
    assert response.status_code == 200
    return response, icalendar.Calendar.from_ical(response.content)


def events(cal):
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def morning_session(db):
    """Last month's 议事日, 09:00–11:30 Shanghai time (relative to today: the feed covers about a year back)."""
    return f.SessionFactory(
        title="上月议事日",
        date=days_from_today(-20),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 30),
        venue="花石社区党群服务中心二楼会议室",
        host="李建国",
        recorder="王芳",
        status=Session.Status.HELD,
    )


@pytest.fixture
def evening_session(db):
    """An evening 议事日 (19:30–21:00) so local and UTC dates differ in the feed."""
    return f.SessionFactory(
        title="十二月居民议事会（晚场）",
        date=days_from_today(14),
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 0),
        venue="石鼓新村文化活动室",
        host="李建国",
        recorder="王芳",
    )


# -- calendar.ics ------------------------------------------------------------------------------


def test_calendar_is_served_as_text_calendar(client, morning_session):
    response, _cal = calendar(client)
    assert response["Content-Type"].startswith("text/calendar")
    assert "charset=utf-8" in response["Content-Type"]


def test_calendar_has_version_and_prodid(client, morning_session):
    _response, cal = calendar(client)
    assert cal.name == "VCALENDAR"
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"]).strip()


def test_calendar_lines_end_in_crlf_and_are_folded(client, morning_session, next_session):
    response, _cal = calendar(client)
    lines = response.content.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), "RFC 5545: lines longer than 75 octets must be folded"


def test_calendar_has_one_event_per_session(client, morning_session, next_session, evening_session):
    _response, cal = calendar(client)
    found = cal.walk("VEVENT")
    assert len(found) == 3
    assert {str(e["summary"]) for e in found} == {"上月议事日", next_session.display_title, "十二月居民议事会（晚场）"}
    assert len({str(e["uid"]) for e in found}) == 3


def test_calendar_events_are_in_shanghai_time(client, morning_session, evening_session):
    _response, cal = calendar(client)
    timezones = [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")]
    morning = events(cal)["上月议事日"]
    for prop in ("dtstart", "dtend"):
        tzid = morning[prop].params.get("TZID")
        assert tzid == "Asia/Shanghai" or (tzid is None and morning[prop].dt.tzinfo is not None)
        if tzid:
            assert tzid in timezones, "a TZID needs its VTIMEZONE"
    start, end = morning.decoded("dtstart"), morning.decoded("dtend")
    assert (start.date(), start.hour, start.minute) == (morning_session.date, 9, 0)
    assert (end.hour, end.minute) == (11, 30)
    assert start.astimezone(UTC) == datetime.datetime.combine(morning_session.date, datetime.time(1, 0), tzinfo=UTC)
    evening = events(cal)["十二月居民议事会（晚场）"]
    assert evening.decoded("dtstart").astimezone(UTC) == datetime.datetime.combine(
        evening_session.date, datetime.time(11, 30), tzinfo=UTC
    )
    assert evening.decoded("dtend").astimezone(SHANGHAI).time() == datetime.time(21, 0)


def test_calendar_events_have_summary_location_url_and_agenda(client, morning_session):
    f.AgendaItemFactory(
        session=morning_session, proposal=f.ResidentProposalFactory(title="3号楼加装电梯", state=State.RESOLVED)
    )
    _response, cal = calendar(client)
    event = events(cal)["上月议事日"]
    assert str(event["location"]) == "花石社区党群服务中心二楼会议室"
    assert str(event["url"]) == f"http://testserver/consultation/sessions/{morning_session.pk}/"
    assert "3号楼加装电梯" in str(event["description"])
    assert "李建国" in str(event["description"])
    assert "dtstamp" in event


def test_calendar_marks_cancelled_sessions(client):
    f.SessionFactory(
        title="临时议事日",
        date=days_from_today(3),
        venue="活动室",
        host="李建国",
        recorder="王芳",
        status=Session.Status.CANCELLED,
    )
    _response, cal = calendar(client)
    assert str(events(cal)["临时议事日"]["status"]) == "CANCELLED"


def test_calendar_leaves_out_sessions_of_long_ago(client, morning_session):
    f.SessionFactory(
        title="很久以前的议事日",
        date=datetime.date(2019, 3, 1),
        venue="活动室",
        host="李建国",
        recorder="王芳",
        status=Session.Status.HELD,
    )
    _response, cal = calendar(client)
    assert "很久以前的议事日" not in events(cal)
    assert "上月议事日" in events(cal)


def test_calendar_is_valid_without_sessions(client):
    _response, cal = calendar(client)
    assert cal.walk("VEVENT") == []
    assert str(cal["version"]) == "2.0"


# -- notices/feed/ -----------------------------------------------------------------------------


@pytest.fixture
def notices(db):
    return {
        "older": f.NoticeFactory(
            kind=Notice.Kind.QUARTERLY,
            title="关于第一季度议题办理情况的公示",
            body="第一季度。",
            starts_on=datetime.date(2026, 4, 8),
            ends_on=datetime.date(2026, 4, 14),
            published_at=at(2026, 4, 8, 9),
        ),
        "newer": f.NoticeFactory(
            kind=Notice.Kind.RESOLUTION,
            title="关于3号楼加装电梯的公示",
            body="现予公示。",
            starts_on=days_from_today(-1),
            ends_on=days_from_today(5),
            published=True,
        ),
        "middle": f.NoticeFactory(
            kind=Notice.Kind.RESULT,
            title="关于楼道灯维修结果的公示",
            body="已修好。",
            starts_on=datetime.date(2026, 9, 1),
            ends_on=datetime.date(2026, 9, 7),
            published_at=at(2026, 9, 1, 9),
        ),
        "draft": f.NoticeFactory(
            kind=Notice.Kind.RESULT,
            title="尚未发布的公示",
            body="草稿。",
            starts_on=days_from_today(0),
            ends_on=days_from_today(6),
        ),
    }


def feed(client):
    response = client.get("/consultation/notices/feed/")
    assert response.status_code == 200
    return response, ET.fromstring(response.content)


def test_notice_feed_is_rss_2(client, notices):
    response, rss = feed(client)
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") == "花石社区 公示栏"
    assert channel.findtext("description")
    assert channel.findtext("language") == "zh-cn"


def test_notice_feed_links_are_absolute(client, notices):
    _response, rss = feed(client)
    channel = rss.find("channel")
    assert channel.findtext("link") == "http://testserver/consultation/notices/"
    for item in channel.findall("item"):
        assert item.findtext("link").startswith("http://testserver/consultation/notices/")
        assert item.findtext("guid").startswith("http://")


def test_notice_feed_dates_are_rfc_822(client, notices):
    _response, rss = feed(client)
    items = {i.findtext("title"): i for i in rss.find("channel").findall("item")}
    published = email.utils.parsedate_to_datetime(items["关于第一季度议题办理情况的公示"].findtext("pubDate"))
    assert published == at(2026, 4, 8, 9)
    for item in items.values():
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
    assert email.utils.parsedate_to_datetime(rss.find("channel").findtext("lastBuildDate"))


def test_notice_feed_has_only_published_notices_newest_first(client, notices):
    _response, rss = feed(client)
    titles = [i.findtext("title") for i in rss.find("channel").findall("item")]
    assert titles == ["关于3号楼加装电梯的公示", "关于楼道灯维修结果的公示", "关于第一季度议题办理情况的公示"]


def test_notice_feed_items_say_what_kind_of_notice_they_are(client, notices):
    _response, rss = feed(client)
    items = {i.findtext("title"): i for i in rss.find("channel").findall("item")}
    assert items["关于3号楼加装电梯的公示"].findtext("category") == "决议公示"
    assert items["关于第一季度议题办理情况的公示"].findtext("category") == "季度公示点评"


def test_notice_feed_gives_the_display_window_in_chinese_dates(client, notices):
    _response, rss = feed(client)
    items = {i.findtext("title"): i for i in rss.find("channel").findall("item")}
    description = items["关于第一季度议题办理情况的公示"].findtext("description")
    assert "第一季度。" in description
    assert "公示期：2026年4月8日 至 2026年4月14日" in description, description


def test_notice_feed_is_valid_when_empty(client):
    _response, rss = feed(client)
    assert rss.find("channel").findall("item") == []
