"""Who may do what in the consultation process: the one place where roles meet actions.

Roles are Django groups created by a migration. A superuser may do everything. Responsible-unit
accounts act only on tasks of the units they belong to.
"""

from django.utils.translation import gettext_lazy as _

SECRETARY = "议事秘书"
MEMBER = "议事委员"
SUPERVISOR = "居务监督委员会"
UNIT = "责任单位"
GROUPS = (SECRETARY, MEMBER, SUPERVISOR, UNIT)

# action → the groups allowed to take it (object checks below narrow some of them).
ACTIONS = {
    "view": {SECRETARY, MEMBER, SUPERVISOR},
    "triage": {SECRETARY},
    "manage_session": {SECRETARY},
    "record_opinion": {SECRETARY, MEMBER},
    "record_vote": {SECRETARY},
    "assign_task": {SECRETARY},
    "view_task": {SECRETARY, MEMBER, SUPERVISOR, UNIT},
    "post_progress": {SECRETARY, UNIT},
    "complete": {SECRETARY},
    "manage_evaluation": {SECRETARY},
    "publish_notice": {SECRETARY},
    "approve_minutes": {SECRETARY},
    "correct_record": {SECRETARY},
    "file_objection": {SUPERVISOR, SECRETARY},
    "manage_roster": {SECRETARY},
    "view_messages": {SECRETARY, SUPERVISOR},
}
LABELS = {
    "view": _("查看议事记录"),
    "triage": _("受理、不予受理、合并或转办议题"),
    "manage_session": _("安排议事日和议程"),
    "record_opinion": _("记录各方意见"),
    "record_vote": _("登记表决结果"),
    "assign_task": _("派发践议任务"),
    "view_task": _("查看践议任务"),
    "post_progress": _("填报任务进度"),
    "complete": _("确认践议完成"),
    "manage_evaluation": _("组织议评"),
    "publish_notice": _("发布公示"),
    "approve_minutes": _("审定会议纪要"),
    "correct_record": _("发布纪要或公示的更正版"),
    "file_objection": _("提出异议"),
    "manage_roster": _("管理住户名册"),
    "view_messages": _("查看短信发送记录"),
}


def group_names(user):
    if not hasattr(user, "_consultation_groups"):
        user._consultation_groups = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return user._consultation_groups


def can(user, action, obj=None):
    """True if `user` may take `action` (on `obj`, where the action concerns one object)."""
    if action not in ACTIONS:
        raise KeyError(action)
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    groups = group_names(user)
    if not groups & ACTIONS[action]:
        return False
    if action in ("post_progress", "view_task") and obj is not None and not groups & {SECRETARY, MEMBER, SUPERVISOR}:
        return belongs_to_unit(user, obj.unit_id)
    return True


def belongs_to_unit(user, unit_id):
    return user.partner_units.filter(pk=unit_id).exists()


def sees_all_tasks(user):
    return user.is_superuser or bool(group_names(user) & {SECRETARY, MEMBER, SUPERVISOR})


def refusal(action):
    return _("您没有“%(action)s”的权限。") % {"action": LABELS[action]}
