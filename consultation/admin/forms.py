"""Forms of the committee's admin screens: one per kind of action, errors in Chinese."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultation.models import Objection, PartnerUnit, Proposal, Session
from consultation.models.proposals import State
from consultation.workflow import DEFAULT_EVALUATION_DAYS

CLOSED_STATES = (State.REJECTED, State.MERGED, State.NOT_ADOPTED, State.CLOSED)
DATE = forms.DateInput(attrs={"type": "date"})


class TransitionForm(forms.Form):
    """The fields a transition needs: a reason (required where the transition says so) and, for
    some transitions, a target proposal, a unit and deadline, a session or an end date."""

    reason = forms.CharField(label=_("理由（向居民公开）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, transition, proposal, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["reason"].required = transition.reason_required
        self.fields["reason"].error_messages["required"] = _("请填写理由，理由将向居民公开。")
        today = timezone.localdate()
        if transition.name == "merge":
            self.fields["target"] = forms.ModelChoiceField(
                label=_("并入议题"),
                queryset=Proposal.objects.filter(site=proposal.site)
                .exclude(pk=proposal.pk)
                .exclude(state__in=CLOSED_STATES),
                error_messages={"required": _("请选择要并入的议题。")},
            )
        elif transition.name == "refer":
            self.fields["unit"] = forms.ModelChoiceField(
                label=_("承办单位"),
                queryset=PartnerUnit.objects.all(),
                error_messages={"required": _("请选择承办单位。")},
            )
            self.fields["person"] = forms.CharField(label=_("责任人"), required=False, max_length=40)
            self.fields["deadline"] = forms.DateField(
                label=_("完成时限"),
                widget=DATE,
                error_messages={"required": _("请填写完成时限。"), "invalid": _("日期格式不正确。")},
            )
        elif transition.name == "schedule":
            self.fields["session"] = forms.ModelChoiceField(
                label=_("议事日"),
                queryset=Session.objects.filter(
                    site=proposal.site, status=Session.Status.PLANNED, date__gte=today
                ).order_by("date"),
                error_messages={"required": _("请选择议事日；如没有可选项，请先新建一次议事日。")},
            )
        elif transition.name == "open_evaluation":
            self.fields["ends_on"] = forms.DateField(
                label=_("评价截止"), widget=DATE, initial=today + datetime.timedelta(days=DEFAULT_EVALUATION_DAYS)
            )

    def details(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class TaskForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=PartnerUnit.objects.all(), error_messages={"required": _("请选择责任单位。")}
    )
    description = forms.CharField(
        label=_("任务内容"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写任务内容。")},
    )
    person = forms.CharField(label=_("责任人"), max_length=40, error_messages={"required": _("请填写责任人。")})
    deadline = forms.DateField(
        label=_("完成时限"),
        widget=DATE,
        error_messages={"required": _("请填写完成时限。"), "invalid": _("日期格式不正确。")},
    )


class OpinionsForm(forms.Form):
    opinions = forms.CharField(label=_("各方意见"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class VoteForm(forms.Form):
    votes_for = forms.IntegerField(
        label=_("同意"),
        min_value=0,
        error_messages={"required": _("请填写同意票数。"), "min_value": _("票数不能是负数。")},
    )
    votes_against = forms.IntegerField(
        label=_("反对"),
        min_value=0,
        error_messages={"required": _("请填写反对票数。"), "min_value": _("票数不能是负数。")},
    )
    votes_abstain = forms.IntegerField(
        label=_("弃权"),
        min_value=0,
        error_messages={"required": _("请填写弃权票数。"), "min_value": _("票数不能是负数。")},
    )
    resolution = forms.CharField(
        label=_("决议内容（通过时填写）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeferForm(forms.Form):
    reason = forms.CharField(
        label=_("暂缓理由（向居民公开）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写暂缓理由。")},
    )


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=Objection.Kind.choices, initial=Objection.Kind.OBJECTION, widget=forms.RadioSelect
    )
    content = forms.CharField(
        label=_("意见内容"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写意见内容。"), "max_length": _("内容请控制在 1000 字以内。")},
    )


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE, initial=timezone.localdate)
    percent = forms.IntegerField(
        label=_("完成百分比"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("百分比不能小于 0。"),
            "max_value": _("百分比不能大于 100。"),
            "required": _("请填写完成百分比。"),
        },
    )
    text = forms.CharField(
        label=_("进展情况"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写进展情况。")},
    )
    photo = forms.ImageField(label=_("现场照片（可选）"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("照片超过 5 MB，请压缩后再传。"))
        return photo


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("更正说明（印在更正版上，向居民公开）"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写更正说明，它会印在更正版上并向居民公开。")},
    )
