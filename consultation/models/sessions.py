"""议事日 sessions: when and where, who took part, and the ordered agenda with its votes."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from consultation import voting
from consultation.models.proposals import default_site
from consultation.privacy import mask_name
from core.chinese_text import ChineseSearchable
from core.workdays import first_working_day

DEFAULT_START = datetime.time(9, 0)
DEFAULT_END = datetime.time(11, 30)


def default_session_date():
    """The first working day of next month (this month's, if it has not passed yet)."""
    today = timezone.localdate()
    this_month = first_working_day(today.year, today.month)
    if this_month >= today:
        return this_month
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return first_working_day(year, month)


class SessionQuerySet(models.QuerySet):
    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate()).order_by("date", "start_time")

    def past(self, today=None):
        return self.filter(date__lt=today or timezone.localdate()).order_by("-date", "-start_time")


class Session(ChineseSearchable, index.Indexed, ClusterableModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        HELD = "held", _("已召开")
        CANCELLED = "cancelled", _("已取消")

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("社区"), on_delete=models.CASCADE, related_name="+", default=default_site
    )
    title = models.CharField(
        _("名称"), max_length=80, blank=True, help_text=_("留空则自动生成，如“2026年12月议事日”。")
    )
    date = models.DateField(
        _("日期"), default=default_session_date, help_text=_("默认是每月第一个工作日（已计入法定节假日和调休）。")
    )
    start_time = models.TimeField(_("开始时间"), default=DEFAULT_START)
    end_time = models.TimeField(_("结束时间"), default=DEFAULT_END)
    venue = models.CharField(_("地点"), max_length=120)
    host = models.CharField(_("主持人"), max_length=40)
    recorder = models.CharField(_("记录人"), max_length=40)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    quorum = models.CharField(
        _("法定人数"),
        max_length=5,
        choices=voting.QUORUM_CHOICES,
        default=voting.DEFAULT_QUORUM,
        help_text=_("有表决权的应到人员中至少多少人到会才能表决。"),
    )
    threshold = models.CharField(
        _("通过票数"),
        max_length=5,
        choices=voting.THRESHOLD_CHOICES,
        default=voting.DEFAULT_THRESHOLD,
        help_text=_("实到有表决权人员中同意票须超过的比例。"),
    )
    summary = models.TextField(_("会议概况"), blank=True)
    document_number = models.CharField(
        _("纪要文号"), max_length=40, blank=True, help_text=_("留空则在审定纪要时按文号前缀自动编号。")
    )
    minutes_approved_at = models.DateTimeField(_("纪要审定时间"), null=True, blank=True, editable=False)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("纪要审定人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SessionQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("date"),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("host"), FieldPanel("recorder")]),
                FieldPanel("status"),
            ],
            heading=_("议事日"),
        ),
        MultiFieldPanel([FieldRowPanel([FieldPanel("quorum"), FieldPanel("threshold")])], heading=_("表决规则")),
        InlinePanel("participants", heading=_("参会人员"), label=_("参会人员")),
        FieldPanel("summary"),
        FieldPanel("document_number"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("search_grams"),
        index.AutocompleteField("search_grams"),
        index.FilterField("date"),
        index.FilterField("status"),
        index.FilterField("site"),
    ]

    class Meta:
        verbose_name = _("议事日")
        verbose_name_plural = _("议事日")
        ordering = ["-date", "-start_time"]

    def __str__(self):
        return self.display_title

    def clean(self):
        if self.minutes_approved and self.status != self.Status.HELD:
            raise ValidationError({"status": _("会议纪要已审定，议事日只能是“已召开”。")})

    @property
    def display_title(self):
        return self.title or f"{self.date.year}年{self.date.month}月议事日"

    def get_absolute_url(self):
        return reverse("consultation:session", args=(self.pk,))

    def search_texts(self):
        return [self.display_title, self.venue, self.summary]

    @property
    def minutes_approved(self):
        return self.minutes_approved_at is not None

    @property
    def has_minutes(self):
        """Only a held session has minutes (a draft until approved)."""
        return self.status == self.Status.HELD

    @property
    def minutes_status(self):
        if not self.has_minutes:
            return "—"
        return _("已审定") if self.minutes_approved else _("待审定")

    def voters(self):
        return [p for p in self.participants.all() if p.can_vote]

    def attendance(self):
        """(应到, 实到) among the participants who vote."""
        voters = self.voters()
        return len(voters), sum(1 for p in voters if p.present)


class Participant(Orderable):
    class Role(models.TextChoices):
        MEMBER = "member", _("议事委员")
        REPRESENTATIVE = "representative", _("居民代表")
        SUPERVISOR = "supervisor", _("居监会成员")
        OBSERVER = "observer", _("列席")

    VOTING_ROLES = {Role.MEMBER, Role.REPRESENTATIVE}

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("姓名"), max_length=40)
    role = models.CharField(_("身份"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    organisation = models.CharField(_("单位"), max_length=80, blank=True, help_text=_("列席人员所在单位。"))
    present = models.BooleanField(_("出席"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation"), FieldPanel("present")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")

    def __str__(self):
        return self.name

    @property
    def name_masked(self):
        return mask_name(self.name)

    @property
    def can_vote(self):
        return self.role in self.VOTING_ROLES


class AgendaItem(Orderable):
    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("决议通过")
        NOT_ADOPTED = "not_adopted", _("未通过")
        DEFERRED = "deferred", _("暂缓")

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    proposal = models.ForeignKey(
        "consultation.Proposal", verbose_name=_("议题"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    opinions = models.TextField(_("各方意见"), blank=True)
    votes_expected = models.PositiveSmallIntegerField(_("应到"), null=True, blank=True, editable=False)
    votes_present = models.PositiveSmallIntegerField(_("实到"), null=True, blank=True, editable=False)
    votes_for = models.PositiveSmallIntegerField(_("同意"), null=True, blank=True, editable=False)
    votes_against = models.PositiveSmallIntegerField(_("反对"), null=True, blank=True, editable=False)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"), null=True, blank=True, editable=False)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        constraints = [models.UniqueConstraint(fields=["session", "proposal"], name="agenda_item_once_per_session")]

    def __str__(self):
        return f"{self.session} · {self.proposal.title}"

    @property
    def has_vote(self):
        return self.votes_for is not None
