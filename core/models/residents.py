"""What proves a resident's voice: a number verified by a one-time code, and the household roster
a community may keep. Numbers are stored only as keyed fingerprints (core/phones.py) and masked."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PhoneVerification(models.Model):
    """One code sent to one number: stored hashed, valid for a few minutes, a few tries."""

    affects_public_pages = False

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("社区"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone_fingerprint = models.CharField(_("电话指纹"), max_length=40, db_index=True)
    phone_masked = models.CharField(_("号码"), max_length=20)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    message = models.OneToOneField(
        "core.SmsMessage", verbose_name=_("短信"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("有效期至"))
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    verified_at = models.DateTimeField(_("验证时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("手机验证")
        verbose_name_plural = _("手机验证")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.phone_masked


class RosterEntry(models.Model):
    """A number on file for a household (楼栋 + 房号) of one community: the basis of 一户一评."""

    affects_public_pages = False

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("社区"), on_delete=models.CASCADE, related_name="+")
    building = models.CharField(_("楼栋"), max_length=40)
    room = models.CharField(_("房号"), max_length=40)
    phone_fingerprint = models.CharField(_("电话指纹"), max_length=40)
    phone_masked = models.CharField(_("登记号码"), max_length=20)
    household_key = models.CharField(_("住户标识"), max_length=40, db_index=True)
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("住户名册")
        verbose_name_plural = _("住户名册")
        ordering = ["building", "room", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "phone_fingerprint"], name="one_household_per_number"),
        ]

    def __str__(self):
        return f"{self.building} {self.room}"
