"""议评: residents rate the result of an implemented proposal during its evaluation period."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.errors import ActionRefused
from consultation.models import Rating
from consultation.models.proposals import State
from consultation.privacy import normalise_phone, phone_fingerprint
from core.formatting import cn_date


def rate(proposal, score, phone, comment=""):
    """A resident's rating during the evaluation period; one per phone number, enforced by the database.
    Anyone may rate (the form's rate limit and honeypot stand in for a permission); the audit entry
    records the score, never the number."""
    if score not in Rating.Score.values:
        raise ActionRefused(_("请选择满意、基本满意或不满意。"))
    if not normalise_phone(phone):
        raise ActionRefused(_("请填写手机号，每个号码只能评价一次。"))
    if proposal.state != State.EVALUATING:
        raise ActionRefused(_("这个议题目前不在评价期内。"))
    if proposal.evaluation_ends_on and proposal.evaluation_ends_on < timezone.localdate():
        raise ActionRefused(_("评价期已于 %(date)s 结束。") % {"date": cn_date(proposal.evaluation_ends_on)})
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                proposal=proposal, score=score, comment=comment.strip(), phone_fingerprint=phone_fingerprint(phone)
            )
            log(instance=proposal, action="consultation.rating", data={"score": score})
            return rating
    except IntegrityError as error:
        raise ActionRefused(_("这个手机号已经评价过这个议题了，每个号码只能评价一次。")) from error
