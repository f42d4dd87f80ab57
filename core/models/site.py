"""Site-wide models: the community's settings editors change, and the page-cache generation.

Both were created by the `website` app's migrations; `core/migrations/0001_initial.py` took them
over without touching the database, so their tables keep their original names.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="home")
class CommunitySettings(BaseSiteSetting):
    """Who runs the site: shown in the header, the footer and on notices and minutes; and how
    residents prove who they are."""

    class RatingScope(models.TextChoices):
        PHONE = "phone", _("一号一评：每个验证过的手机号评价一次")
        HOUSEHOLD = "household", _("一户一评：住户名册上的每户评价一次")

    community_name = models.CharField(_("社区名称"), max_length=60, default="花石社区")
    committee_name = models.CharField(_("居民委员会名称"), max_length=80, default="花石社区居民委员会")
    street = models.CharField(_("所属街道"), max_length=80, blank=True)
    address = models.CharField(_("办公地址"), max_length=120, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=80, blank=True)
    estates = models.TextField(
        _("小区"),
        default="花石小区\n榕溪苑\n石鼓新村\n杏林雅居",
        help_text=_("辖区内的小区，一行一个；居民提议时从中选择。"),
    )
    tracking_prefix = models.CharField(
        _("议题编号前缀"), max_length=8, default="YS", help_text=_("议题查询编号的开头，如 YS-2026-0042 中的 YS。")
    )
    document_prefix = models.CharField(
        _("文号前缀"), max_length=20, blank=True, help_text=_("公示和会议纪要文号的机关代字，如“花石社议”。")
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("印章图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("用于公示和会议纪要的居委会印章（透明背景 PNG）。"),
    )

    proposals_need_verification = models.BooleanField(
        _("提议需验证手机号"),
        default=True,
        help_text=_("开启后，居民提议前要先用短信验证码验证手机号。评价和提出异议始终需要验证。"),
    )
    rating_scope = models.CharField(
        _("议评计票方式"),
        max_length=20,
        choices=RatingScope.choices,
        default=RatingScope.PHONE,
        help_text=_("选择一户一评前，请先在“住户名册”中导入本社区的住户和登记的手机号。"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("community_name"), FieldPanel("committee_name"), FieldPanel("street")],
            heading=_("名称"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("office_hours")],
            heading=_("联系方式"),
        ),
        FieldPanel("estates"),
        MultiFieldPanel([FieldPanel("tracking_prefix"), FieldPanel("document_prefix")], heading=_("编号")),
        FieldPanel("seal_image"),
        MultiFieldPanel([FieldPanel("proposals_need_verification"), FieldPanel("rating_scope")], heading=_("居民验证")),
    ]

    class Meta:
        db_table = "website_communitysettings"
        verbose_name = _("社区信息")
        verbose_name_plural = _("社区信息")

    def __str__(self):
        return self.community_name

    @property
    def one_rating_per_household(self):
        return self.rating_scope == self.RatingScope.HOUSEHOLD

    def estate_list(self):
        return [line.strip() for line in self.estates.splitlines() if line.strip()]


class PageCacheVersion(models.Model):
    """One row whose token names the current generation of cached public pages.

    It lives in the database rather than in the cache so that every server process sees a new
    generation the moment the change that caused it is committed, whatever the cache backend.
    """

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        db_table = "website_pagecacheversion"
        verbose_name = _("页面缓存版本")

    def __str__(self):
        return str(self.token)
