"""商议 at a 议事日: the agenda's order, the opinions recorded per item, and the votes.

A vote's outcome is computed from the numbers (consultation.voting) and moves the proposal on
through the workflow; nothing here sets a result by hand.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation import permissions, voting, workflow
from consultation.errors import ActionRefused
from consultation.models import AgendaItem, Session


def record_vote(item, user, votes_for, votes_against, votes_abstain, resolution=""):
    """Record the vote on an agenda item; the outcome is computed from the numbers, never typed in."""
    if not permissions.can(user, "record_vote", item):
        raise ActionRefused(permissions.refusal("record_vote"))
    session = item.session
    if session.status == Session.Status.CANCELLED:
        raise ActionRefused(_("“%(session)s”已取消，不能登记表决。") % {"session": session})
    if item.outcome:
        raise ActionRefused(
            _("这个议程在“%(session)s”已有结果（%(outcome)s），不能再登记表决。")
            % {"session": session, "outcome": item.get_outcome_display()}
        )
    expected, present = session.attendance()
    tally = voting.Tally(expected, present, votes_for, votes_against, votes_abstain)
    try:
        result = voting.decide(tally, session.quorum, session.threshold)
    except voting.VoteError as error:
        raise ActionRefused(str(error)) from error
    with transaction.atomic():
        item.votes_expected, item.votes_present = expected, present
        item.votes_for, item.votes_against, item.votes_abstain = votes_for, votes_against, votes_abstain
        item.outcome = AgendaItem.Outcome.RESOLVED if result.passed else AgendaItem.Outcome.NOT_ADOPTED
        item.save()
        reason = _("应到 %(e)s 人，实到 %(p)s 人，同意 %(f)s 票、反对 %(a)s 票、弃权 %(x)s 票。") % {
            "e": expected,
            "p": present,
            "f": votes_for,
            "a": votes_against,
            "x": votes_abstain,
        }
        workflow.perform(
            item.proposal,
            "resolve" if result.passed else "not_adopt",
            user,
            reason,
            agenda_item=item,
            resolution=resolution,
        )
        if session.status == Session.Status.PLANNED:
            session.status = Session.Status.HELD
            session.save(update_fields=["status"])
    return result


def record_opinions(item, user, opinions):
    if not permissions.can(user, "record_opinion", item):
        raise ActionRefused(permissions.refusal("record_opinion"))
    with transaction.atomic():
        item.opinions = opinions.strip()
        item.save(update_fields=["opinions"])
        log(instance=item.proposal, action="consultation.opinions", user=user, data={"session": str(item.session)})


def move_agenda_item(item, user, offset):
    """Move an agenda item up (-1) or down (+1) in its session's order."""
    if not permissions.can(user, "manage_session", item):
        raise ActionRefused(permissions.refusal("manage_session"))
    with transaction.atomic():
        items = list(item.session.agenda_items.select_for_update().order_by("sort_order", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index + offset
        if not 0 <= target < len(items):
            raise ActionRefused(_("已经在最前面或最后面了。"))
        items[index], items[target] = items[target], items[index]
        for order, other in enumerate(items):
            if other.sort_order != order:
                AgendaItem.objects.filter(pk=other.pk).update(sort_order=order)
        log(
            instance=item.session,
            action="consultation.agenda_order",
            user=user,
            data={"agenda": [other.proposal_id for other in items]},
        )
