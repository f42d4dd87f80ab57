"""Public notices: drafted from a proposal's record, published with a window, objected to within it."""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation import permissions, tasks
from consultation.models import Notice, Objection, Proposal
from consultation.models.proposals import State
from consultation.numbering import next_document_number
from consultation.workflow import TransitionError
from website.templatetags.linli import cn_date

QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def _decisive_item(proposal):
    return proposal.agenda_items.exclude(votes_for=None).select_related("session").order_by("-session__date").first()


def draft_resolution_notice(proposal):
    item = _decisive_item(proposal)
    if proposal.state not in (State.RESOLVED, State.IMPLEMENTING) or item is None:
        raise TransitionError(_("只有表决通过的议题才能起草决议公示。"))
    session = item.session
    paragraphs = [
        _("%(date)s，%(community)s在%(venue)s召开议事日，对“%(title)s”（编号 %(number)s）进行协商表决。")
        % {"date": cn_date(session.date), "community": proposal.site.site_name, "venue": session.venue,
           "title": proposal.title, "number": proposal.tracking_number},
        _("应到 %(e)s 人，实到 %(p)s 人，同意 %(f)s 票、反对 %(a)s 票、弃权 %(x)s 票，决议通过。")
        % {"e": item.votes_expected, "p": item.votes_present, "f": item.votes_for, "a": item.votes_against, "x": item.votes_abstain},
    ]
    if proposal.resolution:
        paragraphs.append(_("决议内容：%(text)s") % {"text": proposal.resolution})
    for task in proposal.tasks.select_related("unit"):
        paragraphs.append(_("责任单位：%(unit)s，完成时限：%(deadline)s。") % {"unit": task.unit.name, "deadline": cn_date(task.deadline)})
    paragraphs.append(_("现予公示。公示期间，居民如有异议，可通过本页在线提交，或到社区居委会反映。"))
    return Notice(site=proposal.site, kind=Notice.Kind.RESOLUTION, proposal=proposal,
                  title=_("关于%(title)s的公示") % {"title": proposal.title}, body="\n\n".join(paragraphs))


def draft_result_notice(proposal):
    if proposal.state not in (State.IMPLEMENTED, State.EVALUATING, State.CLOSED):
        raise TransitionError(_("只有践议完成的议题才能起草结果公示。"))
    paragraphs = [_("“%(title)s”（编号 %(number)s）已办理完成，办理情况如下：") % {"title": proposal.title, "number": proposal.tracking_number}]
    for task in proposal.tasks.select_related("unit").prefetch_related("updates"):
        last = task.updates.order_by("-date", "-pk").first()
        paragraphs.append(_("%(unit)s：%(text)s") % {"unit": task.unit.name, "text": last.text if last else task.description})
    if proposal.satisfaction_rate is not None:
        paragraphs.append(_("居民满意率 %(rate).1f%%。") % {"rate": proposal.satisfaction_rate * 100})
    paragraphs.append(_("现予公示，欢迎居民监督评议。"))
    return Notice(site=proposal.site, kind=Notice.Kind.RESULT, proposal=proposal,
                  title=_("关于%(title)s办理结果的公示") % {"title": proposal.title}, body="\n\n".join(paragraphs))


def quarter_dates(year, quarter):
    """(first day, first day after) of a quarter."""
    first, last = QUARTER_MONTHS[quarter]
    return datetime.date(year, first, 1), datetime.date(year + (last == 12), last % 12 + 1, 1)


def quarter_proposals(site, year, quarter):
    start, end = quarter_dates(year, quarter)
    return Proposal.objects.public().filter(site=site, submitted_at__date__gte=start, submitted_at__date__lt=end).order_by("sequence")


def draft_quarterly_notice(site, year, quarter):
    proposals = list(quarter_proposals(site, year, quarter))
    lines = [_("%(year)s年第%(quarter)s季度，社区共收到居民议题 %(count)s 件，办理情况如下：") % {"year": year, "quarter": quarter, "count": len(proposals)}]
    lines += [f"{p.tracking_number} {p.title}：{p.get_state_display()}" for p in proposals]
    return Notice(site=site, kind=Notice.Kind.QUARTERLY, title=_("关于%(year)s年第%(quarter)s季度议题办理情况的公示") % {"year": year, "quarter": quarter},
                  body="\n\n".join(lines), period_year=year, period_quarter=quarter)


def publish(notice, user):
    """Publish a notice: it gets its document number and goes on the notice board, and its frozen
    PDF is made (tasks.freeze_later; the result is left on `notice.freeze_result`)."""
    if not permissions.can(user, "publish_notice", notice):
        raise TransitionError(permissions.refusal("publish_notice"))
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.is_published:
            raise TransitionError(_("这份公示已经发布。"))
        if notice.ends_on < notice.starts_on or locked.ends_on < locked.starts_on:
            raise TransitionError(_("公示结束日期不能早于开始日期。"))
        locked.published_at = timezone.now()
        if not locked.document_number:
            locked.document_number = next_document_number(locked.site, timezone.localdate().year)
        locked.save(update_fields=["published_at", "document_number"])
        log(instance=locked, action="wagtail.publish", user=user)
    notice.refresh_from_db()
    notice.freeze_result = tasks.freeze_later(notice, user)
    return notice


def file_objection(notice, kind, name, phone, content):
    if not notice.is_on_display():
        raise TransitionError(_("这份公示不在公示期内（%(start)s至%(end)s），不能再提交意见。") % {"start": cn_date(notice.starts_on), "end": cn_date(notice.ends_on)})
    return Objection.objects.create(notice=notice, kind=kind, name=name.strip(), phone=phone.strip(), content=content.strip())
