"""议评: verified residents rate the result of an implemented proposal during its evaluation period."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.errors import ActionRefused
from consultation.models import Rating
from consultation.models.proposals import State
from core import roster
from core.formatting import cn_date
from core.models import CommunitySettings


class AlreadyRated(ActionRefused):
    """This number (or household) has rated the proposal already."""


def rate(proposal, score, voice, comment=""):
    """A rating from `voice`, a number its owner verified (core.verification.VerifiedPhone).

    One rating per verified number per proposal, or, where the community counts by household
    (一户一评), one per household on its roster; the database's unique constraints guarantee it,
    so simultaneous submissions cannot both get in. The audit entry records the score, never the
    number."""
    if score not in Rating.Score.values:
        raise ActionRefused(_("请选择满意、基本满意或不满意。"))
    if voice is None:
        raise ActionRefused(_("请先用短信验证码验证手机号，再评价。"))
    if proposal.state != State.EVALUATING:
        raise ActionRefused(_("这个议题目前不在评价期内。"))
    if proposal.evaluation_ends_on and proposal.evaluation_ends_on < timezone.localdate():
        raise ActionRefused(_("评价期已于 %(date)s 结束。") % {"date": cn_date(proposal.evaluation_ends_on)})
    household = None
    if CommunitySettings.for_site(proposal.site).one_rating_per_household:
        household = roster.household_of(proposal.site, voice.fingerprint)
        if household is None:
            raise ActionRefused(
                _("本社区议评实行一户一评，%(phone)s 不在住户名册上。请到社区居委会登记手机号后再评价。")
                % {"phone": voice.masked}
            )
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                proposal=proposal,
                score=score,
                comment=comment.strip(),
                phone_fingerprint=voice.fingerprint,
                verified_at=voice.verified_at,
                household_key=household.household_key if household else "",
            )
            log(instance=proposal, action="consultation.rating", data={"score": score})
            return rating
    except IntegrityError as error:
        if household is not None and not proposal.ratings.filter(phone_fingerprint=voice.fingerprint).exists():
            raise AlreadyRated(
                _("%(household)s 已经有家人评价过这个议题了，一户只能评价一次。") % {"household": household.label}
            ) from error
        raise AlreadyRated(
            _("%(phone)s 已经评价过这个议题了，每个号码只能评价一次。") % {"phone": voice.masked}
        ) from error


def evidence(proposal):
    """What stands behind a proposal's satisfaction rate, for the staff: how many ratings came
    from verified numbers and from roster households, how many are on record but not counted
    (made before verification existed), and on which days they came in."""
    counted = Q(verified_at__isnull=False)
    figures = proposal.ratings.aggregate(
        total=Count("pk"),
        verified=Count("pk", filter=counted),
        households=Count("pk", filter=counted & ~Q(household_key="")),
        not_counted=Count("pk", filter=~counted),
        first_verified=Min("verified_at"),
        last_verified=Max("verified_at"),
    )
    by_day = {}
    for created_at in proposal.ratings.counted().order_by("created_at").values_list("created_at", flat=True):
        day = timezone.localtime(created_at).date()
        by_day[day] = by_day.get(day, 0) + 1
    return {**figures, "by_day": sorted(by_day.items())}
