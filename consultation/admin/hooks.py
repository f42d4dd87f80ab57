"""Wires the consultation process into the Wagtail admin: menu, audit-log actions, dashboard panel."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from consultation import permissions
from consultation.admin.viewsets import ConsultationGroup
from consultation.models import Notice, Proposal, Session, Task
from consultation.models.proposals import State

DASHBOARD_LIST_SIZE = 5


@hooks.register("register_admin_viewset")
def register_consultation_viewsets():
    return ConsultationGroup()


@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    actions.register_action("consultation.transition", _("议题状态变更"), _("议题状态已变更"))
    actions.register_action("consultation.opinions", _("记录各方意见"), _("已记录各方意见"))
    actions.register_action("consultation.agenda_order", _("调整议程顺序"), _("已调整议程顺序"))
    actions.register_action("consultation.task", _("派发践议任务"), _("已派发践议任务"))
    actions.register_action("consultation.progress", _("填报任务进度"), _("已填报任务进度"))
    actions.register_action("consultation.objection", _("登记监督意见"), _("已登记监督意见"))
    actions.register_action("consultation.reply", _("答复异议与意见"), _("已答复异议与意见"))
    actions.register_action("consultation.comment", _("收到居民意见"), _("已收到居民的异议或意见"))
    actions.register_action("consultation.rating", _("收到居民评价"), _("已收到居民评价"))
    actions.register_action("consultation.minutes_approved", _("审定会议纪要"), _("会议纪要已审定"))
    actions.register_action("consultation.record_version", _("生成存档PDF"), _("已生成存档PDF"))
    actions.register_action("consultation.roster", _("导入住户名册"), _("已导入住户名册"))


class ConsultationPanel(Component):
    """The secretary's morning view: what waits for triage, the next 议事日, overdue tasks,
    notices on display and evaluations open."""

    name = "consultation"
    order = 50
    template_name = "consultation/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        tasks = Task.objects.for_user(self.user).select_related("unit", "proposal")
        context = {
            "overdue_tasks": list(tasks.overdue(today).order_by("deadline")[:DASHBOARD_LIST_SIZE]),
            "overdue_count": tasks.overdue(today).count(),
            "today": today,
            "sees_all": permissions.can(self.user, "view"),
        }
        if context["sees_all"]:
            waiting = Proposal.objects.filter(state=State.SUBMITTED).order_by("submitted_at")
            evaluating = Proposal.objects.filter(state=State.EVALUATING).order_by("evaluation_ends_on")
            context.update(
                waiting=list(waiting[:DASHBOARD_LIST_SIZE]),
                waiting_count=waiting.count(),
                next_session=Session.objects.filter(status=Session.Status.PLANNED)
                .upcoming(today)
                .prefetch_related("agenda_items__proposal")
                .first(),
                notices_on_display=list(Notice.objects.on_display(today).order_by("ends_on")),
                evaluating=list(evaluating[:DASHBOARD_LIST_SIZE]),
                evaluating_count=evaluating.count(),
            )
        return context


@hooks.register("construct_homepage_panels")
def add_consultation_panel(request, panels):
    user = request.user
    if permissions.can(user, "view") or permissions.can(user, "view_task"):
        panels.append(ConsultationPanel(user))
