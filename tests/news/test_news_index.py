"""The news index: order, pagination, filters and bad input."""

import pytest
from django.test import override_settings

from tests.news.factories import NewsCategoryFactory, NewsPageFactory


@pytest.fixture
def many_articles(news_index):
    category = NewsCategoryFactory(name="邻里服务", slug="neighbourhood")
    return [NewsPageFactory(parent=news_index, category=category) for _ in range(30)]


@pytest.mark.django_db
def test_lists_newest_first_with_chinese_dates(client, news_index):
    NewsPageFactory(parent=news_index, title="三月的新闻", date="2026-03-01")
    NewsPageFactory(parent=news_index, title="十一月的新闻", date="2026-11-23")
    html = client.get("/news/").content.decode()
    assert html.index("十一月的新闻") < html.index("三月的新闻")
    assert "2026年11月23日" in html and "2026年3月1日" in html


@pytest.mark.django_db
@override_settings(NEWS_PAGE_SIZE=10)
def test_paginates(client, many_articles):
    first = client.get("/news/").content.decode()
    third = client.get("/news/?page=3").content.decode()
    assert "第 1 页，共 3 页" in first
    assert 'rel="next" href="?page=2"' in first
    assert "第 3 页，共 3 页" in third
    newest = sorted(many_articles, key=lambda p: (p.date, p.pk), reverse=True)
    assert newest[0].title in first and newest[0].title not in third
    assert newest[-1].title in third


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=99999",
        "?page=0",
        "?page=-1",
        "?tag=不存在的标签",
        "?category=nope",
        "?tag=a%00b",
        "?category=a%00",
    ],
)
def test_bad_input_is_404_not_500(client, many_articles, query):
    response = client.get(f"/news/{query}")
    assert response.status_code == 404


@pytest.mark.django_db
def test_filters_by_category(client, news_index):
    care = NewsCategoryFactory(name="养老托幼", slug="care")
    party = NewsCategoryFactory(name="党建引领", slug="party")
    NewsPageFactory(parent=news_index, title="长者食堂开业", category=care)
    NewsPageFactory(parent=news_index, title="主题党日活动", category=party)
    html = client.get("/news/?category=care").content.decode()
    assert "长者食堂开业" in html and "主题党日活动" not in html
    assert 'href="/news/?category=care" aria-current="page"' in html


@pytest.mark.django_db
def test_filters_by_tag(client, news_index):
    tagged = NewsPageFactory(parent=news_index, title="电梯加装进展")
    tagged.tags.add("加装电梯")
    tagged.save_revision().publish()
    NewsPageFactory(parent=news_index, title="消防演练通知")
    html = client.get("/news/?tag=加装电梯").content.decode()
    assert "电梯加装进展" in html and "消防演练通知" not in html
    assert "#加装电梯" in html


@pytest.mark.django_db
def test_pagination_keeps_the_filter(client, news_index):
    care = NewsCategoryFactory(name="养老托幼", slug="care")
    for _ in range(15):
        NewsPageFactory(parent=news_index, category=care)
    html = client.get("/news/?category=care").content.decode()
    assert 'href="?category=care&amp;page=2"' in html


@pytest.mark.django_db
def test_unpublished_articles_are_not_listed(client, news_index):
    draft = NewsPageFactory(parent=news_index, title="尚未发布的草稿")
    draft.unpublish()
    assert "尚未发布的草稿" not in client.get("/news/").content.decode()


@pytest.mark.django_db
def test_query_count_is_constant(client, many_articles, django_assert_max_num_queries):
    for article in many_articles[:10]:
        article.tags.add("停车")
        article.save()
    for url in ["/news/", "/news/?page=2", "/news/?category=neighbourhood", "/news/?tag=停车"]:
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
