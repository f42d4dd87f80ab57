"""The community home page as a resident sees it."""

import pytest

from core.models import CommunitySettings
from tests.news.factories import NewsPageFactory


@pytest.mark.django_db
def test_home_page_shows_latest_news_newest_first(client, news_index):
    NewsPageFactory(parent=news_index, title="较早的新闻", date="2026-01-05")
    NewsPageFactory(parent=news_index, title="最新的新闻", date="2026-11-20")
    html = client.get("/").content.decode()
    assert html.index("最新的新闻") < html.index("较早的新闻")
    assert "2026年11月20日" in html


@pytest.mark.django_db
def test_home_page_is_chinese_and_mobile_ready(client, home):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert 'name="viewport"' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "议事协商" in html and "提议" in html and "议评" in html


@pytest.mark.django_db
def test_home_page_links_only_to_pages_that_exist(client, article):
    html = client.get("/").content.decode()
    import re

    links = {href for href in re.findall(r'href="(/[^"#]*)"', html) if not href.startswith("/static/")}
    assert links, "the home page should link somewhere"
    for href in links:
        assert client.get(href).status_code == 200, href


@pytest.mark.django_db
def test_site_settings_appear_in_header_and_footer(client, home):
    settings = CommunitySettings.for_site(home.get_site())
    settings.community_name = "榕溪花石社区"
    settings.committee_name = "花石社区居民委员会（测试）"
    settings.address = "花石路88号"
    settings.phone = "0591-12345678"
    settings.save()
    html = client.get("/").content.decode()
    assert "榕溪花石社区" in html
    assert "花石社区居民委员会（测试）" in html
    assert "花石路88号" in html
    assert 'href="tel:0591-12345678"' in html


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow_with_articles(client, news_index, django_assert_max_num_queries):
    for _ in range(30):
        NewsPageFactory(parent=news_index)
    with django_assert_max_num_queries(20):
        assert client.get("/").status_code == 200
