"""Partner units (共建单位): organisations that take on implementation tasks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from core.chinese_text import ChineseSearchable


class PartnerUnit(ChineseSearchable, index.Indexed, models.Model):
    class Kind(models.TextChoices):
        PARTNER = "partner", _("共建单位")
        DEPARTMENT = "department", _("职能部门")
        PROPERTY = "property", _("物业服务企业")
        SOCIAL = "social", _("社会组织")

    name = models.CharField(_("单位名称"), max_length=80, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.PARTNER)
    contact_person = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    resources = models.TextField(_("资源清单"), blank=True, help_text=_("该单位能提供的服务和资源，一行一项。"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("单位账号"),
        blank=True,
        related_name="partner_units",
        help_text=_("这些账号可以查看并更新本单位承办的任务进度。"),
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("kind")], heading=_("单位")),
        MultiFieldPanel([FieldPanel("contact_person"), FieldPanel("contact_phone")], heading=_("联系方式")),
        FieldPanel("resources"),
        FieldPanel("members"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("resources"),
        index.AutocompleteField("name"),
        index.SearchField("search_grams"),
        index.AutocompleteField("search_grams"),
    ]

    class Meta:
        verbose_name = _("共建单位")
        verbose_name_plural = _("共建单位")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def search_texts(self):
        return [self.name, self.resources]

    def resource_list(self):
        return [line.strip() for line in self.resources.splitlines() if line.strip()]
