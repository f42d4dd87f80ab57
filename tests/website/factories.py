"""Factories for the website app's pages (HomePageFactory is registered in tests/conftest.py: every
app's tests need the home page)."""

import wagtail_factories

from website.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "花石社区"
    intro = "居民身边事，大家商量着办。"
