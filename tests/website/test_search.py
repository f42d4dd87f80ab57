"""The public search page."""

import pytest
from django.test import override_settings

from tests.news.factories import NewsPageFactory, paragraphs


@pytest.mark.django_db
def test_finds_news_by_title(client, news_index):
    NewsPageFactory(parent=news_index, title="Elevator installation meeting")
    NewsPageFactory(parent=news_index, title="Fire drill")
    html = client.get("/search/?q=elevator").content.decode()
    assert "Elevator installation meeting" in html and "Fire drill" not in html
    assert "找到 1 条" in html


@pytest.mark.django_db
def test_finds_news_by_body(client, news_index):
    NewsPageFactory(parent=news_index, title="通知", body=paragraphs("Volunteers meet at the garden"))
    html = client.get("/search/?q=volunteers").content.decode()
    assert "通知" in html


@pytest.mark.django_db
def test_does_not_find_unpublished_pages(client, news_index):
    page = NewsPageFactory(parent=news_index, title="Secret draft plan")
    page.unpublish()
    assert "Secret draft plan" not in client.get("/search/?q=secret").content.decode()


@pytest.mark.django_db
@override_settings(SEARCH_PAGE_SIZE=5)
def test_paginates_and_rejects_bad_page_numbers(client, news_index):
    for n in range(12):
        NewsPageFactory(parent=news_index, title=f"Parking notice {n}")
    html = client.get("/search/?q=parking").content.decode()
    assert "第 1 页，共 3 页" in html
    assert 'href="?q=parking&amp;page=2"' in html
    assert client.get("/search/?q=parking&page=3").status_code == 200
    assert client.get("/search/?q=parking&page=abc").status_code == 404
    assert client.get("/search/?q=parking&page=99").status_code == 404


@pytest.mark.django_db
def test_empty_query_shows_the_form(client, home):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


@pytest.mark.django_db
def test_over_long_query_is_answered_in_chinese(client, home):
    response = client.get("/search/", {"q": "停车" * 200})
    assert response.status_code == 200
    assert "搜索词太长了" in response.content.decode()


@pytest.mark.django_db
def test_query_is_escaped(client, home):
    html = client.get("/search/", {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ['"', "'", "*", "(", "-", "AND", "a OR", "NEAR(a b)", "^", "\\", "%", "col:val", "\x00", "电梯*"]
)
def test_search_syntax_characters_never_cause_an_error(client, article, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
