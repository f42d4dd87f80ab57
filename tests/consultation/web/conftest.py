"""Fixtures for the public pages, forms and feeds of the consultation process: the rest of what a
resident can come across, on top of the records of tests/consultation/conftest.py (april_session,
next_session, rich_proposal, notice_on_display, archived_notice, draft_result_notice).

Built with the factories of tests/consultation/factories.py, with fixed dates and known names, so the
tests can look for exact text; bulk data comes from its bulk_* helpers.
"""

import pytest

from consultation.models.proposals import Category, State
from tests.consultation import factories as f
from tests.consultation.factories import OBJECTOR_NAME, OBJECTOR_PHONE, at


@pytest.fixture
def rejected_proposal(db):
    return f.ResidentProposalFactory(
        title="在小区中心广场建喷泉",
        state=State.REJECTED,
        category=Category.LIVING,
        submitted_at=at(2026, 2, 10),
        events=[
            ("submit", "", State.SUBMITTED),
            ("reject", State.SUBMITTED, State.REJECTED, "广场属于消防通道，不能修建固定设施。", at(2026, 2, 14)),
        ],
    )


@pytest.fixture
def submitted_proposal(db):
    return f.ResidentProposalFactory(
        title="楼道灯经常不亮",
        state=State.SUBMITTED,
        category=Category.SERVICES,
        submitted_at=at(2026, 11, 20),
        events=[("submit", "", State.SUBMITTED)],
    )


@pytest.fixture
def public_objection(notice_on_display):
    """欧阳春华's objection to the notice on display (shown masked on its page)."""
    return f.ObjectionFactory(
        notice=notice_on_display, name=OBJECTOR_NAME, phone=OBJECTOR_PHONE, content="电梯位置挡住了一楼的采光。"
    )


@pytest.fixture
def public_world(
    rich_proposal,
    rejected_proposal,
    submitted_proposal,
    april_session,
    next_session,
    notice_on_display,
    archived_notice,
    draft_result_notice,
    public_objection,
):
    """One of everything a resident can come across on the public site."""
    f.AgendaItemFactory(
        session=next_session,
        sort_order=0,
        proposal=f.ResidentProposalFactory(
            title="增设电动车充电桩",
            state=State.DELIBERATING,
            category=Category.SERVICES,
            submitted_at=at(2026, 10, 12),
        ),
    )
    return {
        "proposal": rich_proposal,
        "rejected": rejected_proposal,
        "submitted": submitted_proposal,
        "held": april_session,
        "planned": next_session,
        "notice": notice_on_display,
        "archived": archived_notice,
        "draft": draft_result_notice,
        "objection": public_objection,
    }
