"""践议: tasks given to responsible units (居民点单、社区下单、单位接单) and their dated progress."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from consultation import permissions


class TaskQuerySet(models.QuerySet):
    def overdue(self, today=None):
        return self.filter(deadline__lt=today or timezone.localdate(), progress__lt=100)

    def for_user(self, user):
        """The tasks a user may see: all for committee staff, their own unit's for a unit account."""
        if permissions.sees_all_tasks(user):
            return self
        return self.filter(unit__members=user)


class Task(ClusterableModel):
    proposal = models.ForeignKey(
        "consultation.Proposal", verbose_name=_("议题"), on_delete=models.CASCADE, related_name="tasks"
    )
    unit = models.ForeignKey(
        "consultation.PartnerUnit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="tasks"
    )
    description = models.TextField(_("任务内容"))
    person = models.CharField(_("责任人"), max_length=40)
    deadline = models.DateField(_("完成时限"))
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0, editable=False)
    created_at = models.DateTimeField(_("派单时间"), default=timezone.now)

    objects = TaskQuerySet.as_manager()

    panels = [
        FieldPanel("proposal"),
        MultiFieldPanel([FieldPanel("unit"), FieldPanel("person"), FieldPanel("deadline")], heading=_("承办")),
        FieldPanel("description"),
    ]
    # Progress is posted on the task's 填报进度 screen (implementation.post_progress), never in this form.

    class Meta:
        verbose_name = _("践议任务")
        verbose_name_plural = _("践议任务")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return f"{self.unit} · {self.description[:30]}"

    @property
    def status_label(self):
        if self.is_done:
            return _("已完成")
        return _("已逾期") if self.is_overdue() else _("进行中")

    @property
    def is_done(self):
        return self.progress >= 100

    def is_overdue(self, today=None):
        return not self.is_done and self.deadline < (today or timezone.localdate())

    def refresh_progress(self):
        latest = ProgressUpdate.objects.filter(task=self).order_by("-date", "-pk").first()
        self.progress = latest.percent if latest else 0
        Task.objects.filter(pk=self.pk).update(progress=self.progress)


class ProgressUpdate(models.Model):
    task = ParentalKey(Task, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("日期"), default=timezone.localdate)
    percent = models.PositiveSmallIntegerField(_("完成百分比"))
    text = models.TextField(_("进展情况"))
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("现场照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("percent")]), FieldPanel("text"), FieldPanel("photo")]

    class Meta:
        verbose_name = _("进度更新")
        verbose_name_plural = _("进度更新")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="progress_percent_at_most_100")
        ]

    def __str__(self):
        return f"{self.date} {self.percent}%"
