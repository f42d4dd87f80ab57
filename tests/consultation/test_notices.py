"""Public notices (公示): drafting from the record, publishing, the display window and objections."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from consultation import deliberation, implementation, noticeboard, workflow
from consultation.errors import ActionRefused
from consultation.models import Notice, Objection
from consultation.models.notices import DEFAULT_WINDOW_DAYS
from consultation.models.proposals import State
from tests.consultation import factories as f
from tests.consultation.factories import at
from tests.consultation.helpers import cn, snapshot

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def resolved(secretary, unit):
    """3号楼加装电梯, voted on 1 December 2026 (9 expected, 8 present: 6 for, 1 against, 1 abstaining),
    then given to 花石物业服务中心."""
    proposal = f.ProposalFactory(title="3号楼加装电梯", state=State.ACCEPTED)
    session = f.SessionFactory(
        date=D(2026, 12, 1),
        venue="花石社区党群服务中心",
        participants__present=8,
        participants__absent=1,
        participants__observers=2,
    )
    workflow.perform(proposal, "schedule", secretary, session=session)
    deliberation.record_vote(proposal.agenda_items.get(), secretary, 6, 1, 1, resolution="加装电梯，费用按楼层分摊。")
    return proposal


# -- the resolution notice -----------------------------------------------------------------------------------


def test_resolution_notice_title(resolved):
    notice = noticeboard.draft_resolution_notice(resolved)
    assert notice.title == "关于3号楼加装电梯的公示"
    assert (notice.kind, notice.site, notice.proposal) == (Notice.Kind.RESOLUTION, resolved.site, resolved)


def test_resolution_notice_gives_the_vote(resolved):
    body = noticeboard.draft_resolution_notice(resolved).body
    assert "应到 9 人，实到 8 人，同意 6 票、反对 1 票、弃权 1 票，决议通过。" in body


def test_resolution_notice_says_when_where_and_what(resolved):
    body = noticeboard.draft_resolution_notice(resolved).body
    assert (
        f"2026年12月1日，花石社区在花石社区党群服务中心召开议事日，"
        f"对“3号楼加装电梯”（编号 {resolved.tracking_number}）进行协商表决。" in body
    )
    assert "决议内容：加装电梯，费用按楼层分摊。" in body
    assert body.rstrip().endswith("现予公示。公示期间，居民如有异议，可通过本页在线提交，或到社区居委会反映。")


def test_resolution_notice_names_the_responsible_units(resolved, secretary, unit):
    deadline = f.days_from_today(60)
    implementation.assign_task(resolved, secretary, unit, "加装电梯", "周经理", deadline)
    resolved.refresh_from_db()
    body = noticeboard.draft_resolution_notice(resolved).body
    assert f"责任单位：花石物业服务中心，完成时限：{cn(deadline)}。" in body


def test_resolution_notice_does_not_show_the_proposers_phone(resolved):
    notice = noticeboard.draft_resolution_notice(resolved)
    assert resolved.proposer_phone not in notice.body and resolved.proposer_phone not in notice.title


def test_a_draft_is_not_saved_or_published(resolved):
    notice = noticeboard.draft_resolution_notice(resolved)
    assert notice.pk is None and not notice.is_published
    assert not Notice.objects.exists()


def test_a_draft_gets_the_default_window(resolved):
    notice = noticeboard.draft_resolution_notice(resolved)
    assert (notice.starts_on, notice.ends_on) == (f.today(), f.days_from_today(DEFAULT_WINDOW_DAYS - 1))


@pytest.mark.parametrize("state", [State.ACCEPTED, State.DELIBERATING, State.NOT_ADOPTED, State.CLOSED])
def test_resolution_notice_only_for_resolved_proposals(state):
    proposal = f.ProposalFactory(state=state)
    f.AgendaItemFactory(
        proposal=proposal, votes_expected=9, votes_present=8, votes_for=6, votes_against=1, votes_abstain=1
    )
    with pytest.raises(ActionRefused, match="只有表决通过的议题才能起草决议公示"):
        noticeboard.draft_resolution_notice(proposal)


def test_resolution_notice_needs_a_recorded_vote():
    proposal = f.ProposalFactory(state=State.RESOLVED)
    f.AgendaItemFactory(proposal=proposal)
    with pytest.raises(ActionRefused, match="只有表决通过的议题才能起草决议公示"):
        noticeboard.draft_resolution_notice(proposal)


# -- the result notice ---------------------------------------------------------------------------------------


def test_result_notice(unit):
    proposal = f.ProposalFactory(title="3号楼加装电梯", state=State.IMPLEMENTED)
    task = f.TaskFactory(proposal=proposal, unit=unit, done=True)
    f.ProgressUpdateFactory(task=task, date=f.days_from_today(-10), percent=50, text="井道已完工。")
    f.ProgressUpdateFactory(task=task, date=f.days_from_today(-1), percent=100, text="电梯已通过验收并投入使用。")

    notice = noticeboard.draft_result_notice(proposal)

    assert notice.title == "关于3号楼加装电梯办理结果的公示"
    assert notice.kind == Notice.Kind.RESULT
    assert f"“3号楼加装电梯”（编号 {proposal.tracking_number}）已办理完成" in notice.body
    assert "花石物业服务中心：电梯已通过验收并投入使用。" in notice.body
    assert "井道已完工" not in notice.body


def test_result_notice_shows_the_last_update_of_the_last_day(unit):
    """Two reports on the same day: the later one (the one that set the task's progress) is shown."""
    proposal = f.ProposalFactory(state=State.IMPLEMENTED)
    task = f.TaskFactory(proposal=proposal, unit=unit, done=True)
    f.ProgressUpdateFactory(task=task, date=f.today(), percent=50, text="上午：开始安装。")
    f.ProgressUpdateFactory(task=task, date=f.today(), percent=100, text="下午：安装完成。")

    body = noticeboard.draft_result_notice(proposal).body

    assert "花石物业服务中心：下午：安装完成。" in body


def test_result_notice_falls_back_to_the_task_description(unit):
    proposal = f.ProposalFactory(state=State.IMPLEMENTED)
    f.TaskFactory(proposal=proposal, unit=unit, description="更换5号楼路灯", done=True)
    assert "花石物业服务中心：更换5号楼路灯" in noticeboard.draft_result_notice(proposal).body


def test_result_notice_gives_the_satisfaction_rate():
    proposal = f.ProposalFactory(state=State.CLOSED, satisfaction_rate=Decimal("0.75"))
    assert "居民满意率 75.0%。" in noticeboard.draft_result_notice(proposal).body


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED, State.RESOLVED, State.IMPLEMENTING, State.REFERRED])
def test_result_notice_only_after_implementation(state):
    with pytest.raises(ActionRefused, match="只有践议完成的议题才能起草结果公示"):
        noticeboard.draft_result_notice(f.ProposalFactory(state=state))


# -- the quarterly notice ------------------------------------------------------------------------------------


def test_quarterly_notice(community):
    first = f.ProposalFactory(title="小区增设充电桩", state=State.ACCEPTED, submitted_at=at(2026, 10, 8))
    second = f.ProposalFactory(title="修复5号楼路灯", state=State.CLOSED, submitted_at=at(2026, 11, 2))

    notice = noticeboard.draft_quarterly_notice(community, 2026, 4)

    assert notice.title == "关于2026年第4季度议题办理情况的公示"
    assert (notice.kind, notice.site, notice.proposal) == (Notice.Kind.QUARTERLY, community, None)
    assert notice.body.split("\n\n") == [
        "2026年第4季度，社区共收到居民议题 2 件，办理情况如下：",
        f"{first.tracking_number} 小区增设充电桩：已受理",
        f"{second.tracking_number} 修复5号楼路灯：已办结",
    ]


def test_quarterly_notice_counts_by_local_dates(community):
    # 30 September 16:30 UTC is already 1 October in Beijing; 31 December 23:30 Beijing is still Q4.
    f.ProposalFactory(
        title="国庆凌晨提交",
        state=State.ACCEPTED,
        submitted_at=datetime.datetime(2026, 9, 30, 16, 30, tzinfo=datetime.UTC),
    )
    f.ProposalFactory(title="跨年夜提交", state=State.ACCEPTED, submitted_at=at(2026, 12, 31, 23))
    f.ProposalFactory(title="三季度末提交", state=State.ACCEPTED, submitted_at=at(2026, 9, 30, 23))
    f.ProposalFactory(title="新年提交", state=State.ACCEPTED, submitted_at=at(2027, 1, 1, 0))

    body = noticeboard.draft_quarterly_notice(community, 2026, 4).body

    assert "共收到居民议题 2 件" in body
    assert "国庆凌晨提交" in body and "跨年夜提交" in body
    assert "三季度末提交" not in body and "新年提交" not in body


def test_quarterly_notice_is_per_community(community, other_community):
    f.ProposalFactory(title="青溪社区的议题", state=State.ACCEPTED, site=other_community, submitted_at=at(2026, 10, 8))
    assert "共收到居民议题 0 件" in noticeboard.draft_quarterly_notice(community, 2026, 4).body


def test_quarterly_notice_does_not_publish_untriaged_proposals(community):
    """A submitted proposal is not public until accepted or refused (ProposalQuerySet.public)."""
    f.ProposalFactory(title="尚未受理的议题", state=State.SUBMITTED, submitted_at=at(2026, 10, 8))
    f.ProposalFactory(title="已受理的议题", state=State.ACCEPTED, submitted_at=at(2026, 10, 9))

    body = noticeboard.draft_quarterly_notice(community, 2026, 4).body

    assert "已受理的议题" in body
    assert "尚未受理的议题" not in body


# -- publishing ------------------------------------------------------------------------------------------------


def test_publish_sets_published_at(secretary):
    notice = f.NoticeFactory()
    noticeboard.publish(notice, secretary)
    notice.refresh_from_db()
    assert notice.published_at is not None and notice.is_published


def test_publish_is_logged(secretary):
    notice = f.NoticeFactory()
    noticeboard.publish(notice, secretary)
    entry = ModelLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Notice), object_id=str(notice.pk), action="wagtail.publish"
    )
    assert (entry.action, entry.user) == ("wagtail.publish", secretary)


def test_a_notice_is_published_once(secretary):
    notice = f.NoticeFactory()
    noticeboard.publish(notice, secretary)
    notice = Notice.objects.get(pk=notice.pk)
    before = snapshot()
    with pytest.raises(ActionRefused, match="这份公示已经发布"):
        noticeboard.publish(notice, secretary)
    assert snapshot() == before


@pytest.mark.parametrize("role", ["member", "supervisor", "unit_user", "anonymous", "inactive", "staff_without_group"])
def test_only_secretaries_publish(role, users):
    notice = f.NoticeFactory()
    before = snapshot()
    with pytest.raises(ActionRefused, match="发布公示"):
        noticeboard.publish(notice, users[role])
    assert snapshot() == before


def test_a_superuser_publishes(superuser):
    notice = f.NoticeFactory()
    noticeboard.publish(notice, superuser)
    assert Notice.objects.get(pk=notice.pk).is_published


def test_publish_refuses_a_window_that_ends_before_it_starts(secretary):
    notice = f.NoticeFactory()
    notice.ends_on = notice.starts_on - datetime.timedelta(days=1)
    before = snapshot()
    with pytest.raises(ActionRefused, match="结束日期不能早于开始日期"):
        noticeboard.publish(notice, secretary)
    assert snapshot() == before


def test_a_drafted_and_saved_notice_can_be_published(resolved, secretary):
    notice = noticeboard.draft_resolution_notice(resolved)
    notice.save()
    noticeboard.publish(notice, secretary)
    assert Notice.objects.get(pk=notice.pk).is_published


# -- the display window --------------------------------------------------------------------------------------


def test_the_default_window_is_seven_days(community):
    # Made with the model, not NoticeFactory: the factory sets a window, the model's default is under test.
    notice = Notice.objects.create(
        site=community, kind=Notice.Kind.RESULT, title="关于路灯修复的公示", body="现予公示。"
    )
    assert notice.starts_on == f.today()
    assert (notice.ends_on - notice.starts_on).days + 1 == DEFAULT_WINDOW_DAYS == 7


@pytest.fixture
def windows():
    """Published notices around 15 June 2026, and an unpublished one on display dates."""
    return {
        "ended": f.NoticeFactory(published=True, starts_on=D(2026, 6, 1), ends_on=D(2026, 6, 7)),
        "ended_yesterday": f.NoticeFactory(published=True, starts_on=D(2026, 6, 8), ends_on=D(2026, 6, 14)),
        "ends_today": f.NoticeFactory(published=True, starts_on=D(2026, 6, 9), ends_on=D(2026, 6, 15)),
        "running": f.NoticeFactory(published=True, starts_on=D(2026, 6, 12), ends_on=D(2026, 6, 18)),
        "starts_today": f.NoticeFactory(published=True, starts_on=D(2026, 6, 15), ends_on=D(2026, 6, 21)),
        "future": f.NoticeFactory(published=True, starts_on=D(2026, 6, 16), ends_on=D(2026, 6, 22)),
        "unpublished": f.NoticeFactory(starts_on=D(2026, 6, 12), ends_on=D(2026, 6, 18)),
        "unpublished_ended": f.NoticeFactory(starts_on=D(2026, 6, 1), ends_on=D(2026, 6, 7)),
    }


def names(queryset, windows):
    by_pk = {notice.pk: name for name, notice in windows.items()}
    return {by_pk[notice.pk] for notice in queryset}


def test_on_display(windows):
    assert names(Notice.objects.on_display(today=D(2026, 6, 15)), windows) == {"ends_today", "running", "starts_today"}


def test_archived(windows):
    assert names(Notice.objects.archived(today=D(2026, 6, 15)), windows) == {"ended", "ended_yesterday"}


def test_published(windows):
    assert names(Notice.objects.published(), windows) == set(windows) - {"unpublished", "unpublished_ended"}


@pytest.mark.parametrize(
    "name, shown",
    [
        ("ended_yesterday", False),
        ("ends_today", True),
        ("starts_today", True),
        ("future", False),
        ("unpublished", False),
    ],
)
def test_is_on_display(windows, name, shown):
    assert windows[name].is_on_display(today=D(2026, 6, 15)) is shown


# -- objections ----------------------------------------------------------------------------------------------


def test_an_objection_within_the_window_is_stored():
    notice = f.NoticeFactory(published=True, starts_on=f.days_from_today(-3), ends_on=f.days_from_today(3))
    objection = noticeboard.file_objection(
        notice, Objection.Kind.OBJECTION, " 陈小红 ", f.verified("13900139000"), "  电梯挡住了采光。 "
    )
    objection.refresh_from_db()
    assert (objection.notice, objection.kind, objection.name, objection.phone, objection.content) == (
        notice,
        "objection",
        "陈小红",
        "13900139000",
        "电梯挡住了采光。",
    )


@pytest.mark.parametrize("starts, ends", [(-6, 0), (0, 6)], ids=["last-day", "first-day"])
def test_an_objection_on_the_first_or_last_day_is_stored(starts, ends):
    notice = f.NoticeFactory(published=True, starts_on=f.days_from_today(starts), ends_on=f.days_from_today(ends))
    noticeboard.file_objection(notice, Objection.Kind.COMMENT, "陈小红", f.verified("13900139000"), "支持。")
    assert notice.objections.count() == 1


@pytest.mark.parametrize("starts, ends", [(-8, -1), (1, 7)], ids=["after-the-window", "before-the-window"])
def test_an_objection_outside_the_window_is_refused(starts, ends):
    notice = f.NoticeFactory(published=True, starts_on=f.days_from_today(starts), ends_on=f.days_from_today(ends))
    with pytest.raises(ActionRefused, match=f"这份公示不在公示期内（{cn(notice.starts_on)}至{cn(notice.ends_on)}）"):
        noticeboard.file_objection(notice, Objection.Kind.OBJECTION, "陈小红", f.verified("13900139000"), "有异议。")
    assert not Objection.objects.exists()


def test_an_objection_to_an_unpublished_notice_is_refused():
    notice = f.NoticeFactory(starts_on=f.days_from_today(-1), ends_on=f.days_from_today(5))
    with pytest.raises(ActionRefused, match="不在公示期内"):
        noticeboard.file_objection(notice, Objection.Kind.OBJECTION, "陈小红", f.verified("13900139000"), "有异议。")
    assert not Objection.objects.exists()
