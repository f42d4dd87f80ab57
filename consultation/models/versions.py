"""Frozen records: the PDF of approved minutes or of a published notice, stored with its SHA-256.

A record is never rendered again once frozen: a correction adds a version, and every earlier
version stays downloadable with its own hash.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def record_path(instance, filename):
    owner = "minutes" if instance.session_id else "notices"
    return f"records/{owner}/{timezone.localdate(instance.created_at).year}/{filename}"


class RecordVersion(models.Model):
    session = models.ForeignKey(
        "consultation.Session",
        verbose_name=_("议事日"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_versions",
    )
    notice = models.ForeignKey(
        "consultation.Notice",
        verbose_name=_("公示"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    file = models.FileField(_("PDF 文件"), upload_to=record_path, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("文件大小（字节）"))
    pdf_variant = models.CharField(_("PDF 标准"), max_length=20, blank=True)
    reason = models.TextField(_("更正说明"), blank=True)
    source_sha256 = models.CharField(
        _("源内容校验值"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("生成这份文件时记录内容的 SHA-256（records.fingerprint），用来发现存档后内容是否被修改。"),
    )
    request_key = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("生成请求的标识：同一请求的任务重复执行时不会多出一版。"),
    )
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("存档版本")
        verbose_name_plural = _("存档版本")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="minutes_version_number"),
            models.UniqueConstraint(fields=["notice", "number"], name="notice_version_number"),
            models.CheckConstraint(
                condition=models.Q(session__isnull=True, notice__isnull=False)
                | models.Q(session__isnull=False, notice__isnull=True),
                name="record_version_one_owner",
            ),
        ]

    def __str__(self):
        return _("%(owner)s 第%(number)s版") % {"owner": self.owner, "number": self.number}

    def get_absolute_url(self):
        if self.session_id:
            return reverse("consultation:minutes_version", args=(self.session_id, self.number))
        return reverse("consultation:notice_pdf_version", args=(self.notice_id, self.number))

    @property
    def owner(self):
        return self.session if self.session_id else self.notice
