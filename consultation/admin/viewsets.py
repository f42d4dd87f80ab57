"""Admin screens (Wagtail ModelViewSets) for the consultation models, grouped under 议事协商."""

from django.db import transaction
from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from consultation import implementation, noticeboard, workflow
from consultation.admin import views as admin_views
from consultation.admin.messages import MessageLogViewSet
from consultation.admin.roster import RosterViewSet
from consultation.errors import ActionRefused
from consultation.models import Notice, Objection, PartnerUnit, Proposal, Session, Task
from core.formatting import cn_date


def date_column(field, label):
    """A date as 2026年11月23日 rather than "3 weeks ago": deadlines and meeting days are dates."""
    return Column(field, label=label, accessor=lambda obj: cn_date(getattr(obj, field)))


class ConsultationViewSet(ModelViewSet):
    add_to_admin_menu = False
    copy_view_enabled = False
    ordering = None

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(default_ordering=self.ordering, **kwargs)


def record_column(field, label, url_name):
    """The first column of a listing, linking to the object's working screen rather than its form."""
    return TitleColumn(field, label=label, get_url=lambda obj: reverse(url_name, args=(obj.pk,)))


class ActionFormMixin:
    """For generic create/edit views whose save is a domain action: a refusal becomes the form's
    error, in Chinese, and nothing is saved (the generic view's transaction is rolled back)."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ActionRefused as error:
            form.add_error(None, str(error))  # listed under the view's own error message
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class ProposalCreateView(generic.CreateView):
    """Proposals registered by the committee (窗口登记, 走访收集) start their history like online ones."""

    def save_instance(self):
        with transaction.atomic():
            proposal = super().save_instance()
            workflow.record_submission(proposal, self.request.user)
        return proposal


class ProposalViewSet(ConsultationViewSet):
    model = Proposal
    add_view_class = ProposalCreateView
    icon = "clipboard-list"
    menu_label = _("议题")
    form_fields = [
        "title",
        "description",
        "category",
        "estate",
        "building",
        "proposer_name",
        "proposer_phone",
        "source",
    ]
    list_display = [
        record_column("title", _("议题"), "proposal:record"),
        "tracking_number",
        Column("state", label=_("状态"), accessor="get_state_display"),
        Column("category", label=_("类别"), accessor="get_category_display"),
        "estate",
        date_column("submitted_at", _("提交时间")),
    ]
    list_filter = ["state", "category", "year", "source"]
    ordering = ["-submitted_at"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("record/<int:pk>/", admin_views.ProposalRecordView.as_view(), name="record")
        ]


class SessionViewSet(ConsultationViewSet):
    model = Session
    icon = "date"
    menu_label = _("议事日")
    list_display = [
        record_column("display_title", _("议事日"), "session:record"),
        date_column("date", _("日期")),
        "venue",
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("minutes", label=_("会议纪要"), accessor="minutes_status"),
        "document_number",
    ]
    list_filter = ["status"]
    ordering = ["-date"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("record/<int:pk>/", admin_views.SessionRecordView.as_view(), name="record"),
            path("pdf/<int:pk>/", admin_views.RecordPdfView.as_view(model=Session), name="pdf"),
        ]


class TaskIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Task.objects.for_user(self.request.user).select_related("proposal", "unit")


class TaskCreateView(ActionFormMixin, generic.CreateView):
    """A task made from the listing is assigned like one from the proposal's screen: only for a
    resolved or implementing proposal, and the first one starts 践议."""

    def save_instance(self):
        data = self.form.cleaned_data
        return implementation.assign_task(
            data["proposal"], self.request.user, data["unit"], data["description"], data["person"], data["deadline"]
        )


class TaskViewSet(ConsultationViewSet):
    model = Task
    add_view_class = TaskCreateView
    icon = "tasks"
    menu_label = _("践议任务")
    index_view_class = TaskIndexView
    list_display = [
        record_column("description", _("任务"), "task:progress"),
        "unit",
        "person",
        date_column("deadline", _("完成时限")),
        Column("progress", label=_("进度（%）")),
        Column("status", label=_("状态"), accessor="status_label"),
    ]
    list_filter = ["unit"]
    ordering = ["progress", "deadline"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("progress/<int:pk>/", admin_views.TaskProgressView.as_view(), name="progress")
        ]


class PartnerUnitViewSet(ConsultationViewSet):
    model = PartnerUnit
    icon = "group"
    menu_label = _("共建单位")
    list_display = [
        "name",
        Column("kind", label=_("类型"), accessor="get_kind_display"),
        "contact_person",
        "contact_phone",
    ]


class NoticeIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(objection_count=Count("objections"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(_("查看公示与意见"), url=reverse("notice:view", args=(instance.pk,)), icon_name="view", priority=4)
        )
        if not instance.is_published:
            buttons.append(
                MenuItem(_("发布"), url=reverse("notice:publish", args=(instance.pk,)), icon_name="upload", priority=5)
            )
        return buttons


class NoticeViewSet(ConsultationViewSet):
    model = Notice
    index_view_class = NoticeIndexView
    icon = "doc-full-inverse"
    menu_label = _("公示")
    list_display = [
        "title",
        Column("kind", label=_("类型"), accessor="get_kind_display"),
        date_column("starts_on", _("公示开始")),
        date_column("ends_on", _("公示结束")),
        Column("published", label=_("发布状态"), accessor="status_label"),
        NumberColumn("objection_count", label=_("异议与意见")),
    ]
    list_filter = ["kind"]
    ordering = ["-starts_on"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("view/<int:pk>/", admin_views.NoticeView.as_view(), name="view"),
            path("publish/<int:pk>/", admin_views.NoticePublishView.as_view(), name="publish"),
            path("pdf/<int:pk>/", admin_views.RecordPdfView.as_view(model=Notice), name="pdf"),
        ]


class ObjectionEditView(ActionFormMixin, generic.EditView):
    """The committee's reply goes through noticeboard.reply, with its permission check and audit entry."""

    def save_instance(self):
        return noticeboard.reply(self.form.instance, self.request.user, self.form.cleaned_data["reply"])


class ObjectionViewSet(ConsultationViewSet):
    model = Objection
    edit_view_class = ObjectionEditView
    icon = "comment"
    menu_label = _("异议与意见")
    form_fields = ["reply"]
    list_display = [
        "content",
        "notice",
        Column("kind", label=_("类型"), accessor="get_kind_display"),
        "name",
        "phone",
        date_column("created_at", _("时间")),
    ]
    list_filter = ["kind", "notice"]
    ordering = ["-created_at"]


class ConsultationGroup(ViewSetGroup):
    menu_label = _("议事协商")
    menu_icon = "clipboard-list"
    menu_order = 150
    items = (
        ProposalViewSet("proposal"),
        SessionViewSet("session"),
        TaskViewSet("task"),
        NoticeViewSet("notice"),
        ObjectionViewSet("objection"),
        PartnerUnitViewSet("partnerunit"),
        RosterViewSet("roster"),
        MessageLogViewSet("sms_message"),
    )
