"""The proposal workflow: every state change of a proposal happens here and nowhere else.

Each transition is a row of TRANSITIONS: the states it may start from, the state it leads to, the
permission it needs and whether a reason is required. `perform` checks all of that, applies the
transition's own rule (merge needs a target, refer a unit, ...), writes the new state, the public
history entry and Wagtail's audit log in one transaction, and refuses anything else with a
ActionRefused whose message says why in Chinese — leaving the record exactly as it was.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.images import get_image_model
from wagtail.log_actions import log

from consultation import permissions
from consultation.errors import ActionRefused
from consultation.models import AgendaItem, Proposal, ProposalEvent, ProposalPhoto, Session, Task
from consultation.models.proposals import State
from consultation.models.ratings import satisfaction
from core.media import collection_named
from core.models import CommunitySettings

DEFAULT_EVALUATION_DAYS = 14
UPLOAD_COLLECTION = "居民上传"


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
        Transition(
            "reject", gettext_lazy("不予受理"), (State.SUBMITTED,), State.REJECTED, "triage", reason_required=True
        ),
        Transition("merge", gettext_lazy("合并"), (State.SUBMITTED, State.ACCEPTED), State.MERGED, "triage"),
        Transition("refer", gettext_lazy("转办"), (State.SUBMITTED,), State.REFERRED, "triage", reason_required=True),
        Transition("schedule", gettext_lazy("列入议程"), (State.ACCEPTED,), State.DELIBERATING, "manage_session"),
        Transition(
            "resolve", gettext_lazy("决议通过"), (State.DELIBERATING,), State.RESOLVED, "record_vote", internal=True
        ),
        Transition(
            "not_adopt", gettext_lazy("未通过"), (State.DELIBERATING,), State.NOT_ADOPTED, "record_vote", internal=True
        ),
        Transition(
            "defer", gettext_lazy("暂缓"), (State.DELIBERATING,), State.ACCEPTED, "manage_session", reason_required=True
        ),
        Transition(
            "start", gettext_lazy("开始践议"), (State.RESOLVED,), State.IMPLEMENTING, "assign_task", internal=True
        ),
        Transition(
            "complete", gettext_lazy("践议完成"), (State.IMPLEMENTING, State.REFERRED), State.IMPLEMENTED, "complete"
        ),
        Transition(
            "open_evaluation", gettext_lazy("开始议评"), (State.IMPLEMENTED,), State.EVALUATING, "manage_evaluation"
        ),
        Transition("close", gettext_lazy("办结"), (State.EVALUATING,), State.CLOSED, "manage_evaluation"),
        Transition(
            "reopen",
            gettext_lazy("重新办理"),
            (State.EVALUATING,),
            State.IMPLEMENTING,
            "manage_evaluation",
            reason_required=True,
        ),
    ]
}
LOG_ACTION = "consultation.transition"


def available(proposal, user):
    """The transitions `user` may start from the admin for `proposal` as it stands."""
    return [
        t
        for t in TRANSITIONS.values()
        if not t.internal and proposal.state in t.sources and permissions.can(user, t.permission, proposal)
    ]


# -- rules of individual transitions: validate `details`, change the locked proposal -----------------


def _merge(proposal, details):
    target = details.get("target")
    if target is None:
        raise ActionRefused(_("请选择要并入的议题。"))
    if target.pk == proposal.pk:
        raise ActionRefused(_("议题不能并入它自己。"))
    if target.site_id != proposal.site_id:
        raise ActionRefused(_("只能并入本社区的议题。"))
    if target.state in (State.REJECTED, State.MERGED, State.NOT_ADOPTED, State.CLOSED):
        raise ActionRefused(
            _("目标议题“%(title)s”已%(state)s，不能再并入。")
            % {"title": target.title, "state": target.get_state_display()}
        )
    proposal.merged_into = target


def _refer(proposal, details):
    unit, deadline = details.get("unit"), details.get("deadline")
    if unit is None or deadline is None:
        raise ActionRefused(_("转办需要选择承办单位并填写完成时限。"))
    if deadline < timezone.localdate():
        raise ActionRefused(_("完成时限不能早于今天。"))
    proposal.referred_unit = unit
    Task.objects.create(
        proposal=proposal,
        unit=unit,
        description=details.get("description") or proposal.title,
        person=details.get("person") or unit.contact_person or unit.name,
        deadline=deadline,
    )


def _schedule(proposal, details):
    session = details.get("session")
    if session is None:
        raise ActionRefused(_("请选择议事日。"))
    if session.status != Session.Status.PLANNED:
        raise ActionRefused(
            _("“%(session)s”已%(status)s，不能再增加议题。")
            % {"session": session, "status": session.get_status_display()}
        )
    if session.site_id != proposal.site_id:
        raise ActionRefused(_("只能列入本社区的议事日。"))
    if proposal.agenda_items.filter(session=session).exists():
        raise ActionRefused(_("这个议题已在“%(session)s”议过（暂缓），请列入之后的议事日。") % {"session": session})
    AgendaItem.objects.create(session=session, proposal=proposal, sort_order=session.agenda_items.count())


def _defer(proposal, details):
    item = proposal.agenda_items.filter(outcome="").order_by("-session__date").first()
    if item is not None:
        item.outcome = AgendaItem.Outcome.DEFERRED
        item.save(update_fields=["outcome"])


def _decided_by_vote(proposal, details):
    item = details.get("agenda_item")
    if item is None or not item.has_vote or item.proposal_id != proposal.pk:
        raise ActionRefused(_("表决结果由登记的票数计算得出，不能直接设置。"))
    if details.get("resolution"):
        proposal.resolution = details["resolution"]


def _start(proposal, details):
    if not proposal.tasks.exists():
        raise ActionRefused(_("请先派发至少一项践议任务。"))


def _complete(proposal, details):
    tasks = list(proposal.tasks.all())
    if not tasks:
        raise ActionRefused(_("这个议题还没有践议任务，不能确认完成。"))
    unfinished = [t for t in tasks if not t.is_done]
    if unfinished:
        raise ActionRefused(
            _("还有 %(count)s 项任务未完成（如“%(task)s”，进度 %(progress)s%%），不能确认完成。")
            % {"count": len(unfinished), "task": unfinished[0].description[:30], "progress": unfinished[0].progress}
        )


def _open_evaluation(proposal, details):
    ends_on = details.get("ends_on") or timezone.localdate() + datetime.timedelta(days=DEFAULT_EVALUATION_DAYS)
    if ends_on < timezone.localdate():
        raise ActionRefused(_("评价截止日期不能早于今天。"))
    proposal.evaluation_ends_on = ends_on


def _close(proposal, details):
    rate, _counts, total = satisfaction(proposal.ratings.all())
    if not total:
        raise ActionRefused(_("还没有收到居民评价，不能办结。可以延长评价期，或到小区现场收集评价后录入。"))
    proposal.satisfaction_rate = round(rate, 4)


RULES = {
    "merge": _merge,
    "refer": _refer,
    "schedule": _schedule,
    "defer": _defer,
    "resolve": _decided_by_vote,
    "not_adopt": _decided_by_vote,
    "start": _start,
    "complete": _complete,
    "open_evaluation": _open_evaluation,
    "close": _close,
}


def perform(proposal, name, user, reason="", **details):
    """Carry out transition `name` on `proposal` for `user`, or raise ActionRefused and change nothing."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ActionRefused(_("未知的操作：%(name)s") % {"name": name})
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not permissions.can(user, transition.permission, locked):
            raise ActionRefused(permissions.refusal(transition.permission))
        if locked.state not in transition.sources:
            raise ActionRefused(
                _("议题当前状态为“%(state)s”，不能执行“%(action)s”。")
                % {"state": locked.get_state_display(), "action": transition.label}
            )
        if transition.reason_required and not reason:
            raise ActionRefused(_("“%(action)s”必须填写理由，理由将向居民公开。") % {"action": transition.label})
        if rule := RULES.get(name):
            rule(locked, details)
        from_state = locked.state
        locked.state = transition.target
        locked.save()
        event = ProposalEvent.objects.create(
            proposal=locked,
            action=name,
            from_state=from_state,
            to_state=locked.state,
            reason=reason,
            actor=user if user.is_authenticated else None,
        )
        log(
            instance=locked,
            action=LOG_ACTION,
            user=user,
            data={"transition": name, "from": from_state, "to": locked.state, "reason": reason},
        )
    proposal.refresh_from_db()
    return event


# -- submission: the first step of every proposal ------------------------------------------------


def record_submission(proposal, user=None):
    """The first entry of a proposal's history, whether a resident submitted it online or the
    committee registered it at the office."""
    return ProposalEvent.objects.create(
        proposal=proposal,
        action="submit",
        to_state=proposal.state,
        actor=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def submit(proposal, photos=(), voice=None):
    """提议: a resident's proposal (unsaved, from the public form), its tracking number, its photos
    (already stripped of their metadata) and its first history entry, all or nothing. `voice` is
    the proposer's verified number (core.verification.VerifiedPhone), required where the community
    asks for it; the form's rate limit and honeypot keep machines out."""
    if voice is not None:
        proposal.proposer_phone = voice.number
        proposal.proposer_verified_at = voice.verified_at
    elif CommunitySettings.for_site(proposal.site).proposals_need_verification:
        raise ActionRefused(_("本社区提议前需要先用短信验证码验证手机号。"))
    proposal.save()
    collection = collection_named(UPLOAD_COLLECTION)
    for number, photo in enumerate(photos, start=1):
        image = get_image_model().objects.create(
            title=f"{proposal.tracking_number} 照片{number}",
            description=_("居民提议“%(title)s”的现场照片") % {"title": proposal.title},
            collection=collection,
            file=photo,
        )
        ProposalPhoto.objects.create(proposal=proposal, image=image)
    record_submission(proposal)
    log(instance=proposal, action="wagtail.create")
    return proposal
