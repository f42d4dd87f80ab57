"""The committee's working screens in the Wagtail admin: a proposal's record with its actions,
a session's agenda with opinions and votes, a task's progress, publishing a notice."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_tasks import TaskResultStatus
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultation import (
    deliberation,
    downloads,
    evaluation,
    implementation,
    noticeboard,
    permissions,
    records,
    workflow,
)
from consultation.admin.forms import (
    CorrectionForm,
    DeferForm,
    OpinionsForm,
    ProgressForm,
    SupervisionForm,
    TaskForm,
    TransitionForm,
    VoteForm,
)
from consultation.errors import ActionRefused
from consultation.models import Notice, Proposal, RecordVersion, Session, Task
from consultation.models.proposals import State
from consultation.pages import proposal_record, record_files
from consultation.pdf import fonts
from core.formatting import cn_date

logger = logging.getLogger(__name__)


class ConsultationAdminView(WagtailAdminTemplateMixin, View):
    model = None
    action = "view"
    header_icon = "clipboard-list"

    def dispatch(self, request, pk, *args, **kwargs):
        self.object = get_object_or_404(self.get_queryset(), pk=pk)
        if not permissions.can(request.user, self.action, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.all()

    def get_breadcrumbs_items(self):
        index = reverse(f"{self.model._meta.model_name}:index")
        return self.breadcrumbs_items + [
            {"url": index, "label": self.model._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]

    def refuse(self, error):
        messages.error(self.request, str(error))


def report_freeze(request, result):
    """Tell the secretary how making the frozen PDF went: at once with the immediate backend,
    "being made" when a worker will do it."""
    if result is None or result.status not in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        messages.info(request, _("存档 PDF 正在后台生成，稍后刷新本页即可看到。"))
    elif result.status == TaskResultStatus.FAILED:
        logger.error("freezing a record failed:\n%s", result.errors[-1].traceback if result.errors else "")
        messages.error(
            request, _("存档 PDF 生成失败（系统错误，详情已写入日志）。问题解决后可在本页点“生成存档文件”。")
        )
    elif "error" in result.return_value:
        messages.error(
            request,
            _("存档 PDF 生成失败：%(error)s 问题解决后可在本页点“生成存档文件”。")
            % {"error": result.return_value["error"]},
        )
    else:
        version = RecordVersion.objects.get(pk=result.return_value["version"])
        messages.success(
            request, _("已存档第%(n)s版 PDF，SHA-256：%(hash)s") % {"n": version.number, "hash": version.sha256}
        )
        if result.return_value["missing_glyphs"]:
            messages.warning(
                request,
                _("这些字符没有任何字体可以显示，打印件上会是方框：%(chars)s。请改用文字表述后发布更正版。")
                % {"chars": "、".join(result.return_value["missing_glyphs"])},
            )


class RecordActionsMixin:
    """The PDF of a session's minutes or of a notice in the admin: download, versions with their
    hashes, and — for the secretary — approving, correcting, or making a missing frozen copy."""

    record_actions = ("approve_minutes", "correct", "freeze")

    def record_context(self, correction_form=None):
        """One rendering of the document's HTML as it stands (for characters no font has and the
        seal's state), and whether the record was edited since its latest version was frozen."""
        owner, user = self.object, self.request.user
        files = record_files(owner, reverse(f"{self.model._meta.model_name}:pdf", args=(owner.pk,)))
        versions = files["versions"]
        frozen = records.is_frozen(owner)
        may_correct = frozen and permissions.can(user, "correct_record", owner)
        html, warnings = records.source(owner)
        return {
            "record": files,
            "correction_form": (correction_form or CorrectionForm()) if may_correct and versions else None,
            "can_freeze": may_correct and not versions,
            "stale": bool(versions) and records.is_stale(owner, versions[0]),
            # Before approval or publication, while a correction is not needed to fix them.
            "uncovered": "" if frozen else "".join(sorted(fonts.uncovered(html))),
            "record_warnings": warnings,
        }

    def record_action(self, action):
        owner, request = self.object, self.request
        form = None
        try:
            if action == "approve_minutes":
                result = records.approve_minutes(owner, request.user)
                messages.success(
                    request,
                    _("会议纪要已审定%(number)s。")
                    % {"number": _("，文号 %(n)s") % {"n": owner.document_number} if owner.document_number else ""},
                )
                report_freeze(request, result)
            elif action == "freeze":
                report_freeze(request, records.make_missing_copy(owner, request.user))
            else:
                form = CorrectionForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(correction_form=form), status=400)
                report_freeze(request, records.correct(owner, request.user, form.cleaned_data["reason"]))
        except ActionRefused as error:
            self.refuse(error)
            return self.render_to_response(self.get_context_data(correction_form=form), status=400)
        return redirect(request.path)


class RecordPdfView(ConsultationAdminView):
    """The PDF as it stands: the latest frozen version, or the draft rendered now."""

    def get(self, request):
        return downloads.serve(request, self.object)


class ProposalRecordView(ConsultationAdminView):
    """A proposal's whole record (private fields included) and the actions the user may take."""

    model = Proposal
    template_name = "consultation/admin/proposal_record.html"
    DRAFT_ACTIONS = {"draft_resolution": Notice.Kind.RESOLUTION, "draft_result": Notice.Kind.RESULT}

    def get_page_title(self):
        return f"{self.object.tracking_number} {self.object.title}"

    def forms(self, data=None, action=None):
        user, proposal = self.request.user, self.object
        transition_forms = [
            (t, TransitionForm(t, proposal, data if action == t.name else None, prefix=t.name))
            for t in workflow.available(proposal, user)
        ]
        can_assign = proposal.state in (State.RESOLVED, State.IMPLEMENTING) and permissions.can(
            user, "assign_task", proposal
        )
        task_form = TaskForm(data if action == "assign" else None, prefix="task") if can_assign else None
        return transition_forms, task_form

    def get_context_data(self, **kwargs):
        transition_forms, task_form = kwargs.pop("forms", None) or self.forms()
        user = self.request.user
        return super().get_context_data(
            **proposal_record(self.object),
            evidence=evaluation.evidence(self.object),
            transition_forms=transition_forms,
            task_form=task_form,
            can_draft_notice=permissions.can(user, "publish_notice", self.object),
            edit_url=reverse("proposal:edit", args=(self.object.pk,))
            if user.has_perm("consultation.change_proposal")
            else "",
            **kwargs,
        )

    def get(self, request):
        return self.render_to_response(self.get_context_data())

    def post(self, request):
        action = request.POST.get("action", "")
        transition_forms, task_form = forms = self.forms(request.POST, action)
        try:
            if action == "assign" and task_form is not None:
                if task_form.is_valid():
                    implementation.assign_task(self.object, request.user, **task_form.cleaned_data)
                    messages.success(request, _("已派发任务给%(unit)s。") % {"unit": task_form.cleaned_data["unit"]})
                    return redirect(request.path)
            elif action in self.DRAFT_ACTIONS:
                return self.draft_notice(self.DRAFT_ACTIONS[action])
            else:
                form = next((f for t, f in transition_forms if t.name == action), None)
                if form is None:
                    raise ActionRefused(_("议题当前状态下不能执行这个操作，或您没有权限。"))
                if form.is_valid():
                    workflow.perform(self.object, action, request.user, form.cleaned_data["reason"], **form.details())
                    messages.success(request, _("已%(action)s。") % {"action": form.transition.label})
                    return redirect(request.path)
        except ActionRefused as error:
            self.refuse(error)
        self.object.refresh_from_db()
        return self.render_to_response(self.get_context_data(forms=forms, failed_action=action), status=400)

    def draft_notice(self, kind):
        if not permissions.can(self.request.user, "publish_notice", self.object):
            raise PermissionDenied
        notice = noticeboard.draft(self.object, kind, self.request.user)
        messages.success(self.request, _("已起草公示，请核对后发布。"))
        return redirect("notice:edit", notice.pk)


class SessionRecordView(RecordActionsMixin, ConsultationAdminView):
    """During and after a 议事日: record opinions, votes and deferrals item by item."""

    model = Session
    template_name = "consultation/admin/session_record.html"

    def get_page_title(self):
        return _("议事记录：%(session)s") % {"session": self.object.display_title}

    def item_forms(self, data=None, item_pk=None, action=None):
        user = self.request.user
        rows = []
        for item in self.object.agenda_items.select_related("proposal").order_by("sort_order"):
            bound = data if str(item.pk) == item_pk else None
            deciding = item.proposal.state == State.DELIBERATING and not item.outcome
            rows.append(
                {
                    "item": item,
                    "opinions": OpinionsForm(
                        bound if action == "opinions" else None,
                        prefix=f"o{item.pk}",
                        initial={"opinions": item.opinions},
                    )
                    if permissions.can(user, "record_opinion", item)
                    else None,
                    "vote": VoteForm(bound if action == "vote" else None, prefix=f"v{item.pk}")
                    if deciding and permissions.can(user, "record_vote", item)
                    else None,
                    "defer": DeferForm(bound if action == "defer" else None, prefix=f"d{item.pk}")
                    if deciding and permissions.can(user, "manage_session", item)
                    else None,
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        expected, present = self.object.attendance()
        rows = kwargs.pop("rows", None) or self.item_forms()
        correction_form = kwargs.pop("correction_form", None)
        session = self.object
        return super().get_context_data(
            session=session,
            rows=rows,
            can_reorder=permissions.can(self.request.user, "manage_session", session),
            attendance={"expected": expected, "present": present},
            participants=list(session.participants.all()),
            edit_url=reverse("session:edit", args=(session.pk,))
            if self.request.user.has_perm("consultation.change_session")
            else "",
            **(self.record_context(correction_form) if session.has_minutes else {}),
            can_approve=session.status == Session.Status.HELD
            and not session.minutes_approved
            and permissions.can(self.request.user, "approve_minutes", session),
            **kwargs,
        )

    def get(self, request):
        return self.render_to_response(self.get_context_data())

    def post(self, request):
        item_pk, action = request.POST.get("item"), request.POST.get("action")
        if action in self.record_actions:
            return self.record_action(action)
        if action in ("up", "down"):
            return self.move(get_object_or_404(self.object.agenda_items, pk=item_pk), -1 if action == "up" else 1)
        rows = self.item_forms(request.POST, item_pk, action)
        row = next((r for r in rows if str(r["item"].pk) == item_pk), None)
        form = row.get(action) if row and action in ("opinions", "vote", "defer") else None
        if form is None:
            raise PermissionDenied
        try:
            if form.is_valid():
                item = row["item"]
                if action == "opinions":
                    deliberation.record_opinions(item, request.user, form.cleaned_data["opinions"])
                    messages.success(request, _("已保存各方意见。"))
                elif action == "vote":
                    result = deliberation.record_vote(item, request.user, **form.cleaned_data)
                    messages.success(
                        request,
                        _("表决结果：%(outcome)s（需同意 %(needed)s 票）。")
                        % {"outcome": _("决议通过") if result.passed else _("未通过"), "needed": result.votes_needed},
                    )
                else:
                    workflow.perform(item.proposal, "defer", request.user, form.cleaned_data["reason"])
                    messages.success(request, _("已暂缓，议题回到待议状态。"))
                return redirect(request.path)
        except ActionRefused as error:
            self.refuse(error)
        return self.render_to_response(self.get_context_data(rows=rows), status=400)

    def move(self, item, offset):
        try:
            deliberation.move_agenda_item(item, self.request.user, offset)
        except ActionRefused as error:
            self.refuse(error)
        return redirect(self.request.path)


class TaskProgressView(ConsultationAdminView):
    """A responsible unit posts dated progress with a percentage and a photo."""

    model = Task
    action = "view_task"
    template_name = "consultation/admin/task_progress.html"

    def get_queryset(self):
        return Task.objects.for_user(self.request.user).select_related("proposal", "unit")

    def get_page_title(self):
        return _("任务进度：%(task)s") % {"task": self.object}

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None)
        if form is None and permissions.can(self.request.user, "post_progress", self.object):
            form = ProgressForm()
        return super().get_context_data(
            task=self.object, updates=list(self.object.updates.select_related("photo", "author")), form=form, **kwargs
        )

    def get(self, request):
        return self.render_to_response(self.get_context_data())

    def post(self, request):
        if not permissions.can(request.user, "post_progress", self.object):
            raise PermissionDenied
        form = ProgressForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                implementation.post_progress(self.object, request.user, **form.cleaned_data)
            except ActionRefused as error:
                self.refuse(error)
            else:
                messages.success(request, _("进度已更新为 %(percent)s%%。") % {"percent": form.cleaned_data["percent"]})
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NoticeView(RecordActionsMixin, ConsultationAdminView):
    """A notice as residents read it, with the objections received; the supervisory committee
    (and the secretary) can file an objection here at any time."""

    record_actions = ("correct", "freeze")

    model = Notice
    template_name = "consultation/admin/notice_view.html"

    def get_page_title(self):
        return self.object.title

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = kwargs.pop("form", None)
        if form is None and permissions.can(user, "file_objection", self.object):
            form = SupervisionForm()
        return super().get_context_data(
            **self.record_context(kwargs.pop("correction_form", None)),
            notice=self.object,
            objections=list(self.object.objections.all()),
            form=form,
            can_publish=not self.object.is_published and permissions.can(user, "publish_notice", self.object),
            edit_url=reverse("notice:edit", args=(self.object.pk,))
            if user.has_perm("consultation.change_notice")
            else "",
            **kwargs,
        )

    def get(self, request):
        return self.render_to_response(self.get_context_data())

    def post(self, request):
        if request.POST.get("action") in self.record_actions:
            return self.record_action(request.POST["action"])
        if not permissions.can(request.user, "file_objection", self.object):
            raise PermissionDenied
        form = SupervisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        noticeboard.file_supervision(self.object, request.user, **form.cleaned_data)
        messages.success(request, _("意见已登记。"))
        return redirect(request.path)


class NoticePublishView(ConsultationAdminView):
    """Shows the notice as residents will read it, and publishes it on confirmation."""

    model = Notice
    action = "publish_notice"
    page_title = gettext_lazy("发布公示")
    template_name = "consultation/admin/notice_publish.html"

    def get(self, request):
        return self.render_to_response(self.get_context_data(notice=self.object))

    def post(self, request):
        try:
            notice = noticeboard.publish(self.object, request.user)
        except ActionRefused as error:
            self.refuse(error)
        else:
            messages.success(
                request,
                _("公示已发布，公示期 %(start)s 至 %(end)s。")
                % {"start": cn_date(self.object.starts_on), "end": cn_date(self.object.ends_on)},
            )
            report_freeze(request, notice.freeze_result)
        return redirect("notice:view", self.object.pk)
