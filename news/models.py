"""News pages: the news index with category and tag filters, articles, categories and tags."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from core.blocks import BodyBlock
from core.chinese_text import ChineseSearchable
from core.paging import paginate, query_param, query_prefix
from news.feeds import NewsFeed

LISTING_RENDITION = "fill-480x300"
RELATED_COUNT = 3


@register_snippet
class NewsCategory(models.Model):
    """A section of the news (党建引领, 邻里服务, ...), chosen by editors for each article."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=40, unique=True, allow_unicode=False)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("新闻栏目")
        verbose_name_plural = _("新闻栏目")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPageQuerySet(PageQuerySet):
    def listing(self):
        """Live, public articles newest first, with what a listing shows fetched up front."""
        images = get_image_model().objects.prefetch_renditions(LISTING_RENDITION)
        return (
            self.live()
            .public()
            .select_related("category")
            .prefetch_related(Prefetch("image", queryset=images))
            .order_by("-date", "-pk")
        )


class NewsIndexPage(RoutablePageMixin, Page):
    """Lists the articles below it, filtered by category or tag, and publishes their feed."""

    intro = models.CharField(_("导语"), max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("新闻列表页")
        verbose_name_plural = _("新闻列表页")

    def articles(self):
        return NewsPage.objects.child_of(self).listing()

    def route(self, request, path_components):
        # An article is fetched in one query with what its page shows, not level by level.
        if len(path_components) == 1:
            article = (
                NewsPage.objects.child_of(self)
                .select_related("category", "image")
                .filter(slug=path_components[0])
                .first()
            )
            if article is not None:
                article.news_index = self  # spares get_context a query for the parent
                return article.route(request, [])
        return super().route(request, path_components)

    @path("")
    def index(self, request):
        articles = self.articles()
        category = tag = None
        if slug := query_param(request, "category"):
            category = get_object_or_404(NewsCategory, slug=slug)
            articles = articles.filter(category=category)
        if name := query_param(request, "tag"):
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                raise Http404(_("没有这个标签。"))
            articles = articles.filter(tags=tag)
        return self.render(
            request,
            context_overrides={
                "articles": paginate(request, articles, settings.NEWS_PAGE_SIZE),
                "categories": NewsCategory.objects.all(),
                "current_category": category,
                "current_tag": tag,
                "query_prefix": query_prefix(request),
            },
        )

    @path("feed/")
    def feed(self, request):
        return NewsFeed(self)(request)


class NewsPage(ChineseSearchable, Page):
    """One news article or announcement."""

    date = models.DateField(_("发布日期"), default=timezone.localdate)
    category = models.ForeignKey(NewsCategory, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="pages")
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("标签"))
    author = models.CharField(_("作者"), max_length=60, blank=True)
    source = models.CharField(_("来源"), max_length=80, blank=True)
    intro = models.CharField(_("摘要"), max_length=250)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("题图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("请在图片库中为图片填写描述，它会作为替代文字供读屏软件朗读。"),
    )
    body = StreamField(BodyBlock(), verbose_name=_("正文"))

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("category"),
                FieldPanel("tags"),
                FieldPanel("author"),
                FieldPanel("source"),
            ],
            heading=_("文章信息"),
        ),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.SearchField("search_grams"),
        index.AutocompleteField("search_grams"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("新闻")
        verbose_name_plural = _("新闻")

    def search_texts(self):
        return [
            self.title,
            self.intro,
            self.author,
            self.source,
            self.category.name,
            *(tag.name for tag in self.tags.all()),
            *self.body.stream_block.get_searchable_content(self.body),
        ]

    def related_articles(self):
        """Other articles of the same category or sharing a tag, newest first."""
        shared = Q(category_id=self.category_id) | Q(tags__in=self.tags.all())
        return NewsPage.objects.listing().sibling_of(self, inclusive=False).filter(shared).distinct()[:RELATED_COUNT]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_articles"] = self.related_articles()
        news_index = getattr(self, "news_index", None) or self.get_parent()
        context["news_index_url"] = news_index.get_url(request)
        return context
