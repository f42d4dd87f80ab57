"""Chinese by default, English for the site's own strings under /en/."""

import pytest


@pytest.mark.django_db
def test_chinese_by_default_even_for_english_browsers(client, article):
    html = client.get("/news/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="zh-hans">' in html and "搜索" in html


@pytest.mark.django_db
def test_english_under_en_prefix(client, article):
    html = client.get("/en/news/").content.decode()
    assert '<html lang="en">' in html
    assert "Search" in html and "Skip to content" in html
    assert article.title in html
    assert 'href="/en/news/' in html


@pytest.mark.django_db
def test_language_switch_links_to_the_same_page(client, article):
    assert 'href="/en/news/"' in client.get("/news/").content.decode()
    assert 'href="/news/"' in client.get("/en/news/").content.decode()
