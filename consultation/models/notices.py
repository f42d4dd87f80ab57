"""Public notices (公示) with a display window, and the objections and comments residents send."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from consultation.models.proposals import default_site
from consultation.privacy import mask_name
from core.chinese_text import ChineseSearchable

DEFAULT_WINDOW_DAYS = 7


def default_end():
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_WINDOW_DAYS - 1)


class NoticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def on_display(self, today=None):
        today = today or timezone.localdate()
        return self.published().filter(starts_on__lte=today, ends_on__gte=today)

    def archived(self, today=None):
        return self.published().filter(ends_on__lt=today or timezone.localdate())


class Notice(ChineseSearchable, index.Indexed, models.Model):
    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("决议公示")
        RESULT = "result", _("结果公示")
        QUARTERLY = "quarterly", _("季度公示点评")

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("社区"), on_delete=models.CASCADE, related_name="+", default=default_site
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=120, help_text=_("如“关于花石小区3号楼加装电梯的公示”。"))
    document_number = models.CharField(_("文号"), max_length=40, blank=True)
    body = models.TextField(_("正文"))
    proposal = models.ForeignKey(
        "consultation.Proposal",
        verbose_name=_("议题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    period_year = models.PositiveSmallIntegerField(
        _("点评年度"), null=True, blank=True, help_text=_("季度公示点评：所点评的年度。")
    )
    period_quarter = models.PositiveSmallIntegerField(
        _("点评季度"),
        null=True,
        blank=True,
        choices=[(q, _("第%(q)s季度") % {"q": q}) for q in (1, 2, 3, 4)],
        help_text=_("季度公示点评：所点评的季度，公示中列出该季度全部议题。"),
    )
    starts_on = models.DateField(_("公示开始"), default=timezone.localdate)
    ends_on = models.DateField(_("公示结束"), default=default_end)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)

    objects = NoticeQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("title"),
                FieldPanel("document_number"),
                FieldPanel("proposal"),
                FieldRowPanel([FieldPanel("period_year"), FieldPanel("period_quarter")]),
            ],
            heading=_("公示"),
        ),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("公示期")),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("body"),
        index.SearchField("document_number"),
        index.SearchField("search_grams"),
        index.AutocompleteField("search_grams"),
        index.FilterField("published_at"),
        index.FilterField("site"),
    ]

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="notice_window_order")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultation:notice", args=(self.pk,))

    def clean(self):
        if self.kind == self.Kind.QUARTERLY and not (self.period_year and self.period_quarter):
            raise ValidationError(
                {"period_quarter": _("季度公示点评须填写点评年度和季度，公示中将列出该季度的全部议题。")}
            )

    def search_texts(self):
        return [self.title, self.document_number, self.body]

    @property
    def status_label(self):
        if not self.is_published:
            return _("草稿")
        return _("公示中") if self.is_on_display() else _("已发布")

    @property
    def is_published(self):
        return self.published_at is not None

    def is_on_display(self, today=None):
        today = today or timezone.localdate()
        return self.is_published and self.starts_on <= today <= self.ends_on


class Objection(models.Model):
    class Kind(models.TextChoices):
        OBJECTION = "objection", _("异议")
        COMMENT = "comment", _("意见建议")

    notice = models.ForeignKey(Notice, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="objections")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    name = models.CharField(_("姓名"), max_length=40)
    phone = models.CharField(_("电话"), max_length=20, help_text=_("不公开。"))
    phone_verified_at = models.DateTimeField(
        _("手机验证时间"), null=True, blank=True, editable=False, help_text=_("居民用短信验证码验证这个号码的时间。")
    )
    content = models.TextField(_("内容"), max_length=1000)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    reply = models.TextField(_("答复"), blank=True)

    class Meta:
        verbose_name = _("异议与意见")
        verbose_name_plural = _("异议与意见")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.content[:30]}"

    @property
    def name_masked(self):
        return mask_name(self.name)
