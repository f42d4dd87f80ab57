"""The message log: every text message the site sends, whichever gateway carries it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SmsMessage(models.Model):
    """One message to one number. The full number is kept only while the message is being sent
    (a retry needs it) and is blanked once it is sent or has failed; the log shows it masked."""

    # Sending a message changes nothing a visitor sees (website/page_cache.py reads this).
    affects_public_pages = False

    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        RETRYING = "retrying", _("等待重试")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("社区"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone = models.CharField(_("号码"), max_length=20, blank=True, editable=False)
    phone_masked = models.CharField(_("号码"), max_length=20)
    template = models.CharField(_("模板"), max_length=40)
    params = models.JSONField(_("模板参数"), default=dict, blank=True)
    body = models.TextField(_("短信内容"), blank=True)
    backend = models.CharField(_("通道"), max_length=20)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    provider_id = models.CharField(_("回执编号"), max_length=80, blank=True)
    provider_code = models.CharField(_("服务商返回码"), max_length=80, blank=True)
    provider_message = models.TextField(_("服务商答复"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信记录")
        verbose_name_plural = _("短信记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.phone_masked} · {self.template}"
