"""议评: residents' ratings of an implemented proposal, one per phone number."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("居民评价")
        verbose_name_plural = _("居民评价")
        ordering = ["-created_at"]
        constraints = [
            # The database, not a check in Python, guarantees one rating per phone number,
            # so two simultaneous submissions cannot both get in.
            models.UniqueConstraint(fields=["proposal", "phone_fingerprint"], name="one_rating_per_phone"),
        ]

    def __str__(self):
        return self.get_score_display()


def satisfaction(ratings):
    """(满意 + 基本满意) / all ratings, and the counts; the rate is None without ratings."""
    counts = {score: 0 for score in Rating.Score.values}
    for score in ratings.values_list("score", flat=True):
        counts[score] += 1
    total = sum(counts.values())
    good = counts[Rating.Score.SATISFIED] + counts[Rating.Score.MOSTLY]
    return (good / total if total else None), counts, total
