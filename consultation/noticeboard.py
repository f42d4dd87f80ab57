"""The notice board (公示栏): notices drafted from a proposal's record, published with a display
window, objected to within it by residents (and at any time by the supervisory committee), and
the committee's replies."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation import permissions, records
from consultation.errors import ActionRefused
from consultation.models import Notice, Objection
from consultation.models.proposals import State
from consultation.numbering import next_document_number
from consultation.quarters import quarter_proposals
from core.formatting import cn_date


def _decisive_item(proposal):
    return proposal.agenda_items.exclude(votes_for=None).select_related("session").order_by("-session__date").first()


def draft_resolution_notice(proposal):
    item = _decisive_item(proposal)
    if proposal.state not in (State.RESOLVED, State.IMPLEMENTING) or item is None:
        raise ActionRefused(_("只有表决通过的议题才能起草决议公示。"))
    session = item.session
    paragraphs = [
        _("%(date)s，%(community)s在%(venue)s召开议事日，对“%(title)s”（编号 %(number)s）进行协商表决。")
        % {
            "date": cn_date(session.date),
            "community": proposal.site.site_name,
            "venue": session.venue,
            "title": proposal.title,
            "number": proposal.tracking_number,
        },
        _("应到 %(e)s 人，实到 %(p)s 人，同意 %(f)s 票、反对 %(a)s 票、弃权 %(x)s 票，决议通过。")
        % {
            "e": item.votes_expected,
            "p": item.votes_present,
            "f": item.votes_for,
            "a": item.votes_against,
            "x": item.votes_abstain,
        },
    ]
    if proposal.resolution:
        paragraphs.append(_("决议内容：%(text)s") % {"text": proposal.resolution})
    for task in proposal.tasks.select_related("unit"):
        paragraphs.append(
            _("责任单位：%(unit)s，完成时限：%(deadline)s。")
            % {"unit": task.unit.name, "deadline": cn_date(task.deadline)}
        )
    paragraphs.append(_("现予公示。公示期间，居民如有异议，可通过本页在线提交，或到社区居委会反映。"))
    return Notice(
        site=proposal.site,
        kind=Notice.Kind.RESOLUTION,
        proposal=proposal,
        title=_("关于%(title)s的公示") % {"title": proposal.title},
        body="\n\n".join(paragraphs),
    )


def draft_result_notice(proposal):
    if proposal.state not in (State.IMPLEMENTED, State.EVALUATING, State.CLOSED):
        raise ActionRefused(_("只有践议完成的议题才能起草结果公示。"))
    paragraphs = [
        _("“%(title)s”（编号 %(number)s）已办理完成，办理情况如下：")
        % {"title": proposal.title, "number": proposal.tracking_number}
    ]
    for task in proposal.tasks.select_related("unit").prefetch_related("updates"):
        last = task.updates.order_by("-date", "-pk").first()
        paragraphs.append(
            _("%(unit)s：%(text)s") % {"unit": task.unit.name, "text": last.text if last else task.description}
        )
    if proposal.satisfaction_rate is not None:
        paragraphs.append(_("居民满意率 %(rate).1f%%。") % {"rate": proposal.satisfaction_rate * 100})
    paragraphs.append(_("现予公示，欢迎居民监督评议。"))
    return Notice(
        site=proposal.site,
        kind=Notice.Kind.RESULT,
        proposal=proposal,
        title=_("关于%(title)s办理结果的公示") % {"title": proposal.title},
        body="\n\n".join(paragraphs),
    )


def draft_quarterly_notice(site, year, quarter):
    proposals = list(quarter_proposals(site, year, quarter))
    lines = [
        _("%(year)s年第%(quarter)s季度，社区共收到居民议题 %(count)s 件，办理情况如下：")
        % {"year": year, "quarter": quarter, "count": len(proposals)}
    ]
    lines += [f"{p.tracking_number} {p.title}：{p.get_state_display()}" for p in proposals]
    return Notice(
        site=site,
        kind=Notice.Kind.QUARTERLY,
        title=_("关于%(year)s年第%(quarter)s季度议题办理情况的公示") % {"year": year, "quarter": quarter},
        body="\n\n".join(lines),
        period_year=year,
        period_quarter=quarter,
    )


def publish(notice, user):
    """Publish a notice: it gets its document number and goes on the notice board, and its frozen
    PDF is made (records.freeze_later; the result is left on `notice.freeze_result`)."""
    if not permissions.can(user, "publish_notice", notice):
        raise ActionRefused(permissions.refusal("publish_notice"))
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.is_published:
            raise ActionRefused(_("这份公示已经发布。"))
        if notice.ends_on < notice.starts_on or locked.ends_on < locked.starts_on:
            raise ActionRefused(_("公示结束日期不能早于开始日期。"))
        locked.published_at = timezone.now()
        if not locked.document_number:
            locked.document_number = next_document_number(locked.site, timezone.localdate().year)
        locked.save(update_fields=["published_at", "document_number"])
        log(instance=locked, action="wagtail.publish", user=user)
    notice.refresh_from_db()
    notice.freeze_result = records.freeze_later(notice, user)
    return notice


DRAFTS = {Notice.Kind.RESOLUTION: draft_resolution_notice, Notice.Kind.RESULT: draft_result_notice}


def draft(proposal, kind, user):
    """起草公示: save the draft of a resolution or result notice (`kind` a Notice.Kind of DRAFTS)
    for the secretary to check, edit and publish."""
    if not permissions.can(user, "publish_notice", proposal):
        raise ActionRefused(permissions.refusal("publish_notice"))
    if kind not in DRAFTS:
        raise ActionRefused(_("未知的公示类型。"))
    with transaction.atomic():
        notice = DRAFTS[kind](proposal)
        notice.save()
        log(instance=notice, action="wagtail.create", user=user)
    return notice


def file_objection(notice, kind, name, voice, content):
    """A resident's objection or comment, while the notice is on display, from `voice`, a number
    its owner verified (core.verification.VerifiedPhone): the community answers on it. Any verified
    resident may send one; the form's rate limit and honeypot keep machines out."""
    if voice is None:
        raise ActionRefused(_("请先用短信验证码验证手机号，再提交意见。"))
    if not notice.is_on_display():
        raise ActionRefused(
            _("这份公示不在公示期内（%(start)s至%(end)s），不能再提交意见。")
            % {"start": cn_date(notice.starts_on), "end": cn_date(notice.ends_on)}
        )
    with transaction.atomic():
        objection = Objection.objects.create(
            notice=notice,
            kind=kind,
            name=name.strip(),
            phone=voice.number,
            phone_verified_at=voice.verified_at,
            content=content.strip(),
        )
        log(instance=notice, action="consultation.comment", data={"kind": kind, "objection": objection.pk})
    return objection


def file_supervision(notice, user, kind, content):
    """监督意见: the supervisory committee (or the secretary) files an objection on any notice, at
    any time, under their own name."""
    if not permissions.can(user, "file_objection", notice):
        raise ActionRefused(permissions.refusal("file_objection"))
    with transaction.atomic():
        objection = Objection.objects.create(
            notice=notice,
            kind=kind,
            content=content.strip(),
            name=user.get_full_name() or user.get_username(),
            phone="",
        )
        log(instance=notice, action="consultation.objection", user=user)
    return objection


def reply(objection, user, text):
    """答复: the committee's answer to an objection or comment, shown under it on the notice."""
    if not permissions.can(user, "publish_notice", objection.notice):
        raise ActionRefused(permissions.refusal("publish_notice"))
    with transaction.atomic():
        objection.reply = (text or "").strip()
        objection.save(update_fields=["reply"])
        log(instance=objection.notice, action="consultation.reply", user=user, data={"objection": objection.pk})
    return objection
