"""Fixtures for the website tests. The home page, search and the page cache sit on top of the news,
so these tests use the news index and an article of tests/news/conftest.py."""

from tests.news.conftest import article, news_index  # noqa: F401  (fixtures)
