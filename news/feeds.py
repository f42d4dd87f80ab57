"""RSS 2.0 feed of the latest news, built on Django's syndication framework."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Site

FEED_SIZE = 20
# An article dated other than its publication day is stamped at the start of the office day.
DEFAULT_PUBLICATION_TIME = datetime.time(9, 0)


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        site = Site.find_for_request(self.request)
        return _("%(site)s · 社区新闻") % {"site": site.site_name if site else self.index_page.title}

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.intro or _("社区新闻与通知公告")

    def feed_url(self):
        return self.request.path

    def items(self):
        return self.index_page.articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_author_name(self, item):
        return item.author or item.source or None

    def item_categories(self, item):
        return [item.category.name]

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and timezone.localdate(published) == item.date:
            return published
        return timezone.make_aware(datetime.datetime.combine(item.date, DEFAULT_PUBLICATION_TIME))
