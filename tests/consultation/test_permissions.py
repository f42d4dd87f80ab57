"""Who may do what (consultation/permissions.py), and the workflow functions enforcing it."""

import pytest

from consultation import deliberation, implementation, noticeboard, permissions, workflow
from consultation.errors import ActionRefused
from consultation.models import ProgressUpdate, Task
from consultation.models.proposals import State
from consultation.permissions import ACTIONS, can
from consultation.workflow import TRANSITIONS
from tests.consultation import factories as f
from tests.consultation.helpers import EXPECTED, pair_id, prepare, snapshot
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

EVERYTHING = set(ACTIONS)
# role → the actions it may take (without an object): docs/workflow.md, "Roles", and consultation/permissions.py.
MATRIX = {
    "secretary": EVERYTHING,
    "member": {"view", "record_opinion", "view_task"},
    "supervisor": {"view", "view_task", "file_objection", "view_messages"},
    "unit_user": {"view_task", "post_progress"},
    "superuser": EVERYTHING,
    "anonymous": set(),
    "inactive": set(),
    "staff_without_group": set(),
}


def test_the_matrix_covers_every_action():
    assert EVERYTHING == {
        "view",
        "triage",
        "manage_session",
        "record_opinion",
        "record_vote",
        "assign_task",
        "view_task",
        "post_progress",
        "complete",
        "manage_evaluation",
        "publish_notice",
        "file_objection",
        "approve_minutes",
        "correct_record",
        "view_messages",
        "manage_roster",
    }


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", list(MATRIX))
def test_role_action_matrix(role, action, users):
    assert can(users[role], action) is (action in MATRIX[role])


def test_an_unknown_action_is_a_programming_error(secretary):
    with pytest.raises(KeyError):
        can(secretary, "delete_everything")


def test_groups_exist_after_migrations():
    from django.contrib.auth.models import Group

    assert set(Group.objects.filter(name__in=permissions.GROUPS).values_list("name", flat=True)) == set(
        permissions.GROUPS
    )


# -- unit accounts and their tasks ----------------------------------------------------------------------------


@pytest.fixture
def own_task(unit):
    return f.TaskFactory(unit=unit)


@pytest.fixture
def other_task(other_unit):
    return f.TaskFactory(unit=other_unit)


@pytest.mark.parametrize("action", ["view_task", "post_progress"])
def test_a_unit_user_may_act_on_its_own_units_task(action, unit_user, own_task):
    assert can(unit_user, action, own_task)


@pytest.mark.parametrize("action", ["view_task", "post_progress"])
def test_a_unit_user_may_not_act_on_another_units_task(action, unit_user, other_task):
    assert not can(unit_user, action, other_task)


def test_a_unit_group_member_outside_the_unit_may_not_post_progress(db, own_task):
    stranger = UserFactory(username="wailai", group=permissions.UNIT)
    assert can(stranger, "post_progress")  # the group opens the screen ...
    assert not can(stranger, "post_progress", own_task)  # ... but not someone else's task


def test_a_unit_member_outside_the_unit_group_may_not_post_progress(db, unit, own_task):
    user = UserFactory(username="wuzu")
    unit.members.add(user)
    assert not can(user, "post_progress", own_task)


def test_a_user_of_two_units_acts_on_both(unit_user, other_unit, own_task, other_task):
    other_unit.members.add(unit_user)
    assert can(unit_user, "post_progress", own_task) and can(unit_user, "post_progress", other_task)


@pytest.mark.parametrize("role", ["secretary", "superuser"])
def test_secretaries_post_progress_on_any_task(role, users, other_task):
    assert can(users[role], "post_progress", other_task)


@pytest.mark.parametrize("role", ["member", "supervisor"])
def test_members_and_supervisors_see_every_task_but_do_not_post_progress(role, users, other_task):
    assert can(users[role], "view_task", other_task)
    assert not can(users[role], "post_progress", other_task)


def test_post_progress_on_another_units_task_is_refused_and_creates_nothing(unit_user, other_task):
    before = snapshot()
    with pytest.raises(ActionRefused, match="填报任务进度"):
        implementation.post_progress(other_task, unit_user, 50, "已完成一半。")
    assert snapshot() == before
    assert Task.objects.get(pk=other_task.pk).progress == 0


def test_post_progress_on_the_own_units_task_is_stored(unit_user, own_task):
    implementation.post_progress(own_task, unit_user, 60, "  井道已开挖。 ")

    update = ProgressUpdate.objects.get(task=own_task)
    assert (update.percent, update.text, update.author, update.date) == (60, "井道已开挖。", unit_user, f.today())
    assert Task.objects.get(pk=own_task.pk).progress == 60


def test_the_latest_progress_update_sets_the_progress(unit_user, own_task):
    implementation.post_progress(own_task, unit_user, 40, "已采购材料。")
    implementation.post_progress(own_task, unit_user, 100, "已完工。")

    assert Task.objects.get(pk=own_task.pk).progress == 100
    assert list(ProgressUpdate.objects.filter(task=own_task).order_by("pk").values_list("percent", flat=True)) == [
        40,
        100,
    ]


@pytest.mark.parametrize("percent", [-1, 101])
def test_post_progress_refuses_impossible_percentages(percent, unit_user, own_task):
    before = snapshot()
    with pytest.raises(ActionRefused, match="0 到 100"):
        implementation.post_progress(own_task, unit_user, percent, "进展")
    assert snapshot() == before


def test_post_progress_needs_a_text(unit_user, own_task):
    before = snapshot()
    with pytest.raises(ActionRefused, match="请填写进展情况"):
        implementation.post_progress(own_task, unit_user, 50, "   ")
    assert snapshot() == before


# -- Task.objects.for_user --------------------------------------------------------------------------------


def test_a_unit_user_sees_only_its_own_units_tasks(unit_user, own_task, other_task):
    assert list(Task.objects.for_user(unit_user)) == [own_task]


@pytest.mark.parametrize("role", ["secretary", "member", "supervisor", "superuser"])
def test_committee_users_see_every_task(role, users, own_task, other_task):
    assert set(Task.objects.for_user(users[role])) == {own_task, other_task}


def test_a_staff_user_without_a_group_sees_no_task(staff_without_group, own_task, other_task):
    assert not Task.objects.for_user(staff_without_group).exists()


def test_a_user_of_two_units_sees_both_units_tasks_once(unit_user, other_unit, own_task, other_task):
    other_unit.members.add(unit_user)
    tasks = list(Task.objects.for_user(unit_user))
    assert sorted(t.pk for t in tasks) == sorted([own_task.pk, other_task.pk])


# -- the supervisory committee watches, and changes nothing ------------------------------------------------


@pytest.mark.parametrize("pair", sorted(EXPECTED), ids=pair_id)
def test_supervisors_cannot_perform_any_transition(pair, supervisor):
    name, source = pair
    proposal = f.ProposalFactory(state=source)
    kwargs = prepare(name, proposal)
    before = snapshot()

    with pytest.raises(ActionRefused, match="您没有“.*”的权限"):
        workflow.perform(proposal, name, supervisor, **kwargs)

    assert snapshot() == before


def test_supervisors_are_offered_no_transition(supervisor):
    for state in State.values:
        assert workflow.available(f.ProposalFactory(state=state), supervisor) == []


@pytest.fixture
def deliberating_item(db):
    session = f.SessionFactory(participants__present=9)
    return f.AgendaItemFactory(session=session)


@pytest.mark.parametrize("role", ["supervisor", "member", "unit_user", "anonymous", "inactive", "staff_without_group"])
def test_only_secretaries_record_votes(role, users, deliberating_item):
    before = snapshot()
    with pytest.raises(ActionRefused, match="登记表决结果"):
        deliberation.record_vote(deliberating_item, users[role], 7, 1, 1)
    assert snapshot() == before


@pytest.mark.parametrize("role", ["supervisor", "unit_user", "anonymous", "inactive", "staff_without_group"])
def test_others_cannot_record_opinions(role, users, deliberating_item):
    before = snapshot()
    with pytest.raises(ActionRefused, match="记录各方意见"):
        deliberation.record_opinions(deliberating_item, users[role], "居民代表：支持加装。")
    assert snapshot() == before


@pytest.mark.parametrize("role", ["member", "secretary"])
def test_members_and_secretaries_record_opinions(role, users, deliberating_item):
    deliberation.record_opinions(deliberating_item, users[role], "  一楼住户：担心采光。\n")
    deliberating_item.refresh_from_db()
    assert deliberating_item.opinions == "一楼住户：担心采光。"


@pytest.mark.parametrize("role", ["supervisor", "member", "unit_user", "anonymous"])
def test_only_secretaries_assign_tasks(role, users, unit):
    proposal = f.ProposalFactory(state=State.RESOLVED)
    before = snapshot()
    with pytest.raises(ActionRefused, match="派发践议任务"):
        implementation.assign_task(proposal, users[role], unit, "加装电梯", "周经理", f.days_from_today(30))
    assert snapshot() == before


@pytest.mark.parametrize("role", ["supervisor", "member"])
def test_supervisors_and_members_cannot_post_progress(role, users, own_task):
    before = snapshot()
    with pytest.raises(ActionRefused, match="填报任务进度"):
        implementation.post_progress(own_task, users[role], 100, "已完工。")
    assert snapshot() == before


@pytest.mark.parametrize("role", ["supervisor", "member", "unit_user", "anonymous"])
def test_only_secretaries_publish_notices(role, users):
    notice = f.NoticeFactory()
    before = snapshot()
    with pytest.raises(ActionRefused, match="发布公示"):
        noticeboard.publish(notice, users[role])
    assert snapshot() == before


@pytest.mark.parametrize("role", ["member", "unit_user", "anonymous", "inactive", "staff_without_group"])
@pytest.mark.parametrize(
    "pair",
    [
        ("accept", State.SUBMITTED),
        ("schedule", State.ACCEPTED),
        ("complete", State.IMPLEMENTING),
        ("close", State.EVALUATING),
    ],
    ids=pair_id,
)
def test_other_roles_cannot_perform_transitions(pair, role, users):
    name, source = pair
    proposal = f.ProposalFactory(state=source)
    kwargs = prepare(name, proposal)
    before = snapshot()
    with pytest.raises(ActionRefused, match="的权限"):
        workflow.perform(proposal, name, users[role], **kwargs)
    assert snapshot() == before


@pytest.mark.parametrize("pair", sorted(EXPECTED), ids=pair_id)
def test_secretaries_are_offered_the_non_internal_transitions(pair, secretary):
    name, source = pair
    offered = {t.name for t in workflow.available(f.ProposalFactory(state=source), secretary)}
    assert (name in offered) is (not TRANSITIONS[name].internal)
