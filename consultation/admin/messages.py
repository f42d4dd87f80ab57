"""短信记录 in the admin: the log of every text message the site sent (core/sms/), read-only, for
the secretary, the supervisory committee and superusers (permissions.py "view_messages").

Numbers appear only masked (138****5678): the full number is blanked once a message is sent or
has failed (core/sms/delivery.py), and the listing never shows the field anyway. Nobody adds,
edits or deletes a message here, superusers included: the log is a record.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from consultation import permissions
from core.formatting import cn_date
from core.models import SmsMessage
from core.sms import templates


class MessageLogPolicy(BasePermissionPolicy):
    """Viewing only, and only for the roles of permissions.ACTIONS["view_messages"]."""

    def user_has_permission(self, user, action):
        return action == "view" and permissions.can(user, "view_messages")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name__in=permissions.ACTIONS["view_messages"])).distinct()


register_permission_policy(SmsMessage, MessageLogPolicy(SmsMessage), exact_class=True)


def sent_time(message):
    """2026年11月23日 14:05:09, in the site's time zone."""
    moment = timezone.localtime(message.created_at)
    return f"{cn_date(moment)} {moment:%H:%M:%S}"


def provider_answer(message):
    """The provider's code and what it said: a receipt number for a message sent, the reason for
    one that failed or waits for a retry."""
    parts = [part for part in (message.provider_code, message.provider_message) if part]
    answer = "：".join(parts)
    if message.provider_id:
        answer = f"{answer}（{_('回执编号')} {message.provider_id}）" if answer else message.provider_id
    return answer


class MessageFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=SmsMessage.Status.choices)
    template = django_filters.ChoiceFilter(label=_("模板"), choices=templates.choices)

    class Meta:
        model = SmsMessage
        fields = ["status", "template"]


class MessageLogViewSet(ModelViewSet):
    model = SmsMessage
    add_to_admin_menu = False
    copy_view_enabled = False
    add_to_reference_index = False  # nothing refers to a message; saving one must stay cheap
    icon = "mail"
    menu_label = _("短信记录")
    filterset_class = MessageFilterSet
    list_display = [
        Column("created_at", label=_("时间"), accessor=sent_time),
        Column("phone_masked", label=_("号码")),
        Column("template", label=_("模板"), accessor=lambda message: templates.label(message.template)),
        Column("status", label=_("状态"), accessor="get_status_display"),
        Column("attempts", label=_("发送次数")),
        Column("provider_message", label=_("服务商答复"), accessor=provider_answer),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(default_ordering=["-created_at", "-pk"], **kwargs)

    def get_urlpatterns(self):
        # The listing only: no add, edit, delete, history or usage screens.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_permissions_to_register(self):
        # Who sees the log is decided in consultation/permissions.py, not by group permissions.
        return Permission.objects.none()
