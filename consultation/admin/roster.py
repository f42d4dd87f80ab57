"""住户名册 in the admin: the secretary sees the roster's size and masked numbers and imports a new
one from a CSV (consultation/households.py does the import)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Site

from consultation import households, permissions
from consultation.errors import ActionRefused
from core import roster
from core.models import CommunitySettings, RosterEntry

MAX_ROSTER_BYTES = 5 * 1024 * 1024


class RosterForm(forms.Form):
    site = forms.ModelChoiceField(
        label=gettext_lazy("社区"),
        queryset=Site.objects.order_by("-is_default_site", "site_name"),
        empty_label=None,
        error_messages={"required": gettext_lazy("请选择社区。")},
    )
    file = forms.FileField(
        label=gettext_lazy("住户名册 CSV"),
        help_text=gettext_lazy(
            "三列：楼栋、房号、手机号（第一行为表头）；一户有几个号码可写在同一格，用“、”隔开，或写成几行。"
            "上传后整份替换原名册。"
        ),
        error_messages={"required": gettext_lazy("请选择要上传的 CSV 文件。")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ROSTER_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB。"))
        return upload


class RosterView(WagtailAdminTemplateMixin, View):
    template_name = "consultation/admin/roster.html"
    page_title = gettext_lazy("住户名册")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can(request.user, "manage_roster"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def site(self):
        site_id = self.request.GET.get("site") or self.request.POST.get("site")
        sites = Site.objects.all()
        return (site_id and site_id.isdigit() and sites.filter(pk=site_id).first()) or Site.objects.get(
            is_default_site=True
        )

    def get_context_data(self, form=None, errors=(), **kwargs):
        site = self.site()
        entries = RosterEntry.objects.filter(site=site)
        page = Paginator(entries, 50).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            form=form or RosterForm(initial={"site": site}),
            site=site,
            summary=roster.summary(site),
            page=page,
            errors=errors,
            household_mode=CommunitySettings.for_site(site).one_rating_per_household,
            **kwargs,
        )

    def get(self, request):
        return self.render_to_response(self.get_context_data())

    def post(self, request):
        form = RosterForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        site = form.cleaned_data["site"]
        try:
            summary = households.import_roster(site, request.user, form.cleaned_data["file"].read())
        except households.RosterRefused as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(form=form, errors=error.errors), status=400)
        except ActionRefused as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        messages.success(
            request,
            _("已导入住户名册：%(households)s 户，%(numbers)s 个手机号。")
            % {"households": summary["households"], "numbers": summary["numbers"]},
        )
        return redirect(f"{reverse('roster:index')}?site={site.pk}")


class RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can(request.user, "manage_roster")


class RosterViewSet(ViewSet):
    menu_label = gettext_lazy("住户名册")
    icon = "group"
    menu_item_class = RosterMenuItem

    def get_urlpatterns(self):
        return [path("", RosterView.as_view(), name="index")]

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))
