"""议评: residents' ratings of an implemented proposal, one per verified phone number (or household)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RatingQuerySet(models.QuerySet):
    def counted(self):
        """The ratings a public figure may count: from numbers verified by a one-time code."""
        return self.filter(verified_at__isnull=False)


class Rating(models.Model):
    class Score(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        MOSTLY = "mostly", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    proposal = models.ForeignKey(
        "consultation.Proposal", verbose_name=_("议题"), on_delete=models.CASCADE, related_name="ratings"
    )
    score = models.CharField(_("评价"), max_length=20, choices=Score.choices)
    comment = models.TextField(_("意见"), blank=True, max_length=500)
    phone_fingerprint = models.CharField(_("电话指纹"), max_length=40, editable=False)
    verified_at = models.DateTimeField(
        _("手机验证时间"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("评价人通过短信验证码验证手机号的时间；没有验证的评价不计入满意率。"),
    )
    household_key = models.CharField(
        _("住户标识"), max_length=40, blank=True, editable=False, help_text=_("一户一评时，评价人在住户名册上的住户。")
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("居民评价")
        verbose_name_plural = _("居民评价")
        ordering = ["-created_at"]
        constraints = [
            # The database, not a check in Python, guarantees one rating per phone number,
            # so two simultaneous submissions cannot both get in.
            models.UniqueConstraint(fields=["proposal", "phone_fingerprint"], name="one_rating_per_phone"),
            models.UniqueConstraint(
                fields=["proposal", "household_key"],
                condition=~models.Q(household_key=""),
                name="one_rating_per_household",
            ),
        ]

    def __str__(self):
        return self.get_score_display()


def satisfaction(ratings):
    """(满意 + 基本满意) / all counted ratings, and the counts; the rate is None without ratings.
    Only ratings from verified numbers count: an unverified rating (made before verification
    existed) stays on the record for the staff but is in no public figure."""
    counts = {score: 0 for score in Rating.Score.values}
    for score in ratings.counted().values_list("score", flat=True):
        counts[score] += 1
    total = sum(counts.values())
    good = counts[Rating.Score.SATISFIED] + counts[Rating.Score.MOSTLY]
    return (good / total if total else None), counts, total
