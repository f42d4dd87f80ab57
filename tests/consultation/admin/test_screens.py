"""The committee's working screens in the Wagtail admin, through the real views: what each role
can do there, and that every refused action answers in Chinese and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from consultation.models import AgendaItem, Notice, Objection, ProgressUpdate, Proposal, Session, Task
from consultation.models.proposals import State
from tests.consultation import factories as f
from tests.consultation.factories import days_from_today
from tests.consultation.helpers import cn, html_of, png_upload, session_record_url

pytestmark = pytest.mark.django_db


def record_url(proposal):
    return reverse("proposal:record", args=(proposal.pk,))


def progress_url(task):
    return reverse("task:progress", args=(task.pk,))


def snapshot(proposal):
    """Everything a refused action must leave as it was."""
    proposal.refresh_from_db()
    return (
        proposal.state,
        proposal.merged_into_id,
        proposal.referred_unit_id,
        proposal.resolution,
        list(proposal.events.values_list("pk", flat=True)),
        list(proposal.agenda_items.values_list("pk", "outcome", "votes_for")),
        list(proposal.tasks.values_list("pk", "progress")),
        Notice.objects.count(),
    )


@pytest.fixture
def submitted(db):
    return f.ResidentProposalFactory(
        title="楼道灯经常不亮", state=State.SUBMITTED, events=[("submit", "", State.SUBMITTED)]
    )


@pytest.fixture
def accepted(db):
    return f.ResidentProposalFactory(title="增设电动车充电桩", state=State.ACCEPTED)


@pytest.fixture
def vote_session(db):
    """Next week's 议事日: 9 voting members expected, 7 present, one observer without a vote."""
    return f.SessionFactory(
        date=days_from_today(7),
        venue="花石社区党群服务中心",
        host="李建国",
        recorder="王芳",
        participants__present=7,
        participants__absent=2,
        participants__observers=1,
    )


@pytest.fixture
def item(vote_session):
    """A proposal under deliberation on the agenda of `vote_session`."""
    proposal = f.ResidentProposalFactory(title="3号楼加装电梯", state=State.DELIBERATING)
    return f.AgendaItemFactory(session=vote_session, proposal=proposal, sort_order=0)


@pytest.fixture
def resolved(item):
    item.votes_expected, item.votes_present, item.votes_for, item.votes_against, item.votes_abstain = 9, 7, 6, 1, 0
    item.outcome = AgendaItem.Outcome.RESOLVED
    item.save()
    Proposal.objects.filter(pk=item.proposal_id).update(state=State.RESOLVED, resolution="同意在东侧加装电梯。")
    item.proposal.refresh_from_db()
    return item.proposal


@pytest.fixture
def tasks(rich_proposal, unit, other_unit):
    """rich_proposal's two tasks: one of unit A (overdue), one of unit B."""
    return rich_proposal.tasks.get(unit=unit), rich_proposal.tasks.get(unit=other_unit)


def refused(response):
    """Wagtail answers PermissionDenied in the admin with a redirect to the dashboard and a message
    (对不起， 你没有权限访问。); a plain 403 is as good."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def vote(item, **numbers):
    data = {"item": item.pk, "action": "vote"}
    data.update({f"v{item.pk}-{k}": v for k, v in numbers.items()})
    return data


# -- the secretary triages ---------------------------------------------------------------------


def test_secretary_sees_the_full_record_and_the_actions(client, secretary, submitted):
    client.force_login(secretary)
    response = client.get(record_url(submitted))
    html = html_of(response)
    assert response.status_code == 200
    assert "YS-2026-0001 楼道灯经常不亮" in html
    assert "张晓明" in html and "13812345678" in html  # staff see the full record
    for action, label in [("accept", "受理"), ("reject", "不予受理"), ("merge", "合并"), ("refer", "转办")]:
        assert f'name="action" value="{action}"' in html, label


def test_secretary_accepts_a_proposal(client, secretary, submitted):
    client.force_login(secretary)
    response = client.post(record_url(submitted), {"action": "accept", "accept-reason": ""})
    assert response.status_code == 302
    assert response["Location"] == record_url(submitted)
    submitted.refresh_from_db()
    assert submitted.state == State.ACCEPTED
    event = submitted.events.last()
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "accept",
        State.SUBMITTED,
        State.ACCEPTED,
        secretary,
    )
    assert ModelLogEntry.objects.filter(
        action="consultation.transition", object_id=str(submitted.pk), user=secretary
    ).exists()
    assert "已受理。" in html_of(client.get(response["Location"]))


def test_secretary_rejects_with_a_reason_residents_can_read(client, secretary, submitted):
    client.force_login(secretary)
    response = client.post(
        record_url(submitted), {"action": "reject", "reject-reason": "属于物业日常维修，已转物业处理。"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == State.REJECTED
    assert submitted.events.last().reason == "属于物业日常维修，已转物业处理。"
    client.logout()
    assert "属于物业日常维修，已转物业处理。" in html_of(client.get(submitted.get_absolute_url()))


@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_without_a_reason_is_refused_in_chinese_and_changes_nothing(client, secretary, submitted, reason):
    client.force_login(secretary)
    before = snapshot(submitted)
    response = client.post(record_url(submitted), {"action": "reject", "reject-reason": reason})
    assert response.status_code == 400
    html = html_of(response)
    assert "请填写理由，理由将向居民公开。" in html
    assert snapshot(submitted) == before
    assert not ModelLogEntry.objects.filter(action="consultation.transition").exists()


def test_an_action_the_state_does_not_allow_is_refused(client, secretary, accepted):
    client.force_login(secretary)
    before = snapshot(accepted)
    response = client.post(record_url(accepted), {"action": "accept"})
    assert response.status_code == 400
    assert "议题当前状态下不能执行这个操作，或您没有权限。" in html_of(response)
    assert snapshot(accepted) == before


def test_secretary_schedules_an_accepted_proposal_into_a_session(client, secretary, accepted, vote_session):
    client.force_login(secretary)
    response = client.post(
        record_url(accepted), {"action": "schedule", "schedule-session": vote_session.pk, "schedule-reason": ""}
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.state == State.DELIBERATING
    assert list(vote_session.agenda_items.values_list("proposal", flat=True)) == [accepted.pk]
    assert "增设电动车充电桩" in html_of(client.get(session_record_url(vote_session)))


def test_scheduling_without_a_session_is_refused_in_chinese(client, secretary, accepted, vote_session):
    client.force_login(secretary)
    before = snapshot(accepted)
    response = client.post(record_url(accepted), {"action": "schedule", "schedule-session": ""})
    assert response.status_code == 400
    assert "请选择议事日；如没有可选项，请先新建一次议事日。" in html_of(response)
    assert snapshot(accepted) == before
    assert not vote_session.agenda_items.exists()


# -- the 议事日: opinions and votes ------------------------------------------------------------


def post_opinions(client, item, text):
    return client.post(
        session_record_url(item.session), {"item": item.pk, "action": "opinions", f"o{item.pk}-opinions": text}
    )


def test_secretary_records_opinions(client, secretary, item):
    client.force_login(secretary)
    response = post_opinions(client, item, "一楼住户担心采光；多数居民支持。")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.opinions == "一楼住户担心采光；多数居民支持。"


def test_secretary_records_a_vote_and_the_result_is_computed(client, secretary, item):
    client.force_login(secretary)
    session = item.session
    response = client.post(
        session_record_url(session),
        vote(item, votes_for=6, votes_against=1, votes_abstain=0, resolution="同意在东侧加装电梯。"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    item.proposal.refresh_from_db()
    session.refresh_from_db()
    assert (item.votes_expected, item.votes_present, item.votes_for, item.votes_against, item.votes_abstain) == (
        9,
        7,
        6,
        1,
        0,
    )
    assert item.outcome == AgendaItem.Outcome.RESOLVED
    assert item.proposal.state == State.RESOLVED
    assert item.proposal.resolution == "同意在东侧加装电梯。"
    assert session.status == Session.Status.HELD
    html = html_of(client.get(response["Location"]))
    assert "表决结果：决议通过（需同意 4 票）。" in html
    assert "应到 9 人，实到 7 人，同意 6 票、反对 1 票、弃权 0 票" in html
    client.logout()
    public = html_of(client.get(item.proposal.get_absolute_url()))
    assert "应到 9 人，实到 7 人，同意 6 票、反对 1 票、弃权 0 票" in public


def test_a_vote_without_majority_is_not_adopted(client, secretary, item):
    client.force_login(secretary)
    client.post(session_record_url(item.session), vote(item, votes_for=3, votes_against=2, votes_abstain=2))
    item.refresh_from_db()
    item.proposal.refresh_from_db()
    assert item.outcome == AgendaItem.Outcome.NOT_ADOPTED
    assert item.proposal.state == State.NOT_ADOPTED


@pytest.mark.parametrize(
    "numbers, message",
    [
        (
            dict(votes_for=6, votes_against=1, votes_abstain=1),
            "同意、反对、弃权合计 8 票，多于实到的有表决权人数 7 人，请核对。",
        ),
        (
            dict(votes_for=9, votes_against=0, votes_abstain=0),
            "同意、反对、弃权合计 9 票，多于实到的有表决权人数 7 人，请核对。",
        ),
        (dict(votes_for=-1, votes_against=0, votes_abstain=0), "票数不能是负数。"),
        (dict(votes_for="", votes_against=0, votes_abstain=0), "请填写同意票数。"),
    ],
)
def test_an_impossible_vote_is_refused_in_chinese_and_changes_nothing(client, secretary, item, numbers, message):
    client.force_login(secretary)
    before = snapshot(item.proposal)
    response = client.post(session_record_url(item.session), vote(item, **numbers))
    assert response.status_code == 400
    assert message in html_of(response)
    assert snapshot(item.proposal) == before
    item.session.refresh_from_db()
    assert item.session.status == Session.Status.PLANNED


def test_a_vote_without_quorum_is_refused(client, secretary):
    session = f.SessionFactory(
        date=days_from_today(7),
        venue="活动室",
        host="李建国",
        recorder="王芳",
        participants__present=5,
        participants__absent=4,
    )
    item = f.AgendaItemFactory(session=session, proposal=f.ResidentProposalFactory(state=State.DELIBERATING))
    client.force_login(secretary)
    before = snapshot(item.proposal)
    response = client.post(session_record_url(session), vote(item, votes_for=5, votes_against=0, votes_abstain=0))
    assert response.status_code == 400
    assert "实到 5 人，未达到法定人数 6 人（应到 9 人的三分之二），不能表决。" in html_of(response)
    assert snapshot(item.proposal) == before


def test_secretary_defers_an_item_with_a_reason(client, secretary, item):
    client.force_login(secretary)
    response = client.post(
        session_record_url(item.session),
        {"item": item.pk, "action": "defer", f"d{item.pk}-reason": "需要补充施工方案。"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    item.proposal.refresh_from_db()
    assert item.outcome == AgendaItem.Outcome.DEFERRED
    assert item.proposal.state == State.ACCEPTED


# -- implementation and notices ----------------------------------------------------------------


def test_secretary_assigns_a_task_to_a_unit(client, secretary, resolved, unit):
    client.force_login(secretary)
    deadline = days_from_today(30)
    response = client.post(
        record_url(resolved),
        {
            "action": "assign",
            "task-unit": unit.pk,
            "task-description": "办理加装电梯审批",
            "task-person": "周经理",
            "task-deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.proposal, task.unit, task.description, task.person, task.deadline) == (
        resolved,
        unit,
        "办理加装电梯审批",
        "周经理",
        deadline,
    )
    resolved.refresh_from_db()
    assert resolved.state == State.IMPLEMENTING
    assert "已派发任务给花石物业服务中心。" in html_of(client.get(response["Location"]))


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(deadline="2020-01-01"), "完成时限不能早于今天。"),
        (dict(deadline="下个月"), "日期格式不正确。"),
        (dict(description=""), "请填写任务内容。"),
        (dict(unit=""), "请选择责任单位。"),
    ],
)
def test_a_bad_task_is_refused_in_chinese_and_nothing_is_assigned(client, secretary, resolved, unit, changes, message):
    client.force_login(secretary)
    data = {
        "unit": unit.pk,
        "description": "办理审批",
        "person": "周经理",
        "deadline": days_from_today(30).isoformat(),
        **changes,
    }
    before = snapshot(resolved)
    response = client.post(record_url(resolved), {"action": "assign", **{f"task-{k}": v for k, v in data.items()}})
    assert response.status_code == 400
    assert message in html_of(response)
    assert snapshot(resolved) == before
    assert not Task.objects.exists()


def test_secretary_drafts_and_publishes_a_resolution_notice(client, secretary, resolved):
    client.force_login(secretary)
    response = client.post(record_url(resolved), {"action": "draft_resolution"})
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("notice:edit", args=(notice.pk,))
    assert notice.title == "关于3号楼加装电梯的公示"
    assert "应到 9 人，实到 7 人，同意 6 票、反对 1 票、弃权 0 票，决议通过。" in notice.body
    assert notice.published_at is None
    client.logout()
    assert client.get(notice.get_absolute_url()).status_code == 404  # a draft is not public
    client.force_login(secretary)
    publish = reverse("notice:publish", args=(notice.pk,))
    page = client.get(publish)
    assert page.status_code == 200
    assert "关于3号楼加装电梯的公示" in html_of(page) and "确认发布" in html_of(page)
    response = client.post(publish)
    assert response.status_code == 302
    assert response["Location"] == reverse("notice:view", args=(notice.pk,))
    notice.refresh_from_db()
    assert notice.published_at is not None
    client.logout()
    public = client.get(notice.get_absolute_url())
    assert public.status_code == 200
    assert "关于3号楼加装电梯的公示" in html_of(public)
    assert "关于3号楼加装电梯的公示" in html_of(client.get("/consultation/notices/"))


def test_publishing_confirmation_gives_the_window_in_chinese_dates(client, secretary):
    notice = f.NoticeFactory(
        kind=Notice.Kind.RESULT,
        title="关于楼道灯维修结果的公示",
        body="已修好。",
        starts_on=days_from_today(0),
        ends_on=days_from_today(6),
    )
    client.force_login(secretary)
    html = html_of(client.post(reverse("notice:publish", args=(notice.pk,)), follow=True))
    assert f"公示已发布，公示期 {cn(days_from_today(0))} 至 {cn(days_from_today(6))}。" in html


def test_publishing_twice_is_refused(client, secretary):
    notice = f.NoticeFactory(
        kind=Notice.Kind.RESULT,
        title="关于楼道灯维修结果的公示",
        body="已修好。",
        starts_on=days_from_today(0),
        ends_on=days_from_today(6),
    )
    client.force_login(secretary)
    client.post(reverse("notice:publish", args=(notice.pk,)))
    notice.refresh_from_db()
    first = notice.published_at
    html = html_of(client.post(reverse("notice:publish", args=(notice.pk,)), follow=True))
    assert "这份公示已经发布。" in html
    notice.refresh_from_db()
    assert notice.published_at == first


# -- responsible units -------------------------------------------------------------------------


def test_unit_account_sees_only_its_units_tasks(client, unit_user, tasks):
    own, other = tasks
    client.force_login(unit_user)
    response = client.get(reverse("task:index"))
    html = html_of(response)
    assert response.status_code == 200
    assert own.description in html
    assert other.description not in html


def test_unit_account_posts_progress_on_its_own_task(client, unit_user, tasks):
    own, _other = tasks
    client.force_login(unit_user)
    page = client.get(progress_url(own))
    assert page.status_code == 200
    assert "填报进度" in html_of(page)
    response = client.post(
        progress_url(own),
        {
            "date": days_from_today(0).isoformat(),
            "percent": 70,
            "text": "规划审批已通过。",
            "photo": png_upload("现场.png"),
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.progress == 70
    update = own.updates.order_by("-pk").first()
    assert (update.percent, update.text, update.author) == (70, "规划审批已通过。", unit_user)
    assert update.photo is not None
    assert "进度已更新为 70%。" in html_of(client.get(response["Location"]))


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(percent=120), "百分比不能大于 100。"),
        (dict(percent=-5), "百分比不能小于 0。"),
        (dict(text=""), "请填写进展情况。"),
    ],
)
def test_bad_progress_is_refused_in_chinese(client, unit_user, tasks, changes, message):
    own, _other = tasks
    client.force_login(unit_user)
    data = {"date": days_from_today(0).isoformat(), "percent": 60, "text": "进展顺利。", **changes}
    response = client.post(progress_url(own), data)
    assert response.status_code == 400
    assert message in html_of(response)
    assert own.updates.count() == 1
    own.refresh_from_db()
    assert own.progress == 40


def test_unit_account_cannot_open_or_update_another_units_task(client, unit_user, tasks):
    _own, other = tasks
    client.force_login(unit_user)
    assert client.get(progress_url(other)).status_code == 404
    response = client.post(
        progress_url(other), {"date": days_from_today(0).isoformat(), "percent": 10, "text": "冒名填报。"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.progress == 100
    assert not ProgressUpdate.objects.filter(text="冒名填报。").exists()


def test_unit_account_cannot_open_proposal_records(client, unit_user, rich_proposal):
    client.force_login(unit_user)
    assert refused(client.get(record_url(rich_proposal)))


# -- the supervisory committee reads everything, changes nothing -------------------------------


def test_supervisor_can_read_records_and_listings(client, supervisor, rich_proposal, submitted, item, tasks):
    client.force_login(supervisor)
    for url in [
        record_url(rich_proposal),
        record_url(submitted),
        session_record_url(item.session),
        progress_url(tasks[0]),
        reverse("proposal:index"),
        reverse("session:index"),
        reverse("task:index"),
        reverse("notice:index"),
    ]:
        assert client.get(url).status_code == 200, url
    html = html_of(client.get(record_url(submitted)))
    assert 'name="action" value="accept"' not in html
    html = html_of(client.get(session_record_url(item.session)))
    assert 'name="action" value="vote"' not in html


@pytest.mark.parametrize(
    "action, data",
    [
        ("accept", {"accept-reason": ""}),
        ("reject", {"reject-reason": "居监会不能操作。"}),
        ("merge", {}),
        ("refer", {"refer-reason": "转办。"}),
    ],
)
def test_supervisor_cannot_triage(client, supervisor, submitted, action, data):
    client.force_login(supervisor)
    before = snapshot(submitted)
    response = client.post(record_url(submitted), {"action": action, **data})
    assert response.status_code == 400 or refused(response), response
    if response.status_code == 400:
        assert "议题当前状态下不能执行这个操作，或您没有权限。" in html_of(response)
    assert snapshot(submitted) == before


@pytest.mark.parametrize(
    "action, data",
    [
        ("opinions", lambda i: {f"o{i.pk}-opinions": "居监会改写的意见"}),
        ("vote", lambda i: {f"v{i.pk}-votes_for": 6, f"v{i.pk}-votes_against": 1, f"v{i.pk}-votes_abstain": 0}),
        ("defer", lambda i: {f"d{i.pk}-reason": "居监会要求暂缓"}),
    ],
)
def test_supervisor_cannot_change_the_session_record(client, supervisor, item, action, data):
    client.force_login(supervisor)
    before = snapshot(item.proposal)
    response = client.post(session_record_url(item.session), {"item": item.pk, "action": action, **data(item)})
    assert refused(response), response
    assert snapshot(item.proposal) == before
    item.refresh_from_db()
    assert item.opinions == ""


def test_supervisor_cannot_assign_tasks_or_draft_notices(client, supervisor, resolved, unit):
    client.force_login(supervisor)
    before = snapshot(resolved)
    response = client.post(
        record_url(resolved),
        {
            "action": "assign",
            "task-unit": unit.pk,
            "task-description": "x",
            "task-person": "x",
            "task-deadline": days_from_today(30).isoformat(),
        },
    )
    assert response.status_code == 400 or refused(response), response
    response = client.post(record_url(resolved), {"action": "draft_resolution"})
    assert refused(response), response
    assert snapshot(resolved) == before


def test_supervisor_cannot_publish_a_notice(client, supervisor):
    notice = f.NoticeFactory(kind=Notice.Kind.RESULT, title="草稿公示", body="草稿。")
    client.force_login(supervisor)
    assert refused(client.post(reverse("notice:publish", args=(notice.pk,))))
    notice.refresh_from_db()
    assert notice.published_at is None


def test_supervisor_cannot_post_progress(client, supervisor, tasks):
    own, _other = tasks
    client.force_login(supervisor)
    response = client.post(
        progress_url(own), {"date": days_from_today(0).isoformat(), "percent": 90, "text": "居监会填报"}
    )
    assert refused(response), response
    own.refresh_from_db()
    assert own.progress == 40


def test_supervisor_cannot_edit_or_delete_through_the_generic_screens(client, supervisor, rich_proposal):
    client.force_login(supervisor)
    before = snapshot(rich_proposal)
    client.post(
        reverse("proposal:edit", args=(rich_proposal.pk,)),
        {
            "title": "居监会改了标题",
            "description": "改写的说明，足够长的文字。",
            "category": "other",
            "estate": "花石小区",
            "building": "",
            "proposer_name": "某人",
            "proposer_phone": "13000000000",
            "source": "online",
        },
    )
    client.post(reverse("proposal:delete", args=(rich_proposal.pk,)))
    assert Proposal.objects.filter(pk=rich_proposal.pk, title="3号楼加装电梯").exists()
    assert snapshot(rich_proposal) == before


# -- committee members record opinions but do not vote -----------------------------------------


def test_member_records_opinions(client, member, item):
    client.force_login(member)
    response = post_opinions(client, item, "建议先征求一楼住户意见。")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.opinions == "建议先征求一楼住户意见。"


def test_member_cannot_record_a_vote(client, member, item):
    client.force_login(member)
    page = html_of(client.get(session_record_url(item.session)))
    assert 'name="action" value="opinions"' in page
    assert 'name="action" value="vote"' not in page
    before = snapshot(item.proposal)
    response = client.post(session_record_url(item.session), vote(item, votes_for=6, votes_against=1, votes_abstain=0))
    assert refused(response), response
    assert snapshot(item.proposal) == before


def test_member_cannot_triage(client, member, submitted):
    client.force_login(member)
    before = snapshot(submitted)
    response = client.post(record_url(submitted), {"action": "accept"})
    assert response.status_code == 400 or refused(response), response
    assert snapshot(submitted) == before


# -- the dashboard -----------------------------------------------------------------------------


def test_dashboard_shows_the_consultation_panel_to_the_secretary(client, secretary, submitted, tasks, next_session):
    client.force_login(secretary)
    response = client.get("/admin/")
    html = html_of(response)
    assert response.status_code == 200
    assert "议事协商" in html
    assert "待受理议题（1）" in html and "楼道灯经常不亮" in html
    assert "逾期任务（1）" in html and "花石物业服务中心：办理加装电梯规划审批手续" in html
    assert "时限 2026年6月30日，进度 40%" in html
    assert "下次议事日" in html and next_session.display_title in html
    assert "议评中（1）" in html


def test_dashboard_shows_a_unit_only_its_overdue_tasks(client, unit_user, other_unit, submitted, tasks):
    f.TaskFactory(
        proposal=tasks[0].proposal,
        unit=other_unit,
        description="园林所逾期任务",
        person="吴所长",
        deadline=datetime.date(2026, 5, 1),
    )
    client.force_login(unit_user)
    html = html_of(client.get("/admin/"))
    assert "逾期任务（1）" in html
    assert "办理加装电梯规划审批手续" in html
    assert "园林所逾期任务" not in html
    assert "待受理议题" not in html


def test_notice_listing_offers_publish_for_drafts_and_counts_objections(client, secretary, notice_on_display):
    draft = f.NoticeFactory(kind=Notice.Kind.RESULT, title="关于测试草稿的公示", body="正文")
    f.ObjectionFactory(
        notice=notice_on_display, kind=Objection.Kind.COMMENT, name="张晓明", phone="13812345678", content="有异议"
    )
    client.force_login(secretary)
    html = html_of(client.get(reverse("notice:index")))
    assert reverse("notice:publish", args=(draft.pk,)) in html
    assert "发布" in html and "草稿" in html
    page = html_of(client.get(reverse("notice:view", args=(notice_on_display.pk,))))
    assert "有异议" in page and "13812345678" in page  # staff see the full record


def test_secretary_reorders_the_agenda_and_a_supervisor_cannot(client, secretary, supervisor, next_session):
    first = f.ResidentProposalFactory(title="第一个议题", state=State.ACCEPTED)
    second = f.ResidentProposalFactory(title="第二个议题", state=State.ACCEPTED)
    a = f.AgendaItemFactory(session=next_session, proposal=first, sort_order=0)
    b = f.AgendaItemFactory(session=next_session, proposal=second, sort_order=1)
    url = reverse("session:record", args=(next_session.pk,))

    def order():
        return list(next_session.agenda_items.order_by("sort_order").values_list("pk", flat=True))

    client.force_login(supervisor)
    client.post(url, {"item": b.pk, "action": "up"})
    assert order() == [a.pk, b.pk]
    client.force_login(secretary)
    client.post(url, {"item": b.pk, "action": "up"})
    assert order() == [b.pk, a.pk]
    html = html_of(client.get(url))
    assert html.index("第二个议题") < html.index("第一个议题")


def test_supervisor_files_an_objection_on_a_notice_and_a_member_cannot(client, supervisor, member, notice_on_display):
    url = reverse("notice:view", args=(notice_on_display.pk,))
    client.force_login(member)
    assert "提出监督意见" not in html_of(client.get(url))
    client.post(url, {"kind": "objection", "content": "费用分摊方案未征求一楼住户意见"})
    assert not Objection.objects.filter(notice=notice_on_display).exists()
    client.force_login(supervisor)
    assert client.post(url, {"kind": "objection", "content": ""}).status_code == 400
    client.post(url, {"kind": "objection", "content": "费用分摊方案未征求一楼住户意见"})
    objection = Objection.objects.get(notice=notice_on_display)
    assert objection.kind == "objection" and objection.phone == ""
    assert "费用分摊方案未征求一楼住户意见" in html_of(client.get(url))
