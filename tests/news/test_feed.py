"""The RSS 2.0 feed, parsed back with a real XML parser."""

import datetime
import email.utils
import xml.etree.ElementTree as ET

import pytest

from tests.news.factories import NewsPageFactory


@pytest.fixture
def feed(client, news_index):
    NewsPageFactory(parent=news_index, title="较早的通知", date="2026-03-01", author="社区办公室")
    NewsPageFactory(parent=news_index, title="最新的通知 & 公告", date="2026-11-23", author="陈晓岚")
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)


@pytest.mark.django_db
def test_feed_is_rss_2(feed):
    assert feed.tag == "rss" and feed.get("version") == "2.0"
    channel = feed.find("channel")
    assert channel.findtext("language") == "zh-cn"
    assert "社区新闻" in channel.findtext("title")


@pytest.mark.django_db
def test_feed_items_newest_first_with_titles(feed):
    titles = [item.findtext("title") for item in feed.iter("item")]
    assert titles == ["最新的通知 & 公告", "较早的通知"]


@pytest.mark.django_db
def test_feed_links_are_absolute(feed):
    channel = feed.find("channel")
    assert channel.findtext("link") == "http://testserver/news/"
    for item in feed.iter("item"):
        assert item.findtext("link").startswith("http://testserver/news/")
        assert item.findtext("guid").startswith("http://testserver/news/")


@pytest.mark.django_db
def test_feed_dates_match_article_dates_in_shanghai(feed):
    dates = [email.utils.parsedate_to_datetime(item.findtext("pubDate")) for item in feed.iter("item")]
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    assert [d.astimezone(shanghai).date() for d in dates] == [datetime.date(2026, 11, 23), datetime.date(2026, 3, 1)]
    assert all(d.tzinfo is not None for d in dates)


@pytest.mark.django_db
def test_feed_is_advertised_on_news_pages(client, news_index):
    html = client.get("/news/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/news/feed/"' in html
