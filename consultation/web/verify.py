"""The verification page: a resident proves a mobile number by a one-time code, then goes back to
the form that asked for it (rating, objection, proposal)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from consultation.web.forms import VerifyForm
from core import phones, verification
from core.sites import community

PENDING_KEY = "linli_pending_phone"


def verify_url(request, anchor=""):
    """The verification page, returning to the current page (at `anchor`) once verified."""
    return f"{reverse('consultation:verify')}?{urlencode({'next': request.path + (f'#{anchor}' if anchor else '')})}"


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("consultation:index")


def verify(request):
    target = _next(request)
    voice = verification.verified_phone(request)
    status = 200
    sent_to = request.session.get(PENDING_KEY)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "forget":
            verification.forget(request)
            messages.info(request, _("已退出验证，可以换一个号码重新验证。"))
            return redirect(f"{reverse('consultation:verify')}?{urlencode({'next': target})}")
        form = VerifyForm(request.POST)
        if form.is_valid():
            phone = form.cleaned_data["phone"]
            try:
                if action == "send":
                    verification.request_code(request, phone, site=community(request))
                    request.session[PENDING_KEY] = phone
                    sent_to = phone
                    messages.success(
                        request,
                        _("验证码已发送到 %(phone)s，%(minutes)s 分钟内有效。")
                        % {"phone": phones.mask(phone), "minutes": verification.config("CODE_SECONDS") // 60},
                    )
                    return redirect(f"{reverse('consultation:verify')}?{urlencode({'next': target})}")
                voice = verification.check_code(request, phone, form.cleaned_data["code"])
            except verification.VerificationRefused as error:
                form.add_error("code" if action != "send" else "phone", str(error))
                status = error.status
            else:
                request.session.pop(PENDING_KEY, None)
                messages.success(request, _("手机号 %(phone)s 已验证。") % {"phone": voice.masked})
                return redirect(target)
        else:
            status = 400
    else:
        form = VerifyForm(initial={"phone": sent_to or ""})
        problem = verification.delivery_problem(sent_to) if sent_to and voice is None else None
        if problem:
            messages.error(request, problem)
    return TemplateResponse(
        request,
        "consultation/verify.html",
        {"form": form, "next": target, "voice": voice, "sent_to": sent_to},
        status=status,
    )
