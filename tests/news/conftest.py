"""Fixtures for the news tests: the news index and an article under the home page, an editor and a
moderator (the groups 新闻编辑 and 新闻审核 of news/migrations/0002) with their admin clients, and an
anonymous visitor. tests/website/conftest.py shares `news_index` and `article`: the site's pages sit
on the news."""

import pytest
from django.test import Client
from pytest_factoryboy import register

from tests.core.factories import UserFactory
from tests.news.factories import NewsCategoryFactory, NewsIndexPageFactory, NewsPageFactory

register(NewsCategoryFactory)
register(NewsIndexPageFactory)
register(NewsPageFactory)


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home)


@pytest.fixture
def article(news_index):
    return NewsPageFactory(parent=news_index)


@pytest.fixture
def editor(db):
    return UserFactory(username="bianji", group="新闻编辑")


@pytest.fixture
def moderator(db):
    return UserFactory(username="shenhe", group="新闻审核")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def visitor():
    """An anonymous visitor: no session cookie, so the page cache serves them."""
    return Client()
