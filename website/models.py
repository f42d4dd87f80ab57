"""The community home page: latest news and the entry points of the consultation process."""

from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from consultation.models import Notice, Proposal, Session
from consultation.models.proposals import State
from core.chinese_text import ChineseSearchable
from news.models import NewsIndexPage, NewsPage

HOME_NEWS_COUNT = 6
HOME_NOTICE_COUNT = 4


def consultation_overview(site):
    """What the home page shows of the consultation process: notices on display, the next
    议事日 and this year's figures."""
    today = timezone.localdate()
    figures = (
        Proposal.objects.public()
        .filter(site=site, year=today.year)
        .aggregate(
            total=Count("pk"),
            resolved=Count(
                "pk",
                filter=Q(
                    state__in=[State.RESOLVED, State.IMPLEMENTING, State.IMPLEMENTED, State.EVALUATING, State.CLOSED]
                ),
            ),
            closed=Count("pk", filter=Q(state=State.CLOSED)),
            satisfaction=Avg("satisfaction_rate", filter=Q(state=State.CLOSED)),
        )
    )
    return {
        "notices_on_display": Notice.objects.on_display(today)
        .filter(site=site)
        .order_by("ends_on")[:HOME_NOTICE_COUNT],
        "next_session": Session.objects.filter(site=site, status=Session.Status.PLANNED).upcoming(today).first(),
        "figures": {**figures, "year": today.year},
    }


class HomePage(ChineseSearchable, Page):
    """The community's front page: latest news and the entry points of the consultation process."""

    intro = models.CharField(_("欢迎语"), max_length=200, blank=True)
    body = RichTextField(_("社区简介"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("search_grams"),
        index.AutocompleteField("search_grams"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.NewsIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("社区首页")
        verbose_name_plural = _("社区首页")

    def search_texts(self):
        return [self.title, self.intro, strip_tags(self.body)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = NewsIndexPage.objects.live().descendant_of(self).first()
        context["latest_news"] = NewsPage.objects.listing().descendant_of(self)[:HOME_NEWS_COUNT]
        context.update(consultation_overview(self.get_site()))
        return context
