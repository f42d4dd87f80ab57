"""Fixtures for the PDF tests: 花石社区 with its contact details and document prefix, and one 议事日
whose minutes exercise everything the documents print (rare characters in names, a vote that passes
and one that fails, a responsible unit with a deadline): `agenda_session` before the votes,
`voted_session` after them, `approved_session` with its minutes frozen; and a resolution notice,
`unpublished_notice` and `published_notice`. All built with tests/consultation/factories.py.

Each fixture builds its records once per test; renders are made only by the fixtures and tests that
need their bytes. WeasyPrint's output is a function of the HTML (and of the archival variant), so
tests that produce the same HTML share one rendering (`_same_html_same_pdf`); any change to a
record changes the HTML and renders afresh.
"""

import datetime

import pytest

from consultation import deliberation, noticeboard, records
from consultation.models import Notice, Participant, Session
from consultation.models.proposals import State
from consultation.pdf import render
from core.models import CommunitySettings
from tests.consultation import factories as f

COMMITTEE = "花石社区居民委员会"
PREFIX = "花石社议"
PHONE = "0591-87654321"
ADDRESS = "晋安区榕溪街道花石路18号社区党群服务中心一楼"
OFFICE_HOURS = "工作日8:30—17:30"

SESSION_DATE = datetime.date(2026, 11, 2)
HOST = "欧阳𠮷"  # printed in full: the host and the recorder are the committee's own officers
RECORDER = "王䶮"
# (name, role, present, organisation); the masked form keeps the first and last character.
PARTICIPANTS = [
    ("张晓明", Participant.Role.MEMBER, True, ""),
    ("陈雨喆", Participant.Role.MEMBER, True, ""),
    ("黄一堃", Participant.Role.MEMBER, True, ""),
    ("吴思昇", Participant.Role.MEMBER, True, ""),
    ("𠮷田春", Participant.Role.MEMBER, True, ""),
    ("赵子䶮", Participant.Role.REPRESENTATIVE, True, ""),
    ("孙丽华", Participant.Role.REPRESENTATIVE, True, ""),
    ("钱多多", Participant.Role.MEMBER, False, ""),
    ("郑小平", Participant.Role.REPRESENTATIVE, False, ""),
    ("何建新", Participant.Role.OBSERVER, True, "花石物业服务中心"),
    ("冯大海", Participant.Role.SUPERVISOR, True, ""),
]
EXPECTED, PRESENT = 9, 7

TITLES = ["3号楼加装电梯", "榕溪苑南门增设非机动车停车棚", "石鼓新村垃圾分类投放点迁移"]
VOTES = [(5, 1, 1), (2, 4, 1), (6, 0, 1)]  # passes, fails, passes
RESOLUTION = "同意在3号楼东侧加装电梯一部，由物业牵头组织施工。"
OPINIONS = "多数委员认为加装电梯很有必要。\n\n一楼住户担心采光，建议选用玻璃井道。"
UNIT = "花石物业服务中心"
DEADLINE = datetime.date(2026, 11, 23)
PROPOSER_NAME = "刘德昌"
PROPOSER_PHONE = "13912345678"


_RENDERED = {}
_RENDERED_MAX = 48


@pytest.fixture(autouse=True)
def _same_html_same_pdf(monkeypatch, settings):
    """One WeasyPrint run per distinct HTML in the whole run (the output is byte-for-byte the same
    for the same HTML). A test that changes how HTML becomes PDF — the fonts, say — must use the
    `fresh_renders` fixture, which empties _RENDERED before and after it."""
    original = getattr(render, "html_to_pdf", None)
    if original is None:
        return

    def html_to_pdf(html, *args, **kwargs):
        key = (html, repr(args), repr(sorted(kwargs.items())), settings.PDF_ARCHIVE_VARIANT)
        if key not in _RENDERED:
            if len(_RENDERED) >= _RENDERED_MAX:
                _RENDERED.pop(next(iter(_RENDERED)))
            _RENDERED[key] = original(html, *args, **kwargs)
        return _RENDERED[key]

    monkeypatch.setattr(render, "html_to_pdf", html_to_pdf)


@pytest.fixture
def fresh_renders():
    """For a test that changes how HTML becomes PDF: nothing rendered before it is served to it, and
    nothing it renders is served to the tests after it."""
    _RENDERED.clear()
    yield
    _RENDERED.clear()


@pytest.fixture(autouse=True)
def _community(db, home):
    """花石社区 with what the documents print: committee, phone, address, prefix of document numbers."""
    settings = CommunitySettings.for_site(home.get_site())
    settings.committee_name = COMMITTEE
    settings.document_prefix = PREFIX
    settings.phone = PHONE
    settings.address = ADDRESS
    settings.office_hours = OFFICE_HOURS
    settings.save()
    return settings


def make_session(**kwargs):
    """A 议事日 with the PARTICIPANTS (9 voting members expected, 7 present) and no agenda."""
    fields = {"date": SESSION_DATE, "host": HOST, "recorder": RECORDER, "people": PARTICIPANTS, **kwargs}
    return f.SessionFactory(**fields)


def add_item(session, title, order, **proposal_fields):
    proposal = f.ProposalFactory(
        state=State.DELIBERATING,
        title=title,
        proposer_name=PROPOSER_NAME,
        proposer_phone=PROPOSER_PHONE,
        **proposal_fields,
    )
    return f.AgendaItemFactory(session=session, proposal=proposal, sort_order=order)


@pytest.fixture
def agenda_session(db):
    """A planned 议事日 with its participants and three proposals on the agenda, not yet voted:
    (session, agenda items in agenda order)."""
    session = make_session()
    # Created out of order on purpose: the minutes follow the agenda order, not the creation order.
    items = [add_item(session, TITLES[2], 2), add_item(session, TITLES[0], 0), add_item(session, TITLES[1], 1)]
    return session, sorted(items, key=lambda item: item.sort_order)


@pytest.fixture
def voted_session(agenda_session, secretary, unit):
    """The same 议事日 after its votes (held): item 1 passes with a resolution, opinions and a task for
    the property management with a deadline; item 2 fails; item 3 passes."""
    session, items = agenda_session
    deliberation.record_opinions(items[0], secretary, OPINIONS)
    for item, votes in zip(items, VOTES, strict=True):
        deliberation.record_vote(item, secretary, *votes, resolution=RESOLUTION if item is items[0] else "")
    f.TaskFactory(proposal=items[0].proposal, unit=unit, deadline=DEADLINE, description="加装电梯施工")
    return Session.objects.get(pk=session.pk)


@pytest.fixture
def approved_session(voted_session, secretary):
    """The voted session with its minutes approved: version 1 is frozen (immediate task backend)."""
    records.approve_minutes(voted_session, secretary)
    return Session.objects.get(pk=voted_session.pk)


def stored_bytes(version):
    with version.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def minutes_v1(approved_session):
    """The bytes of the approved minutes as stored (version 1, PDF/A)."""
    return stored_bytes(records.latest(approved_session))


@pytest.fixture
def draft_minutes(voted_session):
    """The minutes of the voted session before approval, rendered as the public download renders them."""
    rendered, warnings = records.render_fresh(voted_session)
    assert warnings == []
    return rendered.content


NOTICE_TITLE = "关于3号楼加装电梯的公示"
NOTICE_BODY = (
    "2026年11月2日，花石社区议事日对3号楼加装电梯议题进行协商表决，决议通过。\n\n"
    "决议内容：同意在3号楼东侧加装电梯一部。"
)
NOTICE_STARTS, NOTICE_ENDS = datetime.date(2026, 11, 24), datetime.date(2026, 11, 30)


@pytest.fixture
def unpublished_notice(db):
    """The resolution notice of 3号楼加装电梯 before publication: no number, no frozen copy."""
    return f.NoticeFactory(title=NOTICE_TITLE, body=NOTICE_BODY, starts_on=NOTICE_STARTS, ends_on=NOTICE_ENDS)


@pytest.fixture
def published_notice(unpublished_notice, secretary):
    """The notice published by the secretary: numbered, and version 1 frozen."""
    noticeboard.publish(unpublished_notice, secretary)
    return Notice.objects.get(pk=unpublished_notice.pk)


@pytest.fixture
def notice_v1(published_notice):
    return stored_bytes(records.latest(published_notice))


QUARTER_SIZE = 40


@pytest.fixture
def quarterly_notice(db, secretary):
    """The review of 2026 Q4, published, with 40 proposals submitted in the quarter and one from Q3
    that must not be listed."""
    f.ProposalFactory(title="上季度的议题不应列入", submitted_at=f.at(2026, 9, 30, 9), state=State.ACCEPTED)
    proposals = [
        f.ProposalFactory(
            title=f"季度议题第{n}号",
            submitted_at=f.at(2026, 10 + (n - 1) // 28, 1 + (n - 1) % 28, 9),
            state=State.ACCEPTED,
        )
        for n in range(1, QUARTER_SIZE + 1)
    ]
    notice = f.NoticeFactory(
        kind=Notice.Kind.QUARTERLY,
        title="关于2026年第4季度议题办理情况的公示",
        body="2026年第4季度社区议题办理情况如下表。",
        period_year=2026,
        period_quarter=4,
        starts_on=NOTICE_STARTS,
        ends_on=NOTICE_ENDS,
    )
    noticeboard.publish(notice, secretary)
    return Notice.objects.get(pk=notice.pk), proposals


@pytest.fixture
def quarterly_v1(quarterly_notice):
    return stored_bytes(records.latest(quarterly_notice[0]))
