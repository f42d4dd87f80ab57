"""Factories for the test suite, registered as fixtures in conftest.py."""
import datetime
import json

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from news.models import NewsCategory, NewsIndexPage, NewsPage
from website.models import HomePage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "花石社区"
    intro = "居民身边事，大家商量着办。"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "社区新闻"
    slug = "news"
    show_in_menus = True


def paragraphs(*texts):
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
