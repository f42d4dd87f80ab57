"""Fixtures for the public pages, forms, feeds and admin screens of the consultation process.

The records here are built directly with the models (fixed dates, known names and numbers) so the
tests can look for exact text; bulk data is made with bulk_create, tracking numbers included.
"""
import datetime
import io
import zoneinfo

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from consultation import permissions
from consultation.models import (
    AgendaItem, Notice, Objection, Participant, PartnerUnit, ProgressUpdate, Proposal, ProposalEvent, Rating, Session, Task,
)
from consultation.models.proposals import Category, State
from consultation.privacy import phone_fingerprint
from tests.factories import UserFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

# The proposer of every proposal the privacy tests look for.
PROPOSER_NAME = "张晓明"
PROPOSER_MASKED = "张*明"
PROPOSER_PHONE = "13812345678"
OBJECTOR_NAME = "欧阳春华"
OBJECTOR_MASKED = "欧**华"
OBJECTOR_PHONE = "13987654321"


def cn(value):
    """2026年11月23日, the way the public pages write dates."""
    return f"{value.year}年{value.month}月{value.day}日"


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def at(year, month, day, hour=10, minute=0):
    """An aware datetime in Shanghai local time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def html_of(response):
    return response.content.decode()


def png_bytes(size=(8, 6), colour=(200, 30, 30)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="photo.png", colour=(200, 30, 30)):
    return SimpleUploadedFile(name, png_bytes(colour=colour), content_type="image/png")


def count_queries(client, url):
    """(status, number of queries) for a GET of `url` by an anonymous visitor with cold caches."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        status = client.get(url).status_code
    return status, len(context.captured_queries)


# -- the community -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _site(db, home):
    """Every test here runs with the default site set up as 花石社区 (tests/conftest.py `home`)."""
    return home


@pytest.fixture
def site(home):
    return Site.objects.get(is_default_site=True)


# -- people ------------------------------------------------------------------------------------


# secretary, member and supervisor come from tests/consultation/conftest.py.


@pytest.fixture
def unit_a(db):
    return PartnerUnit.objects.create(name="花石物业服务中心", contact_person="周经理", contact_phone="0591-83334444")


@pytest.fixture
def unit_b(db):
    return PartnerUnit.objects.create(name="市政园林所", contact_person="吴所长", contact_phone="0591-85556666")


@pytest.fixture
def unit_a_user(unit_a):
    user = UserFactory(username="web-wuye", group=permissions.UNIT, is_staff=True)
    unit_a.members.add(user)
    return user


# -- records -----------------------------------------------------------------------------------


def make_proposal(site, *, title="3号楼加装电梯", state=State.ACCEPTED, submitted_at=None, **fields):
    """A proposal saved the normal way (it gets the next tracking number of its year)."""
    values = dict(
        site=site, title=title, description="3号楼住着很多老人，上下楼很不方便，希望加装电梯。",
        category=Category.ELDERLY, estate="花石小区", building="3号楼",
        proposer_name=PROPOSER_NAME, proposer_phone=PROPOSER_PHONE, state=state,
        submitted_at=submitted_at or at(2026, 3, 5),
    )
    values.update(fields)
    return Proposal.objects.create(**values)


def event(proposal, action, from_state, to_state, reason="", when=None):
    return ProposalEvent.objects.create(
        proposal=proposal, action=action, from_state=from_state, to_state=to_state, reason=reason,
        created_at=when or proposal.submitted_at,
    )


def add_participants(session, present, absent=0, observers=0):
    rows = ([(Participant.Role.MEMBER, True)] * present + [(Participant.Role.MEMBER, False)] * absent
            + [(Participant.Role.OBSERVER, True)] * observers)
    Participant.objects.bulk_create([
        Participant(session=session, name=f"议事代表{i + 1}", role=role, present=present_, sort_order=i,
                    organisation="花石物业" if role == Participant.Role.OBSERVER else "")
        for i, (role, present_) in enumerate(rows)
    ])


@pytest.fixture
def held_session(site):
    """The April 议事日 (past, held): 9 voting members expected, 7 present, one observer."""
    session = Session.objects.create(
        site=site, date=datetime.date(2026, 4, 1), start_time=datetime.time(9, 0), end_time=datetime.time(11, 30),
        venue="花石社区党群服务中心二楼会议室", host="李建国", recorder="王芳", status=Session.Status.HELD,
        summary="本次议事日共审议议题两项。",
    )
    add_participants(session, present=7, absent=2, observers=1)
    return session


@pytest.fixture
def planned_session(site):
    """The next 议事日, a week from today, planned."""
    session = Session.objects.create(
        site=site, date=days(7), start_time=datetime.time(9, 0), end_time=datetime.time(11, 30),
        venue="榕溪苑活动室", host="李建国", recorder="王芳", status=Session.Status.PLANNED,
    )
    add_participants(session, present=5)
    return session


@pytest.fixture
def rich_proposal(site, held_session, unit_a, unit_b):
    """A proposal that went all the way to 议评: accepted, voted on in April (7 present, 6 for,
    1 against), two tasks (one overdue at 40 %, one done), five ratings (4 good of 5: 80.0%)."""
    proposal = make_proposal(site, title="3号楼加装电梯", state=State.EVALUATING, evaluation_ends_on=days(10),
                             resolution="同意在3号楼东侧加装电梯，费用按楼层分摊。")
    event(proposal, "submit", "", State.SUBMITTED)
    event(proposal, "accept", State.SUBMITTED, State.ACCEPTED, when=at(2026, 3, 9))
    event(proposal, "schedule", State.ACCEPTED, State.DELIBERATING, when=at(2026, 3, 20))
    event(proposal, "resolve", State.DELIBERATING, State.RESOLVED,
          reason="应到 9 人，实到 7 人，同意 6 票、反对 1 票、弃权 0 票。", when=at(2026, 4, 1, 11))
    event(proposal, "start", State.RESOLVED, State.IMPLEMENTING, reason="派发任务给花石物业服务中心", when=at(2026, 4, 3))
    event(proposal, "complete", State.IMPLEMENTING, State.IMPLEMENTED, when=at(2026, 10, 30))
    event(proposal, "open_evaluation", State.IMPLEMENTED, State.EVALUATING, when=at(2026, 11, 2))
    AgendaItem.objects.create(
        session=held_session, proposal=proposal, sort_order=0, opinions="一楼住户担心采光，建议电梯设在东侧。",
        votes_expected=9, votes_present=7, votes_for=6, votes_against=1, votes_abstain=0,
        outcome=AgendaItem.Outcome.RESOLVED,
    )
    overdue = Task.objects.create(proposal=proposal, unit=unit_a, description="办理加装电梯规划审批手续", person="周经理",
                                  deadline=datetime.date(2026, 6, 30))
    ProgressUpdate.objects.create(task=overdue, date=datetime.date(2026, 5, 10), percent=40, text="已向规划部门提交申请材料。")
    overdue.refresh_progress()
    done = Task.objects.create(proposal=proposal, unit=unit_b, description="迁移东侧绿化", person="吴所长",
                               deadline=datetime.date(2026, 9, 30))
    ProgressUpdate.objects.create(task=done, date=datetime.date(2026, 9, 20), percent=100, text="绿化已移栽完毕。")
    done.refresh_progress()
    scores = [Rating.Score.SATISFIED] * 3 + [Rating.Score.MOSTLY, Rating.Score.UNSATISFIED]
    Rating.objects.bulk_create([
        Rating(proposal=proposal, score=score, phone_fingerprint=phone_fingerprint(f"1390000{n:04d}"))
        for n, score in enumerate(scores)
    ])
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def rejected_proposal(site):
    proposal = make_proposal(site, title="在小区中心广场建喷泉", state=State.REJECTED, category=Category.LIVING,
                             submitted_at=at(2026, 2, 10))
    event(proposal, "submit", "", State.SUBMITTED)
    event(proposal, "reject", State.SUBMITTED, State.REJECTED, reason="广场属于消防通道，不能修建固定设施。",
          when=at(2026, 2, 14))
    return proposal


@pytest.fixture
def submitted_proposal(site):
    proposal = make_proposal(site, title="楼道灯经常不亮", state=State.SUBMITTED, category=Category.SERVICES,
                             submitted_at=at(2026, 11, 20))
    event(proposal, "submit", "", State.SUBMITTED)
    return proposal


@pytest.fixture
def notice_on_display(site, rich_proposal):
    return Notice.objects.create(
        site=site, kind=Notice.Kind.RESOLUTION, proposal=rich_proposal, title="关于3号楼加装电梯的公示",
        document_number="花居〔2026〕12号", body="经议事日表决，同意在3号楼东侧加装电梯。\n\n现予公示。",
        starts_on=days(-2), ends_on=days(4), published_at=timezone.now(),
    )


@pytest.fixture
def archived_notice(site):
    return Notice.objects.create(
        site=site, kind=Notice.Kind.QUARTERLY, title="关于2026年第一季度议题办理情况的公示", body="第一季度共收到议题 5 件。",
        starts_on=datetime.date(2026, 4, 8), ends_on=datetime.date(2026, 4, 14), published_at=at(2026, 4, 8, 9),
    )


@pytest.fixture
def draft_notice(site):
    return Notice.objects.create(
        site=site, kind=Notice.Kind.RESULT, title="关于楼道灯维修结果的公示（草稿）", body="草稿正文。",
        starts_on=days(-1), ends_on=days(5), published_at=None,
    )


@pytest.fixture
def objection(notice_on_display):
    return Objection.objects.create(notice=notice_on_display, kind=Objection.Kind.OBJECTION, name=OBJECTOR_NAME,
                                    phone=OBJECTOR_PHONE, content="电梯位置挡住了一楼的采光。")


@pytest.fixture
def public_world(rich_proposal, rejected_proposal, submitted_proposal, held_session, planned_session,
                 notice_on_display, archived_notice, draft_notice, objection):
    """One of everything a resident can come across on the public site."""
    AgendaItem.objects.create(session=planned_session, proposal=make_proposal(
        rich_proposal.site, title="增设电动车充电桩", state=State.DELIBERATING, category=Category.SERVICES,
        submitted_at=at(2026, 10, 12)), sort_order=0)
    return {
        "proposal": rich_proposal, "rejected": rejected_proposal, "submitted": submitted_proposal,
        "held": held_session, "planned": planned_session, "notice": notice_on_display,
        "archived": archived_notice, "draft": draft_notice, "objection": objection,
    }


# -- a lot of data, cheaply --------------------------------------------------------------------


def bulk_proposals(site, count, *, year=2025, start=1, state=State.ACCEPTED, prefix="YS"):
    """`count` proposals of `year` with tracking numbers set by hand (bulk_create skips Proposal.save)."""
    states = [State.ACCEPTED, State.REJECTED, State.DELIBERATING, State.IMPLEMENTING, State.EVALUATING, State.CLOSED]
    categories = list(Category.values)
    base = at(year, 1, 1)
    proposals = Proposal.objects.bulk_create([
        Proposal(
            site=site, year=year, sequence=n, tracking_number=f"{prefix}-{year}-{n:04d}",
            title=f"批量议题{n}", description="批量生成的议题说明文字。", category=categories[n % len(categories)],
            estate="花石小区", building=f"{n % 20 + 1}号楼", proposer_name=PROPOSER_NAME, proposer_phone=PROPOSER_PHONE,
            state=state or states[n % len(states)], submitted_at=base + datetime.timedelta(hours=n),
        )
        for n in range(start, start + count)
    ])
    return list(Proposal.objects.filter(site=site, year=year, sequence__gte=start, sequence__lt=start + count))


def bulk_sessions(site, count, proposals, *, first=datetime.date(2015, 1, 5)):
    """`count` past sessions, each with participants and a voted agenda item."""
    sessions = Session.objects.bulk_create([
        Session(site=site, date=first + datetime.timedelta(days=7 * n), venue=f"会议室{n}", host="李建国", recorder="王芳",
                status=Session.Status.HELD)
        for n in range(count)
    ])
    sessions = list(Session.objects.filter(site=site, venue__startswith="会议室").order_by("date"))
    Participant.objects.bulk_create([
        Participant(session=s, name=f"代表{i}", role=Participant.Role.MEMBER, present=i < 4, sort_order=i)
        for s in sessions for i in range(5)
    ])
    AgendaItem.objects.bulk_create([
        AgendaItem(session=s, proposal=proposals[n % len(proposals)], sort_order=0, votes_expected=5, votes_present=4,
                   votes_for=3, votes_against=1, votes_abstain=0, outcome=AgendaItem.Outcome.RESOLVED)
        for n, s in enumerate(sessions)
    ])
    return sessions


def bulk_notices(site, count, *, on_display=0):
    """`count` archived published notices and `on_display` notices now on display."""
    Notice.objects.bulk_create(
        [Notice(site=site, kind=Notice.Kind.RESULT, title=f"往期公示{n}", body="正文。",
                starts_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
                ends_on=datetime.date(2020, 1, 7) + datetime.timedelta(days=n), published_at=at(2020, 1, 1))
         for n in range(count)]
        + [Notice(site=site, kind=Notice.Kind.RESOLUTION, title=f"公示中{n}", body="正文。",
                  starts_on=days(-1), ends_on=days(6), published_at=timezone.now())
           for n in range(on_display)]
    )
