"""The public pages of the consultation process as a resident sees them (README.md, "What is where").

Every page answers 200 in Chinese with dates written 2026年11月23日; bad filter and page values
and records that are not public answer 404; and every page runs a small, constant number of
queries however many proposals, sessions and notices the community has.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation.models import (
    AgendaItem,
    Notice,
    Objection,
    Participant,
    ProgressUpdate,
    Proposal,
    ProposalEvent,
    ProposalPhoto,
    Rating,
    Session,
    Task,
)
from consultation.models.proposals import State
from tests.consultation import factories as f
from tests.consultation.factories import PROPOSER_MASKED, at, days_from_today
from tests.consultation.helpers import cn, html_of, png_upload

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def section(html, heading_id):
    """The HTML of the <section> labelled by `heading_id`."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def task_panels(html):
    return [panel.split("</section>")[0] for panel in html.split('<div class="panel task">')[1:]]


# -- /consultation/ ----------------------------------------------------------------------------


def test_proposal_index_lists_public_proposals_newest_first_with_chinese_dates(client, public_world):
    response = client.get("/consultation/")
    html = html_of(response)
    assert response.status_code == 200
    assert "议事协商" in html
    assert html.index("增设电动车充电桩") < html.index("3号楼加装电梯") < html.index("在小区中心广场建喷泉")
    assert public_world["proposal"].tracking_number in html
    assert "2026年3月5日" in html and "2026年2月10日" in html
    assert "议评中" in html and "不予受理" in html
    assert "共 3 个议题" in html


def test_proposal_index_hides_proposals_not_yet_triaged(client, public_world):
    html = html_of(client.get("/consultation/"))
    assert public_world["submitted"].title not in html
    assert public_world["submitted"].tracking_number not in html


def test_proposal_index_counts_proposals_per_stage(client, public_world):
    html = html_of(client.get("/consultation/"))
    assert "提议（1）" in html  # the rejected one; the submitted one is not public
    assert "商议（1）" in html
    assert "践议（0）" in html
    assert "议评（1）" in html


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("stage=deliberate", ["增设电动车充电桩"], ["3号楼加装电梯", "在小区中心广场建喷泉"]),
        ("stage=evaluate", ["3号楼加装电梯"], ["增设电动车充电桩", "在小区中心广场建喷泉"]),
        ("stage=propose", ["在小区中心广场建喷泉"], ["3号楼加装电梯", "增设电动车充电桩"]),
        ("category=living", ["在小区中心广场建喷泉"], ["3号楼加装电梯", "增设电动车充电桩"]),
        ("category=elderly&stage=evaluate", ["3号楼加装电梯"], ["增设电动车充电桩", "在小区中心广场建喷泉"]),
        ("year=2026", ["3号楼加装电梯", "增设电动车充电桩", "在小区中心广场建喷泉"], []),
        ("year=2026&category=services&stage=deliberate", ["增设电动车充电桩"], ["3号楼加装电梯"]),
    ],
)
def test_proposal_index_filters(client, public_world, query, shown, hidden):
    response = client.get(f"/consultation/?{query}")
    listing = html_of(response).split('class="proposal-list"')[1]
    assert response.status_code == 200
    for title in shown:
        assert title in listing
    for title in hidden:
        assert title not in listing


def test_proposal_index_says_so_when_a_filter_matches_nothing(client, public_world):
    response = client.get("/consultation/?year=2019")
    assert response.status_code == 200
    assert "没有符合条件的议题。" in html_of(response)
    assert "共 0 个议题" in html_of(response)


def test_proposal_index_keeps_the_chosen_filters_selected(client, public_world):
    html = html_of(client.get("/consultation/?stage=evaluate&category=elderly&year=2026"))
    assert '<option value="evaluate" selected>' in html
    assert '<option value="elderly" selected>' in html
    assert '<option value="2026" selected>' in html


@pytest.mark.parametrize(
    "query",
    [
        "stage=foo",
        "stage=submitted",
        "category=bar",
        "category=ELDERLY",
        "year=abc",
        "year=-1",
        "year=2026年",
        "page=abc",
        "page=99999",
        "page=0",
        "page=-1",
        "page=1.5",
        "stage=evaluate&page=2",
    ],
)
def test_proposal_index_answers_bad_filter_and_page_values_with_404(client, public_world, query):
    response = client.get(f"/consultation/?{query}")
    assert response.status_code == 404
    assert "找不到这个页面" in html_of(response)


def test_proposal_index_paginates_and_keeps_filters_in_page_links(client, community):
    f.bulk_proposals(community, 20, year=2025)
    first = html_of(client.get("/consultation/?year=2025"))
    assert "第 1 页，共 2 页" in first
    assert 'href="?year=2025&amp;page=2"' in first
    second = client.get("/consultation/?year=2025&page=2")
    assert second.status_code == 200
    assert "第 2 页，共 2 页" in html_of(second)
    assert "批量议题1<" in html_of(second)  # the oldest, on the last page
    assert "批量议题20<" in first


# -- /consultation/proposals/<number>/ ---------------------------------------------------------


def test_proposal_page_shows_the_public_facts(client, rich_proposal):
    response = client.get(f"/consultation/proposals/{rich_proposal.tracking_number}/")
    html = html_of(response)
    assert response.status_code == 200
    assert "<h1>3号楼加装电梯</h1>" in html
    assert re.search(r"<dt>查询编号</dt><dd>YS-2026-0001</dd>", html)
    assert "<dd>" + PROPOSER_MASKED + "</dd>" in html
    assert "<dt>提交日期</dt><dd>2026年3月5日</dd>" in html
    assert "花石小区 3号楼" in html
    assert "3号楼住着很多老人" in html
    assert "老有所养" in html


def test_proposal_page_marks_the_current_stage(client, rich_proposal):
    html = html_of(client.get(rich_proposal.get_absolute_url()))
    assert re.search(r'stages__step--done"\s*>提议<', html)
    assert re.search(r'stages__step--done"\s*>践议<', html)
    assert re.search(r'stages__step--current" aria-current="step">议评<', html)


def test_proposal_page_shows_the_timeline_with_public_reasons(client, rich_proposal):
    history = section(html_of(client.get(rich_proposal.get_absolute_url())), "h-history")
    for label in ["已提交", "已受理", "商议中", "决议通过", "践议中", "已完成", "议评中"]:
        assert f"<strong>{label}</strong>" in history
    assert history.index("已提交") < history.index("已受理") < history.index("决议通过") < history.index("议评中")
    assert "2026年4月1日" in history
    assert "应到 9 人，实到 7 人，同意 6 票、反对 1 票、弃权 0 票。" in history
    assert "派发任务给花石物业服务中心" in history


def test_rejected_proposal_shows_the_public_reason(client, rejected_proposal):
    response = client.get(rejected_proposal.get_absolute_url())
    html = html_of(response)
    assert response.status_code == 200
    assert "不予受理" in html
    assert "广场属于消防通道，不能修建固定设施。" in html
    assert "2026年2月14日" in html


def test_proposal_page_shows_the_vote_line_and_resolution(client, rich_proposal):
    deliberation = section(html_of(client.get(rich_proposal.get_absolute_url())), "h-deliberation")
    assert "应到 9 人，实到 7 人，同意 6 票、反对 1 票、弃权 0 票" in deliberation
    assert "2026年4月议事日" in deliberation and "（2026年4月1日）" in deliberation
    assert "一楼住户担心采光，建议电梯设在东侧。" in deliberation
    assert "决议通过" in deliberation
    assert "同意在3号楼东侧加装电梯，费用按楼层分摊。" in deliberation


def test_proposal_page_shows_tasks_with_progress_and_flags_the_overdue_one(client, rich_proposal):
    f.TaskFactory(
        proposal=rich_proposal,
        unit=rich_proposal.tasks.first().unit,
        description="安装电梯并验收",
        person="周经理",
        deadline=days_from_today(60),
    )
    panels = task_panels(html_of(client.get(rich_proposal.get_absolute_url())))
    by_task = {
        next(t for t in ["办理加装电梯规划审批手续", "迁移东侧绿化", "安装电梯并验收"] if t in p): p for p in panels
    }
    overdue, done, upcoming = by_task["办理加装电梯规划审批手续"], by_task["迁移东侧绿化"], by_task["安装电梯并验收"]
    assert "花石物业服务中心" in overdue and "完成时限：2026年6月30日" in overdue
    assert 'aria-valuenow="40"' in overdue and "40%" in overdue
    assert "已逾期" in overdue
    assert "2026年5月10日" in overdue and "已向规划部门提交申请材料。" in overdue
    assert 'aria-valuenow="100"' in done and "已逾期" not in done
    assert 'aria-valuenow="0"' in upcoming and "已逾期" not in upcoming
    assert f"完成时限：{cn(days_from_today(60))}" in upcoming


def test_proposal_page_shows_the_satisfaction_rate(client, rich_proposal):
    evaluation = section(html_of(client.get(rich_proposal.get_absolute_url())), "h-evaluation")
    assert "已收到 5 份居民评价" in evaluation
    assert "满意 3、基本满意 1、不满意 1" in evaluation
    assert "满意率" in evaluation and "80.0%" in evaluation


def test_proposal_page_offers_the_rating_form_only_during_evaluation(client, rich_proposal):
    html = html_of(client.get(rich_proposal.get_absolute_url()))
    assert f'action="/consultation/proposals/{rich_proposal.tracking_number}/rate/"' in html
    assert f"评价截止 {cn(days_from_today(10))}" in html
    Proposal.objects.filter(pk=rich_proposal.pk).update(state=State.CLOSED, satisfaction_rate="0.8")
    cache.clear()
    html = html_of(client.get(rich_proposal.get_absolute_url()))
    assert "/rate/" not in html
    assert "80.0%" in html


def test_proposal_page_links_its_published_notices_only(client, rich_proposal, notice_on_display):
    f.NoticeFactory(
        kind=Notice.Kind.RESULT, proposal=rich_proposal, title="关于3号楼加装电梯办理结果的公示", body="草稿。"
    )
    html = html_of(client.get(rich_proposal.get_absolute_url()))
    notices = section(html, "h-notices")
    assert "关于3号楼加装电梯的公示" in notices
    assert f"（{cn(days_from_today(-2))}—{cn(days_from_today(4))}）" in notices
    assert "办理结果的公示" not in notices


def test_proposal_page_of_a_proposal_still_submitted_is_404(client, submitted_proposal):
    assert client.get(f"/consultation/proposals/{submitted_proposal.tracking_number}/").status_code == 404


@pytest.mark.parametrize("number", ["YS-2026-9999", "YS-2099-0001", "ys-2026-0001", "nothing", "YS-2026-0001x"])
def test_proposal_page_of_an_unknown_number_is_404(client, rich_proposal, number):
    assert client.get(f"/consultation/proposals/{number}/").status_code == 404


def test_proposal_page_says_where_a_merged_proposal_went(client, rich_proposal):
    merged = f.ResidentProposalFactory(title="3号楼也要电梯", state=State.MERGED, merged_into=rich_proposal)
    html = html_of(client.get(merged.get_absolute_url()))
    assert f"本议题已并入 {rich_proposal.tracking_number}“3号楼加装电梯”一并办理。" in html
    target = html_of(client.get(rich_proposal.get_absolute_url()))
    assert f"{merged.tracking_number} 3号楼也要电梯" in target


# -- /consultation/sessions/ -------------------------------------------------------------------


def test_session_index_shows_upcoming_agenda_and_past_outcomes(client, public_world):
    response = client.get("/consultation/sessions/")
    html = html_of(response)
    assert response.status_code == 200
    upcoming, past = section(html, "h-upcoming"), section(html, "h-past")
    planned = public_world["planned"]
    assert f"{planned.date.year}年{planned.date.month}月议事日" in upcoming
    assert f"{cn(planned.date)} 09:00—11:30 · 榕溪苑活动室" in upcoming
    assert "增设电动车充电桩" in upcoming
    assert "2026年4月议事日" in past and "2026年4月1日" in past
    assert "3号楼加装电梯（决议通过）" in past


def test_session_index_leaves_out_cancelled_sessions(client, public_world):
    f.SessionFactory(
        title="临时议事日（已取消）",
        date=days_from_today(3),
        venue="活动室",
        host="李建国",
        recorder="王芳",
        status=Session.Status.CANCELLED,
    )
    assert "临时议事日（已取消）" not in html_of(client.get("/consultation/sessions/"))


@pytest.mark.parametrize("page", ["abc", "99999", "0"])
def test_session_index_bad_page_is_404(client, public_world, page):
    assert client.get(f"/consultation/sessions/?page={page}").status_code == 404


def test_session_page_shows_time_venue_attendance_and_the_vote(client, public_world):
    session = public_world["held"]
    response = client.get(f"/consultation/sessions/{session.pk}/")
    html = html_of(response)
    assert response.status_code == 200
    assert "<h1>2026年4月议事日</h1>" in html
    assert "2026年4月1日 09:00—11:30" in html
    assert "花石社区党群服务中心二楼会议室" in html
    assert "<dd>李建国</dd>" in html and "<dd>王芳</dd>" in html
    assert "应到 9 人，实到 7 人" in html
    agenda = section(html, "h-agenda")
    assert "3号楼加装电梯" in agenda
    assert "应到 9 人，实到 7 人，同意 6 票、反对 1 票、弃权 0 票" in agenda
    assert "责任单位：花石物业服务中心 · 完成时限：2026年6月30日" in agenda


def test_session_page_lists_absent_members_and_non_voting_observers(client, public_world):
    participants = section(html_of(client.get(f"/consultation/sessions/{public_world['held'].pk}/")), "h-participants")
    assert participants.count("缺席") == 2
    assert "列席 · 花石物业" in participants


@pytest.mark.parametrize("pk", ["99999", "99999999999999999999999"])
def test_unknown_session_is_404(client, public_world, pk):
    assert client.get(f"/consultation/sessions/{pk}/").status_code == 404


# -- /consultation/notices/ --------------------------------------------------------------------


def test_notice_board_separates_notices_on_display_from_the_archive(client, public_world):
    response = client.get("/consultation/notices/")
    html = html_of(response)
    assert response.status_code == 200
    on_display, archive = section(html, "h-display"), section(html, "h-archive")
    assert "关于3号楼加装电梯的公示" in on_display and "关于3号楼加装电梯的公示" not in archive
    assert f"公示期：{cn(days_from_today(-2))} 至 {cn(days_from_today(4))}" in on_display
    assert "已收到 1 条意见" in on_display
    assert "关于2026年第一季度议题办理情况的公示" in archive and "第一季度" not in on_display
    assert "2026年4月8日—2026年4月14日" in archive


def test_notice_board_moves_a_notice_to_the_archive_the_day_after_its_window(client):
    f.NoticeFactory(
        kind=Notice.Kind.RESULT,
        title="昨天结束的公示",
        body="正文。",
        starts_on=days_from_today(-7),
        ends_on=days_from_today(-1),
        published_at=timezone.now() - datetime.timedelta(days=7),
    )
    f.NoticeFactory(
        kind=Notice.Kind.RESULT,
        title="今天最后一天的公示",
        body="正文。",
        starts_on=days_from_today(-6),
        ends_on=days_from_today(0),
        published_at=timezone.now() - datetime.timedelta(days=6),
    )
    html = html_of(client.get("/consultation/notices/"))
    assert "今天最后一天的公示" in section(html, "h-display")
    assert "昨天结束的公示" in section(html, "h-archive")
    assert "昨天结束的公示" not in section(html, "h-display")


def test_notice_board_leaves_out_unpublished_notices(client, public_world):
    assert public_world["draft"].title not in html_of(client.get("/consultation/notices/"))


def test_notice_board_lists_a_published_notice_whose_window_has_not_started(client):
    f.NoticeFactory(
        title="下周开始的公示", body="正文。", starts_on=days_from_today(7), ends_on=days_from_today(13), published=True
    )
    assert client.get(f"/consultation/notices/{Notice.objects.get().pk}/").status_code == 200
    html = html_of(client.get("/consultation/notices/"))
    assert "下周开始的公示" in html, "a published notice residents can open should be findable on the notice board"
    assert "下周开始的公示" not in section(html, "h-display")


def test_notice_page_before_its_window_does_not_say_the_window_has_ended(client):
    notice = f.NoticeFactory(
        title="下周开始的公示", body="正文。", starts_on=days_from_today(7), ends_on=days_from_today(13), published=True
    )
    html = html_of(client.get(notice.get_absolute_url()))
    assert f"公示期：{cn(days_from_today(7))} 至 {cn(days_from_today(13))}" in html
    assert "公示期已结束" not in html, "the window has not even started"


@pytest.mark.parametrize("page", ["abc", "99999"])
def test_notice_board_bad_page_is_404(client, public_world, page):
    assert client.get(f"/consultation/notices/?page={page}").status_code == 404


def test_notice_page_shows_body_window_and_masked_objections(client, public_world):
    notice = public_world["notice"]
    response = client.get(f"/consultation/notices/{notice.pk}/")
    html = html_of(response)
    assert response.status_code == 200
    assert "<h1>关于3号楼加装电梯的公示</h1>" in html
    assert "花居〔2026〕12号" in html
    assert "经议事日表决，同意在3号楼东侧加装电梯。" in html
    assert f"公示期：{cn(days_from_today(-2))} 至 {cn(days_from_today(4))}" in html
    assert "公示中" in html
    objections = section(html, "h-objections")
    assert "欧**华" in objections and "电梯位置挡住了一楼的采光。" in objections
    assert "提出异议或意见" in objections  # the form, during the window
    assert notice.proposal.get_absolute_url() in html


def test_archived_notice_stays_readable_without_the_objection_form(client, public_world):
    response = client.get(f"/consultation/notices/{public_world['archived'].pk}/")
    html = html_of(response)
    assert response.status_code == 200
    assert "关于2026年第一季度议题办理情况的公示" in html
    assert "公示期：2026年4月8日 至 2026年4月14日" in html
    assert "公示期已结束，不再接收网上意见。" in html
    assert "<form" not in section(html, "h-objections")


def test_unpublished_notice_is_404(client, public_world):
    assert client.get(f"/consultation/notices/{public_world['draft'].pk}/").status_code == 404


def test_unknown_notice_is_404(client, public_world):
    assert client.get("/consultation/notices/99999/").status_code == 404


# -- /consultation/track/ ----------------------------------------------------------------------


def test_track_page_without_a_number_shows_the_form(client, public_world):
    response = client.get("/consultation/track/")
    assert response.status_code == 200
    assert "进度查询" in html_of(response) and 'name="number"' in html_of(response)


def test_track_page_finds_a_proposal_still_waiting_for_triage(client, public_world):
    submitted = public_world["submitted"]
    response = client.get(f"/consultation/track/?number={submitted.tracking_number}")
    html = html_of(response)
    assert response.status_code == 200
    assert f"{submitted.tracking_number} 楼道灯经常不亮" in html
    assert "当前状态：<span" in html and "已提交" in html
    assert "2026年11月20日" in html
    assert "查看议题全部公开信息" not in html  # its public page does not exist yet


def test_track_page_shows_the_timeline_and_links_to_the_public_page(client, rich_proposal):
    html = html_of(client.get(f"/consultation/track/?number={rich_proposal.tracking_number}"))
    assert "议评中" in html
    assert "应到 9 人，实到 7 人，同意 6 票、反对 1 票、弃权 0 票。" in html
    assert f'href="{rich_proposal.get_absolute_url()}"' in html


@pytest.mark.parametrize("typed", ["ys-2026-0001", " YS-2026-0001 ", "YS－2026－0001", "YS - 2026 - 0001"])
def test_track_page_accepts_the_number_however_it_is_typed(client, rich_proposal, typed):
    response = client.get("/consultation/track/", {"number": typed})
    assert "YS-2026-0001 3号楼加装电梯" in html_of(response)


def test_track_page_answers_an_unknown_number_in_chinese(client, public_world):
    response = client.get("/consultation/track/?number=YS-2099-0042")
    assert response.status_code == 200
    assert "没有找到编号为 YS-2099-0042 的议题，请核对后再试。" in html_of(response)


def test_track_page_greets_a_new_proposal_with_its_number(client, submitted_proposal):
    html = html_of(client.get(f"/consultation/track/?number={submitted_proposal.tracking_number}&new=1"))
    assert "提议已提交，谢谢您！" in html
    assert f'<strong class="tracking-number">{submitted_proposal.tracking_number}</strong>' in html


# -- query counts ------------------------------------------------------------------------------


def count_queries(client, url):
    """(status, number of queries) for a GET of `url` by an anonymous visitor with cold caches."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        status = client.get(url).status_code
    return status, len(context.captured_queries)


def add_photos(count):
    return [f.ImageFactory(title=f"照片{n}", file=png_upload(f"p{n}.png", colour=(n, 80, 160))) for n in range(count)]


def small_world(world):
    """What the pages show with little data: one photo on the proposal, one on a progress update."""
    proposal = world["proposal"]
    first, second = add_photos(2)
    f.ProposalPhotoFactory(proposal=proposal, image=first)
    update = ProgressUpdate.objects.filter(task__proposal=proposal).first()
    update.photo = second
    update.save()


def grow(world, community):
    """A community with years of history: hundreds of proposals, sessions and notices, and a busy
    proposal, session and notice (built by the factories, saved with bulk_create)."""
    proposal, session, notice = world["proposal"], world["held"], world["notice"]
    proposals = f.bulk_proposals(community, 300, year=2025, state=None)
    f.bulk_proposals(community, 50, year=2024, state=State.SUBMITTED)
    f.bulk_sessions(community, 60, proposals, first=days_from_today(-390))
    for n in range(4):
        upcoming = f.SessionFactory(
            date=days_from_today(20 + 30 * n), venue=f"活动室{n}", host="李建国", recorder="王芳"
        )
        AgendaItem.objects.bulk_create(
            [
                f.AgendaItemFactory.build(session=upcoming, proposal=p, sort_order=i)
                for i, p in enumerate(proposals[10 * n : 10 * n + 8])
            ]
        )
    f.bulk_notices(community, 200, on_display=12)
    # The busy proposal: more photos, tasks, progress updates with photos, events, ratings, notices.
    photos = add_photos(17)
    ProposalPhoto.objects.bulk_create(
        [f.ProposalPhotoFactory.build(proposal=proposal, image=image) for image in photos[:2]]
    )
    unit = proposal.tasks.first().unit
    for n in range(5):
        task = f.TaskFactory(
            proposal=proposal,
            unit=unit,
            description=f"追加任务{n}",
            person="周经理",
            deadline=days_from_today(-5 + 10 * n),
        )
        ProgressUpdate.objects.bulk_create(
            [
                f.ProgressUpdateFactory.build(
                    task=task,
                    date=days_from_today(-30 + i),
                    percent=20 * (i + 1),
                    text=f"进展{i}",
                    photo=photos[2 + 3 * n + i],
                )
                for i in range(3)
            ]
        )
    ProposalEvent.objects.bulk_create(
        [
            f.ProposalEventFactory.build(
                proposal=proposal,
                action="reopen",
                from_state=State.EVALUATING,
                to_state=State.IMPLEMENTING,
                reason=f"第{n}次重新办理",
                created_at=at(2026, 11, 3),
            )
            for n in range(60)
        ]
    )
    Rating.objects.bulk_create(
        [
            f.RatingFactory.build(proposal=proposal, score=Rating.Score.MOSTLY, phone=f"1370000{n:04d}")
            for n in range(400)
        ]
    )
    Notice.objects.bulk_create(
        [
            f.NoticeFactory.build(
                site=community,
                kind=Notice.Kind.RESULT,
                proposal=proposal,
                title=f"相关公示{n}",
                body="正文。",
                starts_on=days_from_today(-30),
                ends_on=days_from_today(-24),
                published=True,
            )
            for n in range(10)
        ]
    )
    # The busy session: many participants and agenda items, each with tasks.
    Participant.objects.bulk_create(
        [
            f.ParticipantFactory.build(
                session=session,
                name=f"居民代表{n}",
                role=Participant.Role.REPRESENTATIVE,
                present=n % 3 != 0,
                sort_order=100 + n,
            )
            for n in range(40)
        ]
    )
    items = AgendaItem.objects.bulk_create(
        [
            f.AgendaItemFactory.build(
                session=session,
                proposal=p,
                sort_order=10 + i,
                opinions="意见。",
                votes_expected=49,
                votes_present=40,
                votes_for=30,
                votes_against=5,
                votes_abstain=5,
                outcome=AgendaItem.Outcome.RESOLVED,
            )
            for i, p in enumerate(proposals[100:130])
        ]
    )
    Task.objects.bulk_create(
        [
            f.TaskFactory.build(
                proposal=item.proposal, unit=unit, description="任务", person="周经理", deadline=days_from_today(10)
            )
            for item in items
        ]
    )
    # The busy notice: many objections.
    Objection.objects.bulk_create(
        [
            f.ObjectionFactory.build(
                notice=notice, kind=Objection.Kind.COMMENT, name=f"居民{n}", phone="13900000000", content=f"意见{n}"
            )
            for n in range(150)
        ]
    )


PAGES = {
    "index": lambda w: "/consultation/",
    "index-filtered": lambda w: "/consultation/?stage=deliberate&category=services&year=2026",
    "proposal": lambda w: w["proposal"].get_absolute_url(),
    "rejected-proposal": lambda w: w["rejected"].get_absolute_url(),
    "track": lambda w: f"/consultation/track/?number={w['proposal'].tracking_number}",
    "sessions": lambda w: "/consultation/sessions/",
    "session": lambda w: w["held"].get_absolute_url(),
    "notices": lambda w: "/consultation/notices/",
    "notice": lambda w: w["notice"].get_absolute_url(),
    "notice-feed": lambda w: "/consultation/notices/feed/",
    "calendar": lambda w: "/consultation/calendar.ics",
    "propose": lambda w: "/consultation/propose/",
    "home": lambda w: "/",
}


def warm_count(client, url):
    """Queries of a page view with cold caches, once image renditions exist (they are made once)."""
    client.get(url)
    return count_queries(client, url)


@pytest.mark.parametrize("page", PAGES)
def test_public_page_query_count_is_small_and_does_not_grow_with_the_data(
    client, public_world, community, page, django_assert_max_num_queries
):
    small_world(public_world)
    url = PAGES[page](public_world)
    status, small = warm_count(client, url)
    assert status == 200
    grow(public_world, community)
    status, large = warm_count(client, url)
    assert status == 200
    assert large <= small, f"{url}: {small} queries with a little data, {large} with a lot"
    cache.clear()
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)
