"""Admin screens (Wagtail ModelViewSets) for the consultation models, grouped under 议事协商."""
from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views import generic

from consultation import admin_views
from consultation.models import Notice, Objection, PartnerUnit, Proposal, Session, Task


def record_column(field, label, url_name):
    """The first column of a listing, linking to the object's working screen rather than its form."""
    return TitleColumn(field, label=label, get_url=lambda obj: reverse(url_name, args=(obj.pk,)))


class ProposalViewSet(ModelViewSet):
    model = Proposal
    icon = "clipboard-list"
    menu_label = _("议题")
    add_to_admin_menu = False
    form_fields = ["title", "description", "category", "estate", "building", "proposer_name", "proposer_phone", "source"]
    list_display = [
        record_column("title", _("议题"), "proposal:record"),
        "tracking_number", Column("state", label=_("状态"), accessor="get_state_display"),
        Column("category", label=_("类别"), accessor="get_category_display"), "estate",
        DateColumn("submitted_at", label=_("提交时间")),
    ]
    list_filter = ["state", "category", "year", "source"]
    search_fields = ["title", "description", "tracking_number"]
    ordering = ["-submitted_at"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("record/<int:pk>/", admin_views.ProposalRecordView.as_view(), name="record")]


class SessionViewSet(ModelViewSet):
    model = Session
    icon = "date"
    menu_label = _("议事日")
    add_to_admin_menu = False
    list_display = [
        record_column("display_title", _("议事日"), "session:record"),
        DateColumn("date", label=_("日期")), "venue", Column("status", label=_("状态"), accessor="get_status_display"),
    ]
    list_filter = ["status"]
    ordering = ["-date"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("record/<int:pk>/", admin_views.SessionRecordView.as_view(), name="record")]


class TaskIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Task.objects.for_user(self.request.user).select_related("proposal", "unit")


class TaskViewSet(ModelViewSet):
    model = Task
    icon = "tasks"
    menu_label = _("践议任务")
    add_to_admin_menu = False
    index_view_class = TaskIndexView
    list_display = [
        record_column("description", _("任务"), "task:progress"),
        "unit", "person", DateColumn("deadline", label=_("完成时限")),
        Column("progress", label=_("进度（%）")), Column("status", label=_("状态"), accessor="status_label"),
    ]
    list_filter = ["unit"]
    ordering = ["deadline"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("progress/<int:pk>/", admin_views.TaskProgressView.as_view(), name="progress")]


class PartnerUnitViewSet(ModelViewSet):
    model = PartnerUnit
    icon = "group"
    menu_label = _("共建单位")
    add_to_admin_menu = False
    list_display = ["name", Column("kind", label=_("类型"), accessor="get_kind_display"), "contact_person", "contact_phone"]
    search_fields = ["name", "resources"]
    copy_view_enabled = False


class NoticeIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(objection_count=Count("objections"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not instance.is_published:
            buttons.append(MenuItem(_("发布"), url=reverse("notice:publish", args=(instance.pk,)), icon_name="upload", priority=5))
        else:
            buttons.append(MenuItem(_("查看公示与意见"), url=reverse("notice:publish", args=(instance.pk,)), icon_name="view", priority=5))
        return buttons


class NoticeViewSet(ModelViewSet):
    model = Notice
    index_view_class = NoticeIndexView
    icon = "doc-full-inverse"
    menu_label = _("公示")
    add_to_admin_menu = False
    list_display = [
        "title", Column("kind", label=_("类型"), accessor="get_kind_display"),
        DateColumn("starts_on", label=_("公示开始")), DateColumn("ends_on", label=_("公示结束")),
        Column("published", label=_("发布状态"), accessor="status_label"),
        NumberColumn("objection_count", label=_("异议与意见")),
    ]
    list_filter = ["kind"]
    search_fields = ["title", "body"]
    ordering = ["-starts_on"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("publish/<int:pk>/", admin_views.NoticePublishView.as_view(), name="publish")]


class ObjectionViewSet(ModelViewSet):
    model = Objection
    icon = "comment"
    menu_label = _("异议与意见")
    add_to_admin_menu = False
    form_fields = ["reply"]
    list_display = ["content", "notice", Column("kind", label=_("类型"), accessor="get_kind_display"), "name", "phone",
                    DateColumn("created_at", label=_("时间"))]
    list_filter = ["kind", "notice"]
    ordering = ["-created_at"]
    copy_view_enabled = False


class ConsultationGroup(ViewSetGroup):
    menu_label = _("议事协商")
    menu_icon = "clipboard-list"
    menu_order = 150
    items = (ProposalViewSet("proposal"), SessionViewSet("session"), TaskViewSet("task"), NoticeViewSet("notice"),
             ObjectionViewSet("objection"), PartnerUnitViewSet("partnerunit"))
