"""Shared fixtures: a site with a home page and a news index, users in the news groups."""
import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from pytest_factoryboy import register
from wagtail.models import Site

from tests import factories
from core.models import CommunitySettings

register(factories.UserFactory)
register(factories.NewsCategoryFactory)
register(factories.NewsPageFactory)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def chinese_after_each_test():
    """A request under /en/ leaves English active in the thread (LocaleMiddleware activates it and
    nothing deactivates it); the next test must start in the site's language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home(db):
    site = Site.objects.get(is_default_site=True)
    home = factories.HomePageFactory(parent=site.root_page.get_parent(), slug="huashi")
    site.root_page = home
    site.site_name = "花石社区"
    site.save()
    CommunitySettings.for_site(site)  # as the demo does; created lazily otherwise
    return home


@pytest.fixture
def news_index(home):
    return factories.NewsIndexPageFactory(parent=home)


@pytest.fixture
def article(news_index):
    return factories.NewsPageFactory(parent=news_index)


@pytest.fixture
def editor(db):
    return factories.UserFactory(username="bianji", group="新闻编辑")


@pytest.fixture
def moderator(db):
    return factories.UserFactory(username="shenhe", group="新闻审核")
