"""Fixtures every app's tests need: a clean cache and language, users, and the default site set up as
花石社区 with its home page. Each app's own factories are registered in its folder's conftest.py."""

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.utils import translation
from pytest_factoryboy import register
from wagtail.models import Site

from core.models import CommunitySettings
from tests.core.factories import UserFactory
from tests.website.factories import HomePageFactory

register(UserFactory)
register(HomePageFactory)


def _clear_shared():
    """Rate limits and code throttles live in the shared cache: a database table (rolled back with
    each test's transaction) or Redis (which outlives it, so it is emptied here)."""
    shared = caches["shared"]
    if not isinstance(shared, DatabaseCache):
        shared.clear()


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    _clear_shared()
    yield
    cache.clear()
    _clear_shared()


@pytest.fixture(autouse=True)
def chinese_after_each_test():
    """A request under /en/ leaves English active in the thread (LocaleMiddleware activates it and
    nothing deactivates it); the next test must start in the site's language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home(db):
    site = Site.objects.get(is_default_site=True)
    home = HomePageFactory(parent=site.root_page.get_parent(), slug="huashi")
    site.root_page = home
    site.site_name = "花石社区"
    site.save()
    CommunitySettings.for_site(site)  # as the demo does; created lazily otherwise
    return home
