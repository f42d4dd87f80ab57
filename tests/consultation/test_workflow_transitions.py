"""The proposal state machine of consultation/workflow.py, transition by transition.

Allowed (transition, source) pairs must reach their target state (docs/workflow.md, "Transitions")
and leave a public history entry (ProposalEvent) and a Wagtail audit-log entry; every other pair
must be refused with a ActionRefused that changes nothing at all.
"""

import datetime
import re
import threading
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import ModelLogEntry

from consultation import deliberation, evaluation, implementation, workflow
from consultation.errors import ActionRefused
from consultation.models import AgendaItem, Proposal, Session
from consultation.models.proposals import State
from consultation.workflow import LOG_ACTION, TRANSITIONS
from tests.consultation import factories as f
from tests.consultation.factories import at
from tests.consultation.helpers import EXPECTED, INTERNAL, REASON_REQUIRED, pair_id, prepare, snapshot
from tests.core.factories import CommunityFactory

pytestmark = pytest.mark.django_db

ALLOWED = sorted(EXPECTED)
REFUSED = [(name, state) for name in TRANSITIONS for state in State.values if (name, state) not in EXPECTED]


def carry_out(name, proposal, user, kwargs):
    """Take transition `name` the way the application does; returns the reason the history should show."""
    if name in ("resolve", "not_adopt"):
        votes = (7, 1, 1) if name == "resolve" else (3, 4, 2)
        deliberation.record_vote(kwargs["agenda_item"], user, *votes)
        return "应到 9 人，实到 9 人，同意 {} 票、反对 {} 票、弃权 {} 票。".format(*votes)
    if name == "start":
        unit = f.PartnerUnitFactory(name="市政园林所")
        implementation.assign_task(proposal, user, unit, "补种行道树", "吴所长", f.days_from_today(20))
        return "派发任务给市政园林所"
    workflow.perform(proposal, name, user, **kwargs)
    return kwargs.get("reason", "")


def transition_logs(proposal):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Proposal), object_id=str(proposal.pk), action=LOG_ACTION
    )


def test_the_transition_table_is_the_designed_state_machine():
    table = {(t.name, source): t.target for t in TRANSITIONS.values() for source in t.sources}
    assert table == EXPECTED
    assert {t.name for t in TRANSITIONS.values() if t.reason_required} == REASON_REQUIRED
    assert {t.name for t in TRANSITIONS.values() if t.internal} == INTERNAL


@pytest.mark.parametrize("pair", ALLOWED, ids=pair_id)
def test_allowed_transition_reaches_its_target(pair, secretary):
    name, source = pair
    proposal = f.ProposalFactory(state=source)
    kwargs = prepare(name, proposal)

    carry_out(name, proposal, secretary, kwargs)

    proposal.refresh_from_db()
    assert proposal.state == EXPECTED[pair]


@pytest.mark.parametrize("pair", ALLOWED, ids=pair_id)
def test_allowed_transition_writes_one_history_event(pair, secretary):
    name, source = pair
    proposal = f.ProposalFactory(state=source)
    kwargs = prepare(name, proposal)

    reason = carry_out(name, proposal, secretary, kwargs)

    events = list(proposal.events.values("action", "from_state", "to_state", "reason", "actor"))
    assert events == [
        {"action": name, "from_state": source, "to_state": EXPECTED[pair], "reason": reason, "actor": secretary.pk}
    ]


@pytest.mark.parametrize("pair", ALLOWED, ids=pair_id)
def test_allowed_transition_writes_one_wagtail_audit_log_entry(pair, secretary):
    name, source = pair
    proposal = f.ProposalFactory(state=source)
    kwargs = prepare(name, proposal)

    reason = carry_out(name, proposal, secretary, kwargs)

    entries = list(transition_logs(proposal))
    assert len(entries) == 1
    assert entries[0].user_id == secretary.pk
    assert entries[0].data == {"transition": name, "from": source, "to": EXPECTED[pair], "reason": reason}


@pytest.mark.parametrize("pair", REFUSED, ids=pair_id)
def test_transition_from_a_wrong_state_is_refused_and_changes_nothing(pair, secretary):
    name, state = pair
    proposal = f.ProposalFactory(state=state)
    kwargs = prepare(name, proposal)
    kwargs.setdefault("reason", "理由")
    before = snapshot()

    with pytest.raises(ActionRefused, match="不能执行"):
        workflow.perform(proposal, name, secretary, **kwargs)

    assert snapshot() == before
    assert proposal.state == state


def test_an_unknown_transition_is_refused(secretary):
    proposal = f.ProposalFactory()
    with pytest.raises(ActionRefused, match="未知的操作"):
        workflow.perform(proposal, "publish", secretary)
    assert proposal.events.count() == 0


def test_perform_refreshes_the_callers_proposal(secretary):
    proposal = f.ProposalFactory()
    event = workflow.perform(proposal, "accept", secretary)
    assert proposal.state == State.ACCEPTED
    assert event.proposal_id == proposal.pk


# -- reasons ----------------------------------------------------------------------------------------

REASON_PAIRS = [
    ("reject", State.SUBMITTED),
    ("refer", State.SUBMITTED),
    ("defer", State.DELIBERATING),
    ("reopen", State.EVALUATING),
]


@pytest.mark.parametrize("pair", REASON_PAIRS, ids=pair_id)
@pytest.mark.parametrize(
    "blank",
    ["", "   ", "\n\t", "\u3000\u3000", None],
    ids=["empty", "spaces", "newline-tab", "ideographic-spaces", "none"],
)
def test_a_required_reason_cannot_be_blank(pair, blank, secretary):
    name, source = pair
    proposal = f.ProposalFactory(state=source)
    kwargs = prepare(name, proposal)
    kwargs["reason"] = blank
    before = snapshot()

    with pytest.raises(ActionRefused, match="必须填写理由"):
        workflow.perform(proposal, name, secretary, **kwargs)

    assert snapshot() == before


def test_the_reason_is_stored_without_surrounding_whitespace(secretary):
    proposal = f.ProposalFactory()
    workflow.perform(proposal, "reject", secretary, reason="  重复提交。\n")
    assert proposal.events.get().reason == "重复提交。"


def test_a_reason_is_optional_where_not_required(secretary):
    proposal = f.ProposalFactory()
    workflow.perform(proposal, "accept", secretary)
    assert proposal.events.get().reason == ""


# -- merge --------------------------------------------------------------------------------------------


def test_merge_needs_a_target(secretary):
    proposal = f.ProposalFactory()
    before = snapshot()
    with pytest.raises(ActionRefused, match="请选择要并入的议题"):
        workflow.perform(proposal, "merge", secretary)
    assert snapshot() == before


def test_a_proposal_cannot_be_merged_into_itself(secretary):
    proposal = f.ProposalFactory(state=State.ACCEPTED)
    before = snapshot()
    with pytest.raises(ActionRefused, match="不能并入它自己"):
        workflow.perform(proposal, "merge", secretary, target=proposal)
    assert snapshot() == before


@pytest.mark.parametrize("target_state", [State.REJECTED, State.MERGED, State.CLOSED, State.NOT_ADOPTED])
def test_merge_refuses_a_target_that_is_finished(target_state, secretary):
    proposal = f.ProposalFactory()
    target = f.ProposalFactory(state=target_state)
    before = snapshot()
    with pytest.raises(ActionRefused, match="不能再并入"):
        workflow.perform(proposal, "merge", secretary, target=target)
    assert snapshot() == before


def test_merge_refuses_a_target_of_another_community(secretary, other_community):
    proposal = f.ProposalFactory()
    target = f.ProposalFactory(site=other_community, state=State.ACCEPTED)
    before = snapshot()
    with pytest.raises(ActionRefused, match="本社区"):
        workflow.perform(proposal, "merge", secretary, target=target)
    assert snapshot() == before


@pytest.mark.parametrize("target_state", [State.SUBMITTED, State.ACCEPTED, State.DELIBERATING, State.IMPLEMENTING])
def test_merge_records_the_target(target_state, secretary):
    proposal = f.ProposalFactory()
    target = f.ProposalFactory(state=target_state)
    workflow.perform(proposal, "merge", secretary, target=target)
    proposal.refresh_from_db()
    assert proposal.merged_into == target
    assert list(target.merged_proposals.all()) == [proposal]
    target.refresh_from_db()
    assert target.state == target_state


# -- refer ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["unit", "deadline"])
def test_refer_needs_a_unit_and_a_deadline(missing, secretary, unit):
    proposal = f.ProposalFactory()
    details = {"unit": unit, "deadline": f.days_from_today(10)}
    del details[missing]
    before = snapshot()
    with pytest.raises(ActionRefused, match="承办单位并填写完成时限"):
        workflow.perform(proposal, "refer", secretary, reason="小事转物业", **details)
    assert snapshot() == before


def test_refer_refuses_a_deadline_in_the_past(secretary, unit):
    proposal = f.ProposalFactory()
    before = snapshot()
    with pytest.raises(ActionRefused, match="不能早于今天"):
        workflow.perform(proposal, "refer", secretary, reason="小事转物业", unit=unit, deadline=f.days_from_today(-1))
    assert snapshot() == before


def test_refer_creates_a_task_for_the_unit(secretary, unit):
    proposal = f.ProposalFactory(title="修复5号楼路灯")
    deadline = f.days_from_today(10)
    workflow.perform(proposal, "refer", secretary, reason="小事转物业", unit=unit, deadline=deadline)

    proposal.refresh_from_db()
    assert proposal.referred_unit == unit
    task = proposal.tasks.get()
    assert (task.unit, task.deadline, task.description, task.person, task.progress) == (
        unit,
        deadline,
        "修复5号楼路灯",
        "周经理",
        0,
    )


def test_refer_uses_the_given_description_and_person(secretary, unit):
    proposal = f.ProposalFactory()
    workflow.perform(
        proposal,
        "refer",
        secretary,
        reason="小事转物业",
        unit=unit,
        deadline=f.days_from_today(3),
        description="更换灯泡",
        person="电工老刘",
    )
    task = proposal.tasks.get()
    assert (task.description, task.person) == ("更换灯泡", "电工老刘")


# -- schedule and defer ------------------------------------------------------------------------------------


def test_schedule_needs_a_session(secretary):
    proposal = f.ProposalFactory(state=State.ACCEPTED)
    before = snapshot()
    with pytest.raises(ActionRefused, match="请选择议事日"):
        workflow.perform(proposal, "schedule", secretary)
    assert snapshot() == before


@pytest.mark.parametrize("status", [Session.Status.HELD, Session.Status.CANCELLED])
def test_schedule_needs_a_planned_session(status, secretary):
    proposal = f.ProposalFactory(state=State.ACCEPTED)
    session = f.SessionFactory(status=status)
    before = snapshot()
    with pytest.raises(ActionRefused, match="不能再增加议题"):
        workflow.perform(proposal, "schedule", secretary, session=session)
    assert snapshot() == before


def test_schedule_refuses_a_session_of_another_community(secretary, other_community):
    proposal = f.ProposalFactory(state=State.ACCEPTED)
    session = f.SessionFactory(site=other_community)
    before = snapshot()
    with pytest.raises(ActionRefused, match="本社区"):
        workflow.perform(proposal, "schedule", secretary, session=session)
    assert snapshot() == before


def test_schedule_appends_an_agenda_item(secretary):
    session = f.SessionFactory()
    first, second = f.ProposalFactory(state=State.ACCEPTED), f.ProposalFactory(state=State.ACCEPTED)
    workflow.perform(first, "schedule", secretary, session=session)
    workflow.perform(second, "schedule", secretary, session=session)

    items = list(
        session.agenda_items.order_by("sort_order").values_list("proposal", "sort_order", "outcome", "votes_for")
    )
    assert items == [(first.pk, 0, "", None), (second.pk, 1, "", None)]


def test_defer_marks_the_open_agenda_item_deferred(secretary):
    session = f.SessionFactory()
    proposal = f.ProposalFactory(state=State.ACCEPTED)
    workflow.perform(proposal, "schedule", secretary, session=session)
    workflow.perform(proposal, "defer", secretary, reason="需要先征求一楼住户意见。")

    proposal.refresh_from_db()
    assert proposal.state == State.ACCEPTED
    assert proposal.agenda_items.get().outcome == AgendaItem.Outcome.DEFERRED


def test_a_deferred_proposal_can_be_scheduled_on_a_later_session(secretary):
    proposal = f.ProposalFactory(state=State.ACCEPTED)
    workflow.perform(proposal, "schedule", secretary, session=f.SessionFactory())
    workflow.perform(proposal, "defer", secretary, reason="资料不全")
    later = f.SessionFactory(date=f.days_from_today(40))
    workflow.perform(proposal, "schedule", secretary, session=later)

    assert proposal.state == State.DELIBERATING
    assert list(proposal.agenda_items.order_by("pk").values_list("outcome", flat=True)) == ["deferred", ""]


def test_scheduling_a_deferred_proposal_again_on_the_same_session_is_refused_cleanly(secretary):
    """Deferred during a session that is still 筹备中, then put on the same session again: the agenda
    allows a proposal once per session, so this must be a ActionRefused, not a database error."""
    session = f.SessionFactory()
    proposal = f.ProposalFactory(state=State.ACCEPTED)
    workflow.perform(proposal, "schedule", secretary, session=session)
    workflow.perform(proposal, "defer", secretary, reason="资料不全")
    before = snapshot()

    with pytest.raises(ActionRefused):
        workflow.perform(proposal, "schedule", secretary, session=session)

    assert snapshot() == before


# -- resolve / not_adopt / start: only through their actions -----------------------------------------------


@pytest.mark.parametrize("name", ["resolve", "not_adopt"])
@pytest.mark.parametrize("actor", ["secretary", "superuser"])
def test_a_vote_result_cannot_be_set_directly(name, actor, request):
    user = request.getfixturevalue(actor)
    proposal = f.ProposalFactory(state=State.DELIBERATING)
    f.AgendaItemFactory(proposal=proposal, session=f.SessionFactory(participants__present=9))
    before = snapshot()

    with pytest.raises(ActionRefused, match="不能直接设置"):
        workflow.perform(proposal, name, user, reason="大家都同意")

    assert snapshot() == before


@pytest.mark.parametrize("name", ["resolve", "not_adopt"])
def test_a_vote_result_cannot_be_set_by_naming_an_agenda_item_without_a_vote(name, secretary):
    """The result is computed from recorded votes, never typed in: an agenda item without votes
    (or no agenda item at all) must not let perform() decide the outcome."""
    proposal = f.ProposalFactory(state=State.DELIBERATING)
    item = f.AgendaItemFactory(proposal=proposal, session=f.SessionFactory(participants__present=9))
    before = snapshot()

    with pytest.raises(ActionRefused):
        workflow.perform(proposal, name, secretary, agenda_item=item)

    assert snapshot() == before


def test_internal_transitions_are_not_offered(secretary):
    for state in State.values:
        proposal = f.ProposalFactory(state=state)
        offered = {t.name for t in workflow.available(proposal, secretary)}
        assert not offered & {"resolve", "not_adopt", "start"}
        assert offered == {name for (name, source) in EXPECTED if source == state} - {"resolve", "not_adopt", "start"}


def test_start_needs_a_task(secretary):
    proposal = f.ProposalFactory(state=State.RESOLVED)
    before = snapshot()
    with pytest.raises(ActionRefused, match="践议任务"):
        workflow.perform(proposal, "start", secretary)
    assert snapshot() == before


# -- assign_task ------------------------------------------------------------------------------------------


def test_assign_task_on_a_resolved_proposal_starts_implementation(secretary, unit):
    proposal = f.ProposalFactory(state=State.RESOLVED)
    task = implementation.assign_task(proposal, secretary, unit, "加装电梯", "周经理", f.days_from_today(60))

    proposal.refresh_from_db()
    assert proposal.state == State.IMPLEMENTING
    assert list(proposal.tasks.all()) == [task]
    assert proposal.events.get().action == "start"


def test_assign_task_on_an_implementing_proposal_adds_a_task_without_a_transition(secretary, unit, other_unit):
    proposal = f.ProposalFactory(state=State.RESOLVED)
    implementation.assign_task(proposal, secretary, unit, "加装电梯", "周经理", f.days_from_today(60))
    implementation.assign_task(proposal, secretary, other_unit, "移栽绿化", "吴所长", f.days_from_today(30))

    proposal.refresh_from_db()
    assert proposal.state == State.IMPLEMENTING
    assert proposal.tasks.count() == 2
    assert proposal.events.count() == 1


@pytest.mark.parametrize("state", [s for s in State.values if s not in (State.RESOLVED, State.IMPLEMENTING)])
def test_assign_task_refuses_other_states(state, secretary, unit):
    proposal = f.ProposalFactory(state=state)
    before = snapshot()
    with pytest.raises(ActionRefused, match="只有决议通过或践议中的议题才能派发任务"):
        implementation.assign_task(proposal, secretary, unit, "加装电梯", "周经理", f.days_from_today(60))
    assert snapshot() == before


def test_assign_task_refuses_a_deadline_in_the_past(secretary, unit):
    proposal = f.ProposalFactory(state=State.RESOLVED)
    before = snapshot()
    with pytest.raises(ActionRefused, match="不能早于今天"):
        implementation.assign_task(proposal, secretary, unit, "加装电梯", "周经理", f.days_from_today(-1))
    assert snapshot() == before


# -- complete ------------------------------------------------------------------------------------------


def test_complete_is_refused_while_a_task_is_unfinished(secretary):
    proposal = f.ProposalFactory(state=State.IMPLEMENTING)
    f.TaskFactory(proposal=proposal, done=True)
    f.TaskFactory(proposal=proposal, description="移栽绿化带", progress=99)
    before = snapshot()

    with pytest.raises(ActionRefused, match="还有 1 项任务未完成.*移栽绿化带.*99%"):
        workflow.perform(proposal, "complete", secretary)

    assert snapshot() == before


def test_complete_is_refused_without_tasks(secretary):
    proposal = f.ProposalFactory(state=State.IMPLEMENTING)
    before = snapshot()
    with pytest.raises(ActionRefused, match="还没有践议任务"):
        workflow.perform(proposal, "complete", secretary)
    assert snapshot() == before


def test_a_referred_matter_is_completed_once_the_unit_reports_100_percent(secretary, unit, unit_user):
    proposal = f.ProposalFactory()
    workflow.perform(proposal, "refer", secretary, reason="小事转物业", unit=unit, deadline=f.days_from_today(5))
    # Each report is a request of its own, loading the task afresh (as the unit's screen does).
    implementation.post_progress(proposal.tasks.get(), unit_user, 40, "已采购灯具。")
    with pytest.raises(ActionRefused, match="未完成"):
        workflow.perform(proposal, "complete", secretary)

    implementation.post_progress(proposal.tasks.get(), unit_user, 100, "路灯已修复。")
    workflow.perform(proposal, "complete", secretary)

    assert proposal.state == State.IMPLEMENTED


# -- evaluation ------------------------------------------------------------------------------------------


def test_open_evaluation_defaults_to_fourteen_days(secretary):
    proposal = f.ProposalFactory(state=State.IMPLEMENTED)
    workflow.perform(proposal, "open_evaluation", secretary)
    assert proposal.evaluation_ends_on == f.days_from_today(workflow.DEFAULT_EVALUATION_DAYS)


def test_open_evaluation_refuses_an_end_in_the_past(secretary):
    proposal = f.ProposalFactory(state=State.IMPLEMENTED)
    before = snapshot()
    with pytest.raises(ActionRefused, match="不能早于今天"):
        workflow.perform(proposal, "open_evaluation", secretary, ends_on=f.days_from_today(-1))
    assert snapshot() == before


def test_close_is_refused_without_ratings(secretary):
    proposal = f.ProposalFactory(state=State.EVALUATING)
    before = snapshot()
    with pytest.raises(ActionRefused, match="还没有收到居民评价"):
        workflow.perform(proposal, "close", secretary)
    assert snapshot() == before


@pytest.mark.parametrize(
    "scores, rate",
    [
        (["satisfied", "satisfied", "mostly", "unsatisfied"], Decimal("0.7500")),
        (["satisfied", "mostly", "unsatisfied"], Decimal("0.6667")),
        (["unsatisfied"], Decimal("0.0000")),
        (["mostly"] * 5, Decimal("1.0000")),
    ],
)
def test_close_records_the_satisfaction_rate(scores, rate, secretary):
    proposal = f.ProposalFactory(state=State.EVALUATING)
    for score in scores:
        f.RatingFactory(proposal=proposal, score=score)

    workflow.perform(proposal, "close", secretary)

    proposal.refresh_from_db()
    assert proposal.state == State.CLOSED
    assert proposal.satisfaction_rate == rate


def test_reopen_goes_back_to_implementing(secretary):
    proposal = f.ProposalFactory(state=State.EVALUATING)
    f.TaskFactory(proposal=proposal, done=True)
    workflow.perform(proposal, "reopen", secretary, reason="居民反映电梯仍有异响。")
    assert proposal.state == State.IMPLEMENTING
    assert proposal.satisfaction_rate is None


def test_the_whole_life_of_a_proposal(secretary, unit, unit_user):
    proposal = f.ProposalFactory()
    session = f.SessionFactory(participants__present=9)
    workflow.perform(proposal, "accept", secretary)
    workflow.perform(proposal, "schedule", secretary, session=session)
    deliberation.record_vote(proposal.agenda_items.get(), secretary, 8, 1, 0, resolution="加装电梯，费用按楼层分摊。")
    task = implementation.assign_task(proposal, secretary, unit, "加装电梯", "周经理", f.days_from_today(60))
    implementation.post_progress(task, unit_user, 100, "电梯已通过验收。")
    workflow.perform(proposal, "complete", secretary)
    workflow.perform(proposal, "open_evaluation", secretary)
    evaluation.rate(proposal, "satisfied", f.verified("13800138000"))
    workflow.perform(proposal, "close", secretary)

    assert proposal.state == State.CLOSED
    assert proposal.resolution == "加装电梯，费用按楼层分摊。"
    assert list(proposal.events.values_list("action", flat=True)) == [
        "accept",
        "schedule",
        "resolve",
        "start",
        "complete",
        "open_evaluation",
        "close",
    ]
    assert transition_logs(proposal).count() == 7


# -- tracking numbers ------------------------------------------------------------------------------------


def test_tracking_number_format():
    proposal = f.ProposalFactory(submitted_at=at(2026, 3, 5))
    assert re.fullmatch(r"YS-2026-\d{4}", proposal.tracking_number)
    assert proposal.tracking_number == "YS-2026-0001"
    assert (proposal.year, proposal.sequence) == (2026, 1)


def test_tracking_numbers_increase_within_a_community_and_year():
    numbers = [f.ProposalFactory(submitted_at=at(2026, 3, day)).tracking_number for day in (1, 2, 3)]
    assert numbers == ["YS-2026-0001", "YS-2026-0002", "YS-2026-0003"]


def test_tracking_numbers_are_counted_per_community(other_community):
    f.ProposalFactory(submitted_at=at(2026, 3, 1))
    f.ProposalFactory(submitted_at=at(2026, 3, 2))
    elsewhere = f.ProposalFactory(site=other_community, submitted_at=at(2026, 3, 3))
    assert elsewhere.tracking_number == "QX-2026-0001"


def test_tracking_numbers_restart_in_a_new_year():
    f.ProposalFactory(submitted_at=at(2026, 12, 30))
    f.ProposalFactory(submitted_at=at(2026, 12, 31))
    assert f.ProposalFactory(submitted_at=at(2027, 1, 2)).tracking_number == "YS-2027-0001"
    assert f.ProposalFactory(submitted_at=at(2026, 12, 31, 12)).tracking_number == "YS-2026-0003"


def test_the_year_is_the_communitys_local_year():
    # 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in Beijing time.
    proposal = f.ProposalFactory(submitted_at=datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC))
    assert proposal.tracking_number == "YS-2027-0001"


def test_the_tracking_number_does_not_change_on_later_saves(secretary):
    proposal = f.ProposalFactory(submitted_at=at(2026, 3, 5))
    workflow.perform(proposal, "accept", secretary)
    proposal.title = "改了标题"
    proposal.save()
    proposal.refresh_from_db()
    assert proposal.tracking_number == "YS-2026-0001"


def test_two_communities_with_the_same_prefix_each_number_their_proposals(home):
    """tracking_prefix defaults to "YS" for every community; numbering is per community and year,
    so a second community that keeps the default must still be able to take proposals."""
    second = CommunityFactory(hostname="qingxi.example.org", root_page=home, site_name="青溪社区")
    f.ProposalFactory(submitted_at=at(2026, 3, 1))

    proposal = f.ProposalFactory(site=second, submitted_at=at(2026, 3, 2))

    assert proposal.sequence == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submissions_all_get_consecutive_numbers():
    """Residents submitting at the same moment (a QR code shown at a meeting) must all get a number.

    On SQLite only one writer gets in at a time and the others fail with "database is locked", which
    says nothing about the numbering; CI runs this on PostgreSQL."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite refuses concurrent writers with 'database is locked'")
    f.ProposalFactory(submitted_at=at(2026, 3, 1))
    count = 8
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def submit(index):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = f.ProposalFactory(
                title=f"同时提交的议题{index}", submitted_at=at(2026, 3, 2)
            ).tracking_number
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == [f"YS-2026-{n:04d}" for n in range(2, count + 2)]
