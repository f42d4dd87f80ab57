"""What the minutes and the notices say on paper: the template context of each document.

Everything shown is computed here (masked names, vote lines, the quarter's table), so the
templates under templates/pdf/ only lay it out. Names of residents and participants are masked as
on the public pages; phone numbers and addresses of residents never appear.
"""

import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Avg, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from consultation import voting
from consultation.models import AgendaItem, Notice, Participant, Proposal, ProposalEvent, Session, Task
from consultation.models.proposals import State
from consultation.pdf import assets
from consultation.quarters import quarter_dates, quarter_proposals
from core.formatting import cn_date, cn_number
from core.models import CommunitySettings

MINUTES_TEMPLATE = "pdf/minutes.html"
NOTICE_TEMPLATE = "pdf/notice.html"
TITLE_LINE = 20  # characters of 22 pt on the 156 mm line


@dataclass
class Letterhead:
    """The parts every document has: red masthead, number, title, who issues it and when."""

    masthead: str
    number: str
    title: str
    issuer: str
    issued_on: datetime.date
    draft: bool
    version: int = 1
    correction: str = ""
    seal: str = None
    warnings: list = field(default_factory=list)
    title_lines: list = None  # where the title must break, if not where the line ends

    def __post_init__(self):
        self.title_lines = self.title_lines or [self.title]

    @property
    def issued_on_text(self):
        return cn_date(self.issued_on)


def ems(text):
    """The width of `text` in characters of the font size: Latin letters and digits are half as wide."""
    return sum(0.5 if ord(c) < 0x2000 else 1 for c in text)


def absolute_url(site, path):
    return site.root_url.rstrip("/") + path


def paragraphs(text):
    """Paragraphs separated by blank lines; lines inside one stay lines."""
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


# -- minutes ---------------------------------------------------------------------------------------------


def vote_line(item, threshold):
    needed = voting.minimum_more_than(item.votes_present, Fraction(threshold))
    return _("应到 %(e)s 人，实到 %(p)s 人，同意 %(f)s 票、反对 %(a)s 票、弃权 %(x)s 票（通过须同意 %(n)s 票）。") % {
        "e": item.votes_expected,
        "p": item.votes_present,
        "f": item.votes_for,
        "a": item.votes_against,
        "x": item.votes_abstain,
        "n": needed,
    }


def participant_label(participant):
    label = participant.name_masked
    if participant.role == Participant.Role.OBSERVER and participant.organisation:
        return f"{label}（{participant.organisation}）"
    return f"{label}（{participant.get_role_display()}）"


def attendance_groups(participants):
    """[(label, [names])] in the order 纪要 list them: present, absent, supervisors, observers."""
    groups = [
        (_("出席"), [p for p in participants if p.can_vote and p.present]),
        (_("缺席"), [p for p in participants if p.can_vote and not p.present]),
        (_("监督"), [p for p in participants if p.role == Participant.Role.SUPERVISOR and p.present]),
        (_("列席"), [p for p in participants if p.role == Participant.Role.OBSERVER and p.present]),
    ]
    return [(label, [participant_label(p) for p in people]) for label, people in groups if people]


def agenda_rows(session):
    deferrals = ProposalEvent.objects.filter(action="defer", created_at__date__gte=session.date).order_by("created_at")
    items = (
        session.agenda_items.select_related("proposal")
        .prefetch_related(
            Prefetch("proposal__tasks", queryset=Task.objects.select_related("unit").order_by("deadline", "pk")),
            Prefetch("proposal__events", queryset=deferrals, to_attr="deferrals"),
        )
        .order_by("sort_order", "pk")
    )
    rows = []
    for number, item in enumerate(items, start=1):
        proposal = item.proposal
        deferral = (
            proposal.deferrals[0].reason if item.outcome == AgendaItem.Outcome.DEFERRED and proposal.deferrals else ""
        )
        resolved = item.outcome == AgendaItem.Outcome.RESOLVED
        outcome = item.get_outcome_display() if item.outcome else _("尚未表决")
        sections = [
            (_("基本情况"), paragraphs(proposal.description)),
            (_("各方意见"), paragraphs(item.opinions) or [_("无书面意见。")]),
            (
                _("表决情况"),
                [
                    f"{vote_line(item, session.threshold)}{_('表决结果：')}{outcome}。"
                    if item.has_vote
                    else _("未表决，结果：%(outcome)s。") % {"outcome": outcome}
                ],
            ),
        ]
        if deferral:
            sections.append((_("暂缓理由"), paragraphs(deferral)))
        if resolved and proposal.resolution:
            sections.append((_("决议内容"), paragraphs(proposal.resolution)))
        tasks = [
            _("%(unit)s，完成时限%(deadline)s。") % {"unit": t.unit.name, "deadline": cn_date(t.deadline)}
            for t in proposal.tasks.all()
        ]
        if resolved and tasks:
            sections.append((_("责任单位和完成时限"), tasks))
        rows.append(
            {
                "number": cn_number(number),
                "proposal": proposal,
                "meta": _("议题编号 %(number)s，%(category)s，%(place)s，提议人 %(proposer)s。")
                % {
                    "number": proposal.tracking_number,
                    "category": proposal.get_category_display(),
                    "place": proposal.estate + proposal.building,
                    "proposer": proposal.proposer_masked,
                },
                "sections": [
                    {"lead": f"（{cn_number(n)}）{lead}。", "paragraphs": texts}
                    for n, (lead, texts) in enumerate(sections, start=1)
                ],
                "outcome": outcome,
            }
        )
    return rows


def minutes_context(session, version=None, correction=""):
    """The minutes of a held session; `version` given means the frozen, approved copy."""
    community = CommunitySettings.for_site(session.site)
    expected, present = session.attendance()
    issued = timezone.localdate(session.minutes_approved_at) if session.minutes_approved_at else session.date
    doc = Letterhead(
        masthead=_("%(community)s议事协商纪要") % {"community": community.community_name},
        number=session.document_number,
        title=_("%(session)s会议纪要") % {"session": session.display_title},
        # A long session name goes on a line of its own, so that 会议纪要 is not split (GB/T 9704: 词意完整).
        title_lines=[session.display_title, _("会议纪要")] if ems(session.display_title) + 4 > TITLE_LINE - 1 else None,
        issuer=community.committee_name,
        issued_on=issued,
        draft=not session.minutes_approved,
        version=version or 1,
        correction=correction,
    )
    quorum = voting.minimum_at_least(expected, Fraction(session.quorum)) if expected else 0
    return {
        "doc": doc,
        "session": session,
        "time": f"{cn_date(session.date)} {session.start_time:%H:%M}—{session.end_time:%H:%M}",
        "attendance": _("有表决权人员应到 %(e)s 人，实到 %(p)s 人（法定人数 %(q)s 人）。")
        % {"e": expected, "p": present, "q": quorum},
        "groups": attendance_groups(list(session.participants.all())),
        "summary": paragraphs(session.summary),
        "items": agenda_rows(session),
    }


# -- notices ---------------------------------------------------------------------------------------------


def quarter_rows(notice):
    """Every proposal of the notice's quarter (submitted in it, or on the agenda of one of its
    议事日), with its stage, state and outcome."""
    year, quarter = notice.period_year, notice.period_quarter
    start, end = quarter_dates(year, quarter)
    deliberated = Session.objects.filter(site=notice.site, date__gte=start, date__lt=end).values(
        "agenda_items__proposal"
    )
    rejections = ProposalEvent.objects.filter(action="reject").order_by("-created_at")
    proposals = (
        Proposal.objects.public()
        .filter(site=notice.site)
        .filter(Q(pk__in=quarter_proposals(notice.site, year, quarter).values("pk")) | Q(pk__in=deliberated))
        .select_related("merged_into")
        .prefetch_related(Prefetch("events", queryset=rejections, to_attr="rejections"))
        .annotate(progress=Avg("tasks__progress"))
        .order_by("year", "sequence")
    )
    return [
        {
            "number": number,
            "proposal": proposal,
            "stage": proposal.stage.label,
            "state": proposal.get_state_display(),
            "outcome": outcome(proposal),
            "submitted": cn_date(proposal.submitted_at),
        }
        for number, proposal in enumerate(proposals, start=1)
    ]


def quarter_table(notice):
    """The rows of a quarterly review's table; None for notices that have none."""
    if notice.kind == Notice.Kind.QUARTERLY and notice.period_year and notice.period_quarter:
        return quarter_rows(notice)
    return None


def outcome(proposal):
    """What came of a proposal, in a few words: its satisfaction rate, its progress, why it was
    refused or where it was merged; "—" while there is nothing more to say than its state."""
    if proposal.satisfaction_rate is not None:
        return _("满意率 %(rate).1f%%") % {"rate": proposal.satisfaction_rate * 100}
    if proposal.progress is not None and proposal.state in (State.IMPLEMENTING, State.REFERRED):
        return _("进度 %(p)d%%") % {"p": proposal.progress}
    if proposal.state == State.REJECTED and proposal.rejections:
        return proposal.rejections[0].reason
    if proposal.state == State.MERGED and proposal.merged_into:
        return _("并入 %(number)s") % {"number": proposal.merged_into.tracking_number}
    return "—"


def notice_context(notice, version=None, correction=""):
    community = CommunitySettings.for_site(notice.site)
    seal, seal_problem = assets.seal_data_uri(community)
    issued = timezone.localdate(notice.published_at) if notice.published_at else timezone.localdate()
    doc = Letterhead(
        masthead=community.committee_name,
        number=notice.document_number,
        title=notice.title,
        issuer=community.committee_name,
        issued_on=issued,
        draft=version is None and not notice.is_published,
        version=version or 1,
        correction=correction,
        seal=seal,
        warnings=[seal_problem] if seal_problem else [],
    )
    url = absolute_url(notice.site, notice.get_absolute_url())
    return {
        "doc": doc,
        "notice": notice,
        "paragraphs": paragraphs(notice.body),
        "window": _("%(start)s至%(end)s") % {"start": cn_date(notice.starts_on), "end": cn_date(notice.ends_on)},
        "phone": community.phone,
        "place": "，".join(filter(None, [community.address, community.office_hours])),
        "url": url,
        "qr": assets.qr_data_uri(url),
        "rows": quarter_table(notice),
    }
