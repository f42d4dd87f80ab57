"""The proposal workflow: every state change of a proposal happens here and nowhere else.

Each transition is a row of TRANSITIONS: the states it may start from, the state it leads to, the
permission it needs and whether a reason is required. `perform` checks all of that, applies the
transition's own rule (merge needs a target, refer a unit, ...), writes the new state, the public
history entry and Wagtail's audit log in one transaction, and refuses anything else with a
TransitionError whose message says why in Chinese — leaving the record exactly as it was.
"""
import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from consultation import permissions, voting
from consultation.models import AgendaItem, ProgressUpdate, Proposal, ProposalEvent, Rating, Session, Task
from consultation.models.evaluation import satisfaction
from consultation.models.proposals import State
from consultation.privacy import normalise_phone, phone_fingerprint
from website.templatetags.linli import cn_date

DEFAULT_EVALUATION_DAYS = 14


class TransitionError(Exception):
    """A refused action; the message is for the user."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str
    reason_required: bool = False
    # Transitions that only happen as part of another action (a vote, assigning a task).
    internal: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("accept", gettext_lazy("受理"), (State.SUBMITTED,), State.ACCEPTED, "triage"),
        Transition("reject", gettext_lazy("不予受理"), (State.SUBMITTED,), State.REJECTED, "triage", reason_required=True),
        Transition("merge", gettext_lazy("合并"), (State.SUBMITTED, State.ACCEPTED), State.MERGED, "triage"),
        Transition("refer", gettext_lazy("转办"), (State.SUBMITTED,), State.REFERRED, "triage", reason_required=True),
        Transition("schedule", gettext_lazy("列入议程"), (State.ACCEPTED,), State.DELIBERATING, "manage_session"),
        Transition("resolve", gettext_lazy("决议通过"), (State.DELIBERATING,), State.RESOLVED, "record_vote", internal=True),
        Transition("not_adopt", gettext_lazy("未通过"), (State.DELIBERATING,), State.NOT_ADOPTED, "record_vote", internal=True),
        Transition("defer", gettext_lazy("暂缓"), (State.DELIBERATING,), State.ACCEPTED, "manage_session", reason_required=True),
        Transition("start", gettext_lazy("开始践议"), (State.RESOLVED,), State.IMPLEMENTING, "assign_task", internal=True),
        Transition("complete", gettext_lazy("践议完成"), (State.IMPLEMENTING, State.REFERRED), State.IMPLEMENTED, "complete"),
        Transition("open_evaluation", gettext_lazy("开始议评"), (State.IMPLEMENTED,), State.EVALUATING, "manage_evaluation"),
        Transition("close", gettext_lazy("办结"), (State.EVALUATING,), State.CLOSED, "manage_evaluation"),
        Transition("reopen", gettext_lazy("重新办理"), (State.EVALUATING,), State.IMPLEMENTING, "manage_evaluation", reason_required=True),
    ]
}
LOG_ACTION = "consultation.transition"


def available(proposal, user):
    """The transitions `user` may start from the admin for `proposal` as it stands."""
    return [
        t for t in TRANSITIONS.values()
        if not t.internal and proposal.state in t.sources and permissions.can(user, t.permission, proposal)
    ]


# -- rules of individual transitions: validate `details`, change the locked proposal -----------------


def _merge(proposal, details):
    target = details.get("target")
    if target is None:
        raise TransitionError(_("请选择要并入的议题。"))
    if target.pk == proposal.pk:
        raise TransitionError(_("议题不能并入它自己。"))
    if target.site_id != proposal.site_id:
        raise TransitionError(_("只能并入本社区的议题。"))
    if target.state in (State.REJECTED, State.MERGED, State.NOT_ADOPTED, State.CLOSED):
        raise TransitionError(_("目标议题“%(title)s”已%(state)s，不能再并入。") % {"title": target.title, "state": target.get_state_display()})
    proposal.merged_into = target


def _refer(proposal, details):
    unit, deadline = details.get("unit"), details.get("deadline")
    if unit is None or deadline is None:
        raise TransitionError(_("转办需要选择承办单位并填写完成时限。"))
    if deadline < timezone.localdate():
        raise TransitionError(_("完成时限不能早于今天。"))
    proposal.referred_unit = unit
    Task.objects.create(
        proposal=proposal, unit=unit, description=details.get("description") or proposal.title,
        person=details.get("person") or unit.contact_person or unit.name, deadline=deadline,
    )


def _schedule(proposal, details):
    session = details.get("session")
    if session is None:
        raise TransitionError(_("请选择议事日。"))
    if session.status != Session.Status.PLANNED:
        raise TransitionError(_("“%(session)s”已%(status)s，不能再增加议题。") % {"session": session, "status": session.get_status_display()})
    if session.site_id != proposal.site_id:
        raise TransitionError(_("只能列入本社区的议事日。"))
    if proposal.agenda_items.filter(session=session).exists():
        raise TransitionError(_("这个议题已在“%(session)s”议过（暂缓），请列入之后的议事日。") % {"session": session})
    AgendaItem.objects.create(session=session, proposal=proposal, sort_order=session.agenda_items.count())


def _defer(proposal, details):
    item = proposal.agenda_items.filter(outcome="").order_by("-session__date").first()
    if item is not None:
        item.outcome = AgendaItem.Outcome.DEFERRED
        item.save(update_fields=["outcome"])


def _decided_by_vote(proposal, details):
    item = details.get("agenda_item")
    if item is None or not item.has_vote or item.proposal_id != proposal.pk:
        raise TransitionError(_("表决结果由登记的票数计算得出，不能直接设置。"))
    if details.get("resolution"):
        proposal.resolution = details["resolution"]


def _start(proposal, details):
    if not proposal.tasks.exists():
        raise TransitionError(_("请先派发至少一项践议任务。"))


def _complete(proposal, details):
    tasks = list(proposal.tasks.all())
    if not tasks:
        raise TransitionError(_("这个议题还没有践议任务，不能确认完成。"))
    unfinished = [t for t in tasks if not t.is_done]
    if unfinished:
        raise TransitionError(
            _("还有 %(count)s 项任务未完成（如“%(task)s”，进度 %(progress)s%%），不能确认完成。")
            % {"count": len(unfinished), "task": unfinished[0].description[:30], "progress": unfinished[0].progress}
        )


def _open_evaluation(proposal, details):
    ends_on = details.get("ends_on") or timezone.localdate() + datetime.timedelta(days=DEFAULT_EVALUATION_DAYS)
    if ends_on < timezone.localdate():
        raise TransitionError(_("评价截止日期不能早于今天。"))
    proposal.evaluation_ends_on = ends_on


def _close(proposal, details):
    rate, _counts, total = satisfaction(proposal.ratings.all())
    if not total:
        raise TransitionError(_("还没有收到居民评价，不能办结。可以延长评价期，或到小区现场收集评价后录入。"))
    proposal.satisfaction_rate = round(rate, 4)


RULES = {
    "merge": _merge, "refer": _refer, "schedule": _schedule, "defer": _defer,
    "resolve": _decided_by_vote, "not_adopt": _decided_by_vote, "start": _start,
    "complete": _complete, "open_evaluation": _open_evaluation, "close": _close,
}


def perform(proposal, name, user, reason="", **details):
    """Carry out transition `name` on `proposal` for `user`, or raise TransitionError and change nothing."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError(_("未知的操作：%(name)s") % {"name": name})
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not permissions.can(user, transition.permission, locked):
            raise TransitionError(permissions.refusal(transition.permission))
        if locked.state not in transition.sources:
            raise TransitionError(
                _("议题当前状态为“%(state)s”，不能执行“%(action)s”。")
                % {"state": locked.get_state_display(), "action": transition.label}
            )
        if transition.reason_required and not reason:
            raise TransitionError(_("“%(action)s”必须填写理由，理由将向居民公开。") % {"action": transition.label})
        if rule := RULES.get(name):
            rule(locked, details)
        from_state = locked.state
        locked.state = transition.target
        locked.save()
        event = ProposalEvent.objects.create(
            proposal=locked, action=name, from_state=from_state, to_state=locked.state, reason=reason,
            actor=user if user.is_authenticated else None,
        )
        log(
            instance=locked, action=LOG_ACTION, user=user,
            data={"transition": name, "from": from_state, "to": locked.state, "reason": reason},
        )
    proposal.refresh_from_db()
    return event


# -- actions that lead to transitions -------------------------------------------------------------


def record_submission(proposal, user=None):
    """The first entry of a proposal's history, whether a resident submitted it online or the
    committee registered it at the office."""
    return ProposalEvent.objects.create(
        proposal=proposal, action="submit", to_state=proposal.state,
        actor=user if user is not None and user.is_authenticated else None,
    )


def record_vote(item, user, votes_for, votes_against, votes_abstain, resolution=""):
    """Record the vote on an agenda item; the outcome is computed from the numbers, never typed in."""
    if not permissions.can(user, "record_vote", item):
        raise TransitionError(permissions.refusal("record_vote"))
    session = item.session
    if session.status == Session.Status.CANCELLED:
        raise TransitionError(_("“%(session)s”已取消，不能登记表决。") % {"session": session})
    if item.outcome:
        raise TransitionError(_("这个议程在“%(session)s”已有结果（%(outcome)s），不能再登记表决。")
                              % {"session": session, "outcome": item.get_outcome_display()})
    expected, present = session.attendance()
    tally = voting.Tally(expected, present, votes_for, votes_against, votes_abstain)
    try:
        result = voting.decide(tally, session.quorum, session.threshold)
    except voting.VoteError as error:
        raise TransitionError(str(error)) from error
    with transaction.atomic():
        item.votes_expected, item.votes_present = expected, present
        item.votes_for, item.votes_against, item.votes_abstain = votes_for, votes_against, votes_abstain
        item.outcome = AgendaItem.Outcome.RESOLVED if result.passed else AgendaItem.Outcome.NOT_ADOPTED
        item.save()
        reason = _("应到 %(e)s 人，实到 %(p)s 人，同意 %(f)s 票、反对 %(a)s 票、弃权 %(x)s 票。") % {
            "e": expected, "p": present, "f": votes_for, "a": votes_against, "x": votes_abstain,
        }
        perform(item.proposal, "resolve" if result.passed else "not_adopt", user, reason,
                agenda_item=item, resolution=resolution)
        if session.status == Session.Status.PLANNED:
            session.status = Session.Status.HELD
            session.save(update_fields=["status"])
    return result


def record_opinions(item, user, opinions):
    if not permissions.can(user, "record_opinion", item):
        raise TransitionError(permissions.refusal("record_opinion"))
    item.opinions = opinions.strip()
    item.save(update_fields=["opinions"])
    log(instance=item.proposal, action="consultation.opinions", user=user, data={"session": str(item.session)})


def move_agenda_item(item, user, offset):
    """Move an agenda item up (-1) or down (+1) in its session's order."""
    if not permissions.can(user, "manage_session", item):
        raise TransitionError(permissions.refusal("manage_session"))
    with transaction.atomic():
        items = list(item.session.agenda_items.select_for_update().order_by("sort_order", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index + offset
        if not 0 <= target < len(items):
            raise TransitionError(_("已经在最前面或最后面了。"))
        items[index], items[target] = items[target], items[index]
        for order, other in enumerate(items):
            if other.sort_order != order:
                AgendaItem.objects.filter(pk=other.pk).update(sort_order=order)


def assign_task(proposal, user, unit, description, person, deadline):
    """居民点单、社区下单、单位接单: give a resolved proposal's work to a responsible unit."""
    if not permissions.can(user, "assign_task", proposal):
        raise TransitionError(permissions.refusal("assign_task"))
    if proposal.state not in (State.RESOLVED, State.IMPLEMENTING):
        raise TransitionError(_("只有决议通过或践议中的议题才能派发任务（当前：%(state)s）。") % {"state": proposal.get_state_display()})
    if deadline < timezone.localdate():
        raise TransitionError(_("完成时限不能早于今天。"))
    with transaction.atomic():
        task = Task.objects.create(proposal=proposal, unit=unit, description=description, person=person, deadline=deadline)
        log(instance=proposal, action="consultation.task", user=user, data={"unit": unit.name, "deadline": str(deadline)})
        if proposal.state == State.RESOLVED:
            perform(proposal, "start", user, _("派发任务给%(unit)s") % {"unit": unit.name})
    return task


def post_progress(task, user, percent, text, date=None, photo=None):
    if not permissions.can(user, "post_progress", task):
        raise TransitionError(permissions.refusal("post_progress"))
    if not 0 <= percent <= 100:
        raise TransitionError(_("完成百分比须在 0 到 100 之间。"))
    if not text.strip():
        raise TransitionError(_("请填写进展情况。"))
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            task=task, percent=percent, text=text.strip(), date=date or timezone.localdate(), photo=photo, author=user
        )
        task.refresh_progress()
        log(instance=task.proposal, action="consultation.progress", user=user, data={"task": task.pk, "percent": percent})
    return update


def rate(proposal, score, phone, comment=""):
    """A resident's rating during the evaluation period; one per phone number, enforced by the database."""
    if score not in Rating.Score.values:
        raise TransitionError(_("请选择满意、基本满意或不满意。"))
    if not normalise_phone(phone):
        raise TransitionError(_("请填写手机号，每个号码只能评价一次。"))
    if proposal.state != State.EVALUATING:
        raise TransitionError(_("这个议题目前不在评价期内。"))
    if proposal.evaluation_ends_on and proposal.evaluation_ends_on < timezone.localdate():
        raise TransitionError(_("评价期已于 %(date)s 结束。") % {"date": cn_date(proposal.evaluation_ends_on)})
    try:
        with transaction.atomic():
            return Rating.objects.create(
                proposal=proposal, score=score, comment=comment.strip(), phone_fingerprint=phone_fingerprint(phone)
            )
    except IntegrityError as error:
        raise TransitionError(_("这个手机号已经评价过这个议题了，每个号码只能评价一次。")) from error
