"""Proposals (议题) raised by residents, their photos and their public history."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site
from wagtail.search import index

from consultation.privacy import mask_name
from core.chinese_text import ChineseSearchable
from core.models import CommunitySettings


def default_site():
    """The default Site's id: records created in the admin belong to the community it serves."""
    return Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()


class Category(models.TextChoices):
    CHILDREN = "children", _("幼有所育")
    ELDERLY = "elderly", _("老有所养")
    HEALTH = "health", _("病有所医")
    FOOD = "food", _("食有所安")
    LIVING = "living", _("居有所乐")
    SERVICES = "services", _("事有所办")
    OTHER = "other", _("其他")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    MERGED = "merged", _("已合并")
    REFERRED = "referred", _("转办")
    DELIBERATING = "deliberating", _("商议中")
    RESOLVED = "resolved", _("决议通过")
    NOT_ADOPTED = "not_adopted", _("未通过")
    IMPLEMENTING = "implementing", _("践议中")
    IMPLEMENTED = "implemented", _("已完成")
    EVALUATING = "evaluating", _("议评中")
    CLOSED = "closed", _("已办结")


class Stage(models.TextChoices):
    """The four public stages; every state belongs to one."""

    PROPOSE = "propose", _("提议")
    DELIBERATE = "deliberate", _("商议")
    IMPLEMENT = "implement", _("践议")
    EVALUATE = "evaluate", _("议评")


STAGE_OF_STATE = {
    State.SUBMITTED: Stage.PROPOSE,
    State.ACCEPTED: Stage.PROPOSE,
    State.REJECTED: Stage.PROPOSE,
    State.MERGED: Stage.PROPOSE,
    State.REFERRED: Stage.IMPLEMENT,
    State.DELIBERATING: Stage.DELIBERATE,
    State.RESOLVED: Stage.DELIBERATE,
    State.NOT_ADOPTED: Stage.DELIBERATE,
    State.IMPLEMENTING: Stage.IMPLEMENT,
    State.IMPLEMENTED: Stage.IMPLEMENT,
    State.EVALUATING: Stage.EVALUATE,
    State.CLOSED: Stage.EVALUATE,
}


class Source(models.TextChoices):
    ONLINE = "online", _("网上提交")
    OFFICE = "office", _("窗口登记")
    VISIT = "visit", _("走访收集")


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """Everything past the first triage: a submitted proposal is not public until accepted or refused."""
        return self.exclude(state=State.SUBMITTED)

    def in_stage(self, stage):
        return self.filter(state__in=[s for s, st in STAGE_OF_STATE.items() if st == stage])


class Proposal(ChineseSearchable, index.Indexed, models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("社区"), on_delete=models.CASCADE, related_name="+", default=default_site
    )
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    sequence = models.PositiveIntegerField(_("序号"), editable=False)
    tracking_number = models.CharField(_("查询编号"), max_length=20, editable=False, db_index=True)

    title = models.CharField(_("议题标题"), max_length=80)
    description = models.TextField(_("情况说明"), max_length=2000)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    estate = models.CharField(_("小区"), max_length=40)
    building = models.CharField(_("楼栋"), max_length=40, blank=True)

    proposer_name = models.CharField(_("提议人姓名"), max_length=40)
    proposer_phone = models.CharField(_("提议人电话"), max_length=20, help_text=_("不公开，仅工作人员可见。"))
    proposer_verified_at = models.DateTimeField(
        _("手机验证时间"), null=True, blank=True, editable=False, help_text=_("提议人用短信验证码验证这个号码的时间。")
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.ONLINE)

    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.SUBMITTED, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入议题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_proposals",
    )
    referred_unit = models.ForeignKey(
        "consultation.PartnerUnit",
        verbose_name=_("转办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.TextField(_("决议内容"), blank=True)
    evaluation_ends_on = models.DateField(_("评价截止日期"), null=True, blank=True)
    satisfaction_rate = models.DecimalField(_("满意率"), max_digits=5, decimal_places=4, null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.SearchField("tracking_number"),
        index.AutocompleteField("title"),
        index.SearchField("search_grams"),
        index.AutocompleteField("search_grams"),
        index.FilterField("state"),
        index.FilterField("site"),
        index.FilterField("category"),
        index.FilterField("year"),
    ]

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year", "sequence"], name="proposal_sequence_per_community_year"),
            models.UniqueConstraint(fields=["site", "tracking_number"], name="tracking_number_per_community"),
        ]

    def __str__(self):
        return f"{self.tracking_number} {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is None and not self.tracking_number:
            self._save_with_tracking_number(*args, **kwargs)
        else:
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("consultation:proposal", args=(self.tracking_number,))

    def search_texts(self):
        # Never the proposer's name or phone: they are private.
        return [self.title, self.description, self.tracking_number]

    @property
    def stage(self):
        return STAGE_OF_STATE[self.state]

    @property
    def proposer_masked(self):
        return mask_name(self.proposer_name)

    def _save_with_tracking_number(self, *args, **kwargs):
        """YS-2026-0042: the prefix of the community, the year and the next number of that year.

        The community's Site row is locked while the number is taken, so simultaneous submissions
        queue up and get consecutive numbers (on SQLite, writes are serialised anyway)."""
        self.year = timezone.localdate(self.submitted_at).year
        prefix = CommunitySettings.for_site(self.site).tracking_prefix
        with transaction.atomic():
            Site.objects.select_for_update().filter(pk=self.site_id).exists()
            last = Proposal.objects.filter(site=self.site, year=self.year).aggregate(Max("sequence"))["sequence__max"]
            self.sequence = (last or 0) + 1
            self.tracking_number = f"{prefix}-{self.year}-{self.sequence:04d}"
            super().save(*args, **kwargs)


class ProposalPhoto(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("照片"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("议题照片")
        verbose_name_plural = _("议题照片")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.proposal_id} · {self.image_id}"


class ProposalEvent(models.Model):
    """One step of a proposal's public history: the timeline residents see and the record staff keep."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=30)
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)
    reason = models.TextField(_("理由"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("议题进程")
        verbose_name_plural = _("议题进程")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.proposal_id} · {self.action}"
