"""The minutes (会议纪要) as printed: what they say, in which order, with masked names and the votes
as recorded (README.md, "Minutes and notices as PDF"). The text is read back from the PDF with
pypdf, as copy-paste gets it."""

import re
from fractions import Fraction

import pytest
from django.utils import timezone

from consultation import deliberation, records, voting, workflow
from consultation.errors import ActionRefused
from consultation.models import AgendaItem, Session
from tests.consultation.helpers import cn, snapshot
from tests.consultation.pdf import conftest as c
from tests.consultation.pdf.helpers import assert_in_order, flat, pdf_text

VOTE_LINE = re.compile(
    r"应到(\d+)人，实到(\d+)人，同意(\d+)票、反对(\d+)票、弃权(\d+)票（通过须同意(\d+)票）。表决结果：(决议通过|未通过)。"
)


def test_the_heading_comes_first(minutes_v1, approved_session):
    assert_in_order(
        pdf_text(minutes_v1),
        [
            "花石社区议事协商纪要",
            "花石社议〔2026〕1号",
            "2026年11月议事日会议纪要",
            "时间：2026年11月2日",
            "地点：花石社区党群服务中心二楼会议室",
            f"主持人：{c.HOST}",
            f"记录人：{c.RECORDER}",
        ],
    )


def test_attendance_is_listed_by_group_with_masked_names(minutes_v1):
    assert_in_order(
        pdf_text(minutes_v1),
        [
            "出席：张*明（议事委员）、陈*喆（议事委员）、黄*堃（议事委员）、吴*昇（议事委员）、𠮷*春（议事委员）、"
            "赵*䶮（居民代表）、孙*华（居民代表）",
            "缺席：钱*多（议事委员）、郑*平（居民代表）",
            "监督：冯*海（居监会成员）",
            "列席：何*新（花石物业服务中心）",
            f"有表决权人员应到 {c.EXPECTED} 人，实到 {c.PRESENT} 人（法定人数 6 人）。",
        ],
    )


def test_agenda_items_follow_the_agenda_order_with_their_sections(minutes_v1):
    assert_in_order(
        pdf_text(minutes_v1),
        [
            "会议议定事项如下：",
            f"一、{c.TITLES[0]}",
            "（一）基本情况。",
            "（二）各方意见。多数委员认为加装电梯很有必要。",
            "一楼住户担心采光，建议选用玻璃井道。",
            "（三）表决情况。应到 9 人，实到 7 人，同意 5 票、反对 1 票、弃权 1 票",
            "表决结果：决议通过。",
            f"（四）决议内容。{c.RESOLUTION}",
            f"（五）责任单位和完成时限。{c.UNIT}，完成时限{cn(c.DEADLINE)}。",
            f"二、{c.TITLES[1]}",
            "（二）各方意见。无书面意见。",
            "（三）表决情况。应到 9 人，实到 7 人，同意 2 票、反对 4 票、弃权 1 票",
            "表决结果：未通过。",
            f"三、{c.TITLES[2]}",
            "同意 6 票、反对 0 票、弃权 1 票",
            "表决结果：决议通过。",
        ],
    )


def test_signature_lines_issuer_and_date_close_the_minutes(minutes_v1, approved_session):
    issued = cn(timezone.localdate(approved_session.minutes_approved_at))
    text = pdf_text(minutes_v1)
    assert_in_order(text, [f"三、{c.TITLES[2]}", "主持人（签字）：", "记录人（签字）：", c.COMMITTEE, issued])
    assert flat(text).endswith(flat(f"{c.COMMITTEE}{issued}— 3 —"))


def test_a_failed_item_prints_neither_resolution_nor_responsible_unit(minutes_v1):
    text = flat(pdf_text(minutes_v1))
    second = text[text.index(f"二、{c.TITLES[1]}") : text.index(f"三、{c.TITLES[2]}")]
    assert "决议内容" not in second and "责任单位" not in second


def test_tracking_numbers_and_times_are_extractable(minutes_v1, voted_session):
    """Copy-paste must give what is printed: the tracking number of each proposal and the
    session's time (09:00—11:30)."""
    text = flat(pdf_text(minutes_v1))
    assert "2026年11月2日09:00—11:30" in text
    for item in voted_session.agenda_items.select_related("proposal"):
        assert f"议题编号{item.proposal.tracking_number}，" in text


# -- names --------------------------------------------------------------------------------------------------


def test_full_names_and_the_proposers_phone_never_appear(minutes_v1):
    text = flat(pdf_text(minutes_v1))
    for name, *_ in c.PARTICIPANTS:
        assert name not in text
    assert c.PROPOSER_NAME not in text
    assert c.PROPOSER_PHONE not in text
    assert "刘*昌" in text


def test_rare_characters_in_names_round_trip(minutes_v1):
    text = flat(pdf_text(minutes_v1))
    for name in ("欧阳𠮷", "王䶮", "陈*喆", "黄*堃", "吴*昇", "𠮷*春", "赵*䶮"):
        assert name in text
    assert {"喆", "堃", "昇", "䶮", "\U00020bb7"} <= set(text)


# -- votes --------------------------------------------------------------------------------------------------


def printed_votes(content):
    return [tuple(int(n) for n in m[:6]) + (m[6],) for m in VOTE_LINE.findall(flat(pdf_text(content)))]


def test_each_vote_is_printed_as_recorded(minutes_v1, voted_session):
    items = list(voted_session.agenda_items.order_by("sort_order"))
    assert (
        [p[:5] for p in printed_votes(minutes_v1)]
        == [(i.votes_expected, i.votes_present, i.votes_for, i.votes_against, i.votes_abstain) for i in items]
        == [(c.EXPECTED, c.PRESENT, *votes) for votes in c.VOTES]
    )


def test_printed_outcomes_follow_from_the_printed_numbers(minutes_v1, voted_session):
    items = list(voted_session.agenda_items.order_by("sort_order"))
    for (expected, present, votes_for, against, abstain, needed, outcome), item in zip(
        printed_votes(minutes_v1), items, strict=True
    ):
        assert votes_for + against + abstain <= present <= expected
        assert needed == voting.minimum_more_than(present, Fraction(voted_session.threshold)) == 4
        assert outcome == ("决议通过" if votes_for >= needed else "未通过") == item.get_outcome_display()


def test_the_threshold_of_the_session_is_the_one_printed(db, secretary):
    session = c.make_session(threshold="2/3")
    item = c.add_item(session, "两票之差的议题", 0)
    deliberation.record_vote(item, secretary, 5, 2, 0)  # 5 of 7 present is more than two thirds
    rendered, _ = records.render_fresh(Session.objects.get(pk=session.pk))
    assert printed_votes(rendered.content) == [(9, 7, 5, 2, 0, 5, "决议通过")]


# -- drafts and bad input ------------------------------------------------------------------------------------


def test_the_draft_has_no_document_number_and_says_so(draft_minutes):
    text = flat(pdf_text(draft_minutes))
    assert "草稿" in text
    assert "花石社议" not in text
    assert_in_order(
        text, ["2026年11月议事日会议纪要", f"一、{c.TITLES[0]}", f"二、{c.TITLES[1]}", f"三、{c.TITLES[2]}"]
    )


def test_the_frozen_copy_has_no_draft_watermark(minutes_v1):
    assert "草稿" not in flat(pdf_text(minutes_v1))


def test_user_text_is_printed_literally(agenda_session, secretary):
    session, items = agenda_session
    proposal = items[0].proposal
    proposal.title = "更换<b>x</b>路灯 & <script>alert(嗨)</script>"
    proposal.save()
    deliberation.record_opinions(items[0], secretary, "<i>斜体</i>不应生效 &amp; 原样显示")
    deliberation.record_vote(items[0], secretary, 5, 1, 1)
    rendered, _ = records.render_fresh(Session.objects.get(pk=session.pk))
    text = flat(pdf_text(rendered.content))
    assert flat("一、更换<b>x</b>路灯 & <script>alert(嗨)</script>") in text
    assert "<i>斜体</i>不应生效&amp;原样显示" in text


def test_a_held_session_without_agenda_prints_that_it_had_none(db):
    session = c.make_session(status=Session.Status.HELD)
    rendered, warnings = records.render_fresh(session)
    text = flat(pdf_text(rendered.content))
    assert "本次议事日没有列入议程的议题。" in text
    assert_in_order(text, ["有表决权人员应到9人，实到7人", "本次议事日没有列入议程的议题。", "主持人（签字）："])
    assert warnings == []


def test_approving_minutes_without_agenda_is_refused_and_changes_nothing(db, secretary):
    session = c.make_session(status=Session.Status.HELD)
    before = snapshot()
    with pytest.raises(ActionRefused, match="没有议程，不能审定会议纪要。请先在议题办理页把议题列入议程。"):
        records.approve_minutes(session, secretary)
    assert snapshot() == before
    assert not records.versions(session).exists()
    assert not Session.objects.get(pk=session.pk).minutes_approved


def test_items_without_outcome_block_approval(agenda_session, secretary):
    session, items = agenda_session
    deliberation.record_vote(items[0], secretary, 5, 1, 1)
    before = snapshot()
    with pytest.raises(ActionRefused, match="还有 2 项议程没有表决结果或暂缓决定"):
        records.approve_minutes(Session.objects.get(pk=session.pk), secretary)
    assert snapshot() == before


def test_a_deferred_item_prints_the_reason(agenda_session, secretary):
    session, items = agenda_session
    for item, votes in zip(items[:2], c.VOTES[:2], strict=True):
        deliberation.record_vote(item, secretary, *votes)
    workflow.perform(items[2].proposal, "defer", secretary, reason="需要先征求一楼住户意见。")
    assert AgendaItem.objects.get(pk=items[2].pk).outcome == AgendaItem.Outcome.DEFERRED
    rendered, _ = records.render_fresh(Session.objects.get(pk=session.pk))
    assert_in_order(
        pdf_text(rendered.content),
        [
            f"三、{c.TITLES[2]}",
            "（三）表决情况。未表决，结果：暂缓。",
            "（四）暂缓理由。需要先征求一楼住户意见。",
        ],
    )
