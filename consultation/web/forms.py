"""Forms residents fill in on the public site; every error is answered in Chinese, field by field."""

import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consultation.models import Objection, Proposal, Rating
from core import phones

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def clean_phone(value):
    """A mobile or landline number in its canonical form (core/phones.py), or the reason it is not one."""
    try:
        return phones.parse(value).number
    except phones.InvalidPhone as error:
        raise ValidationError(str(error)) from error


class HoneypotMixin(forms.Form):
    """A field people never see; bots that fill every field give themselves away."""

    website = forms.CharField(label=_("网址（请留空）"), required=False)

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("提交未通过校验，请刷新页面后重试。"))
        return ""


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("最多上传 %(max)s 张照片。") % {"max": MAX_PHOTOS})
        from PIL import Image, UnidentifiedImageError

        for photo in files:
            if photo.size > MAX_PHOTO_BYTES:
                raise ValidationError(_("照片“%(name)s”超过 5 MB，请压缩后再传。") % {"name": photo.name})
            try:
                with Image.open(photo) as picture:
                    picture.verify()
                    image_format = picture.format
            except (UnidentifiedImageError, OSError, SyntaxError) as error:
                raise ValidationError(_("“%(name)s”不是有效的图片。") % {"name": photo.name}) from error
            if image_format not in PHOTO_FORMATS:
                raise ValidationError(_("照片只支持 JPG、PNG、WebP 格式。"))
            photo.seek(0)
        return [without_metadata(photo) for photo in files]


def without_metadata(upload):
    """The photo re-encoded without EXIF and other metadata: phone cameras record where a picture
    was taken, which for a resident's photo is often their home. Orientation is applied first."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageOps

    with Image.open(upload) as picture:
        image_format = picture.format
        clean = ImageOps.exif_transpose(picture)
        if image_format == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        buffer = io.BytesIO()
        clean.save(buffer, format=image_format, **({"quality": 88} if image_format in ("JPEG", "WEBP") else {}))
    return SimpleUploadedFile(upload.name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


class ProposalForm(HoneypotMixin, forms.ModelForm):
    estate = forms.ChoiceField(
        label=_("小区"), error_messages={"required": _("请选择小区。"), "invalid_choice": _("请从列表中选择小区。")}
    )
    photos = PhotosField(label=_("现场照片（可选，最多 3 张）"), required=False)
    consent = forms.BooleanField(
        label=_("我知道议题标题和说明会公开，姓名会隐去部分（如 张*明），电话不会公开。"),
        error_messages={"required": _("请确认您已了解公开范围。")},
    )

    class Meta:
        model = Proposal
        fields = ["title", "description", "category", "estate", "building", "proposer_name", "proposer_phone"]
        labels = {"proposer_name": _("您的姓名"), "proposer_phone": _("联系电话")}
        help_texts = {
            "title": _("一句话说清楚，如“3号楼加装电梯”。"),
            "description": _("哪里、什么问题、希望怎么解决，2000 字以内。"),
            "building": _("如“3号楼”，可不填。"),
            "proposer_phone": _("仅用于社区联系您，不会公开。"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "title": {"required": _("请填写议题标题。"), "max_length": _("标题请控制在 80 字以内。")},
            "description": {"required": _("请说明具体情况。"), "max_length": _("情况说明请控制在 2000 字以内。")},
            "category": {"required": _("请选择类别。")},
            "proposer_name": {"required": _("请填写您的姓名。")},
            "proposer_phone": {"required": _("请填写联系电话，方便社区联系您。")},
        }

    def __init__(self, *args, estates=(), voice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estate"].choices = [("", _("请选择小区"))] + [(e, e) for e in estates]
        if voice is not None:
            # The verified number is the contact number (workflow.submit sets it): nothing to type.
            del self.fields["proposer_phone"]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 4:
            raise ValidationError(_("标题太短了，请至少写 4 个字。"))
        return title

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise ValidationError(_("请把情况说得具体一些，至少 10 个字。"))
        return text

    def clean_proposer_phone(self):
        return clean_phone(self.cleaned_data["proposer_phone"])


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("查询编号"),
        max_length=20,
        help_text=_("如 YS-2026-0042"),
        error_messages={"required": _("请填写查询编号。"), "max_length": _("查询编号不超过 20 个字符。")},
    )

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper().replace("－", "-").replace(" ", "")


class RatingForm(HoneypotMixin, forms.Form):
    """The rater's number is the one verified in this visit (core/verification.py), not a field."""

    score = forms.ChoiceField(
        label=_("您对办理结果的评价"),
        choices=Rating.Score.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意、基本满意或不满意。")},
    )
    comment = forms.CharField(
        label=_("意见建议（可选）"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class VerifyForm(forms.Form):
    """Step one sends a code to the number; step two checks the code typed back."""

    phone = forms.CharField(
        label=_("手机号"),
        max_length=30,
        help_text=_("验证码会以短信发到这个号码；号码不会公开。"),
        error_messages={"required": _("请填写手机号。"), "max_length": _("手机号太长了。")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    code = forms.CharField(
        label=_("短信验证码"),
        required=False,
        max_length=12,
        help_text=_("6 位数字，5 分钟内有效。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_phone(self):
        try:
            return phones.parse_mobile(self.cleaned_data["phone"]).number
        except phones.InvalidPhone as error:
            raise ValidationError(str(error)) from error


class ObjectionForm(HoneypotMixin, forms.ModelForm):
    """The contact number is the one verified in this visit; the community answers on it."""

    class Meta:
        model = Objection
        fields = ["kind", "name", "content"]
        labels = {"kind": _("您要提交的是"), "content": _("具体内容")}
        widgets = {"kind": forms.RadioSelect, "content": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": _("请填写姓名。")},
            "content": {"required": _("请填写内容。"), "max_length": _("内容请控制在 1000 字以内。")},
        }
