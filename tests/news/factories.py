"""Factories for the news pages (registered as fixtures in tests/news/conftest.py)."""

import datetime
import json

import factory
import wagtail_factories

from news.models import NewsCategory, NewsIndexPage, NewsPage


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "社区新闻"
    slug = "news"
    show_in_menus = True


def paragraphs(*texts):
    """A StreamField body of one paragraph block per text, as JSON."""
    return json.dumps([{"type": "paragraph", "value": f"<p>{t}</p>"} for t in texts], ensure_ascii=False)


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"社区新闻第{n}篇")
    slug = factory.Sequence(lambda n: f"article-{n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300))
    category = factory.SubFactory(NewsCategoryFactory)
    intro = "一段摘要。"
    author = "陈晓岚"
    source = "花石社区居委会"
    body = factory.LazyFunction(lambda: paragraphs("社区正文内容。"))
