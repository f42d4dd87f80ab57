"""Fixtures for every consultation test: the community, users per role, partner units, and the
records the public pages (web/) and the admin screens (admin/) both show.

The factories of tests/consultation/factories.py are registered here (proposal_factory, session_factory,
…). Groups 议事秘书, 议事委员, 居务监督委员会 and 责任单位 are created by
consultation/migrations/0002_consultation_groups.py, so they exist in every test database.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from pytest_factoryboy import register
from wagtail.models import Site

from consultation import permissions
from consultation.models import AgendaItem, Notice, Rating, Session
from consultation.models.proposals import State
from tests.consultation import factories as f
from tests.consultation.factories import at, days_from_today
from tests.core.factories import CommunityFactory, UserFactory

for factory_class in (
    f.PartnerUnitFactory,
    f.ProposalFactory,
    f.ProposalEventFactory,
    f.ImageFactory,
    f.ProposalPhotoFactory,
    f.SessionFactory,
    f.ParticipantFactory,
    f.AgendaItemFactory,
    f.TaskFactory,
    f.ProgressUpdateFactory,
    f.RatingFactory,
    f.NoticeFactory,
    f.ObjectionFactory,
):
    register(factory_class)
register(f.ResidentProposalFactory, "resident_proposal")


@pytest.fixture(autouse=True)
def _community_for_db_tests(request):
    """Every consultation test that touches the database gets the default site set up as 花石社区
    (the `home` fixture of tests/conftest.py)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None or {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("home")


@pytest.fixture
def community(home):
    """The default Site: 花石社区, tracking prefix YS."""
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def other_community(home):
    """A second community on its own host, with its own tracking prefix."""
    return CommunityFactory(
        hostname="qingxi.example.org", root_page=home, site_name="青溪社区", settings__tracking_prefix="QX"
    )


# -- people ---------------------------------------------------------------------------------------------------


@pytest.fixture
def secretary(db):
    return UserFactory(username="mishu", group=permissions.SECRETARY, is_staff=True)


@pytest.fixture
def member(db):
    return UserFactory(username="weiyuan", group=permissions.MEMBER, is_staff=True)


@pytest.fixture
def supervisor(db):
    return UserFactory(username="jianwei", group=permissions.SUPERVISOR, is_staff=True)


@pytest.fixture
def unit(db):
    return f.PartnerUnitFactory(name="花石物业服务中心", contact_person="周经理")


@pytest.fixture
def other_unit(db):
    return f.PartnerUnitFactory(name="市政园林所", contact_person="吴所长")


@pytest.fixture
def unit_user(unit):
    """A 责任单位 account of `unit` (group membership alone is not enough: it must be in unit.members)."""
    user = UserFactory(username="wuye", group=permissions.UNIT, is_staff=True)
    unit.members.add(user)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def inactive_secretary(db):
    return UserFactory(username="lizhi", group=permissions.SECRETARY, is_staff=True, is_active=False)


@pytest.fixture
def staff_without_group(db):
    return UserFactory(username="linshi", is_staff=True)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def users(secretary, member, supervisor, unit_user, superuser, inactive_secretary, staff_without_group, anonymous):
    """Every kind of user by a short name, for tests that parametrize over roles."""
    return {
        "secretary": secretary,
        "member": member,
        "supervisor": supervisor,
        "unit_user": unit_user,
        "superuser": superuser,
        "inactive": inactive_secretary,
        "staff_without_group": staff_without_group,
        "anonymous": anonymous,
    }


# -- the record the public pages and the admin screens show -------------------------------------------------
# Fixed dates, known names and numbers, so the tests can look for exact text.


@pytest.fixture
def april_session(db):
    """The April 议事日 (past, held): 9 voting members expected, 7 present, one observer."""
    return f.SessionFactory(
        date=datetime.date(2026, 4, 1),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 30),
        status=Session.Status.HELD,
        summary="本次议事日共审议议题两项。",
        participants__present=7,
        participants__absent=2,
        participants__observers=1,
    )


@pytest.fixture
def next_session(db):
    """The next 议事日, a week from today, planned, with 5 members."""
    return f.SessionFactory(
        date=days_from_today(7),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 30),
        venue="榕溪苑活动室",
        participants__present=5,
    )


@pytest.fixture
def rich_proposal(april_session, unit, other_unit):
    """A proposal that went all the way to 议评: accepted, voted on in April (7 present, 6 for,
    1 against), two tasks (one overdue at 40 %, one done), five ratings (4 good of 5: 80.0%)."""
    proposal = f.ResidentProposalFactory(
        state=State.EVALUATING,
        evaluation_ends_on=days_from_today(10),
        resolution="同意在3号楼东侧加装电梯，费用按楼层分摊。",
        events=[
            ("submit", "", State.SUBMITTED),
            ("accept", State.SUBMITTED, State.ACCEPTED, "", at(2026, 3, 9)),
            ("schedule", State.ACCEPTED, State.DELIBERATING, "", at(2026, 3, 20)),
            (
                "resolve",
                State.DELIBERATING,
                State.RESOLVED,
                "应到 9 人，实到 7 人，同意 6 票、反对 1 票、弃权 0 票。",
                at(2026, 4, 1, 11),
            ),
            ("start", State.RESOLVED, State.IMPLEMENTING, "派发任务给花石物业服务中心", at(2026, 4, 3)),
            ("complete", State.IMPLEMENTING, State.IMPLEMENTED, "", at(2026, 10, 30)),
            ("open_evaluation", State.IMPLEMENTED, State.EVALUATING, "", at(2026, 11, 2)),
        ],
    )
    f.AgendaItemFactory(
        session=april_session,
        proposal=proposal,
        sort_order=0,
        opinions="一楼住户担心采光，建议电梯设在东侧。",
        votes_expected=9,
        votes_present=7,
        votes_for=6,
        votes_against=1,
        votes_abstain=0,
        outcome=AgendaItem.Outcome.RESOLVED,
    )
    overdue = f.TaskFactory(
        proposal=proposal,
        unit=unit,
        description="办理加装电梯规划审批手续",
        person="周经理",
        deadline=datetime.date(2026, 6, 30),
    )
    f.ProgressUpdateFactory(
        task=overdue, date=datetime.date(2026, 5, 10), percent=40, text="已向规划部门提交申请材料。"
    )
    overdue.refresh_progress()
    done = f.TaskFactory(
        proposal=proposal,
        unit=other_unit,
        description="迁移东侧绿化",
        person="吴所长",
        deadline=datetime.date(2026, 9, 30),
    )
    f.ProgressUpdateFactory(task=done, date=datetime.date(2026, 9, 20), percent=100, text="绿化已移栽完毕。")
    done.refresh_progress()
    scores = [Rating.Score.SATISFIED] * 3 + [Rating.Score.MOSTLY, Rating.Score.UNSATISFIED]
    for n, score in enumerate(scores):
        f.RatingFactory(proposal=proposal, score=score, phone=f"1390000{n:04d}")
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def notice_on_display(rich_proposal):
    """The resolution notice of rich_proposal, published, on display from two days ago to four days on."""
    return f.NoticeFactory(
        proposal=rich_proposal,
        title="关于3号楼加装电梯的公示",
        document_number="花居〔2026〕12号",
        body="经议事日表决，同意在3号楼东侧加装电梯。\n\n现予公示。",
        starts_on=days_from_today(-2),
        ends_on=days_from_today(4),
        published=True,
    )


@pytest.fixture
def archived_notice(db):
    """The quarterly review of 2026 Q1, published, displayed in April."""
    return f.NoticeFactory(
        kind=Notice.Kind.QUARTERLY,
        title="关于2026年第一季度议题办理情况的公示",
        body="第一季度共收到议题 5 件。",
        starts_on=datetime.date(2026, 4, 8),
        ends_on=datetime.date(2026, 4, 14),
        published_at=at(2026, 4, 8, 9),
    )


@pytest.fixture
def draft_result_notice(db):
    """A result notice not yet published (its window would have started yesterday)."""
    return f.NoticeFactory(
        kind=Notice.Kind.RESULT,
        title="关于楼道灯维修结果的公示（草稿）",
        body="草稿正文。",
        starts_on=days_from_today(-1),
        ends_on=days_from_today(5),
    )
