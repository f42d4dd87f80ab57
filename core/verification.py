"""Phone verification by one-time code (短信验证码): how a resident proves a mobile number is theirs.

A code is six digits, sent by SMS (core/sms/), stored only as a keyed hash, valid for a few minutes
and for a few tries; only the newest code of a number works, and only once. Sending is throttled:
one code per number a minute, a few per number and per client an hour, counted in the shared cache
so that every server process sees the same counts. Each refusal says in Chinese what to do.

A verified number is remembered in the visitor's session (server-side, under a signed cookie) for
a couple of hours, so that a resident who rates two proposals types a code once.
"""

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from core import phones, sms
from core.models import PhoneVerification, SmsMessage

SESSION_KEY = "linli_verified_phone"
TEMPLATE = "verification_code"


class VerificationRefused(Exception):
    """A refused request or check; `str()` is the Chinese message, `status` the HTTP answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class VerifiedPhone:
    """A mobile number its owner proved by a code, and when."""

    number: str
    verified_at: datetime

    @property
    def fingerprint(self):
        return phones.fingerprint(self.number)

    @property
    def masked(self):
        return phones.mask(self.number)


def config(name):
    return settings.PHONE_VERIFICATION[name]


def _shared_cache():
    return caches[settings.RATELIMIT_USE_CACHE]


def _code_hash(fingerprint, code):
    key = settings.PHONE_FINGERPRINT_KEY.encode()
    return hmac.new(key, f"{fingerprint}:{code}".encode(), hashlib.sha256).hexdigest()


def _over(request, group, rate, key="ip"):
    return is_ratelimited(request, group=f"verification.{group}", key=key, rate=rate, increment=True)


def _mobile(text):
    try:
        return phones.parse_mobile(text)
    except phones.InvalidPhone as error:
        raise VerificationRefused(str(error)) from error


def _newest(fingerprint, lock=False):
    """The newest code sent to the number with `fingerprint` (locked for the transaction if `lock`)."""
    codes = PhoneVerification.objects.filter(phone_fingerprint=fingerprint)
    if lock:
        codes = codes.select_for_update(of=("self",))
    return codes.select_related("message").order_by("-created_at", "-pk").first()


def _wait_seconds(fingerprint, now):
    latest = _newest(fingerprint)
    if latest is None:
        return config("RESEND_SECONDS")
    return max(1, config("RESEND_SECONDS") - int((now - latest.created_at).total_seconds()))


def request_code(request, text, site=None):
    """Send a new code to the mobile number in `text`; the PhoneVerification, or VerificationRefused."""
    phone = _mobile(text)
    now = timezone.now()
    if _over(request, "send.client", config("SENDS_PER_CLIENT")):
        raise VerificationRefused(_("这台设备一小时内获取验证码的次数太多了，请稍后再试。"), status=429)
    resend_key = f"verification:resend:{phone.fingerprint}"
    if not _shared_cache().add(resend_key, 1, config("RESEND_SECONDS")):
        raise VerificationRefused(
            _("验证码已发送到 %(phone)s，请 %(seconds)s 秒后再重新获取。")
            % {"phone": phone.masked, "seconds": _wait_seconds(phone.fingerprint, now)},
            status=429,
        )
    if _over(request, "send.number", config("SENDS_PER_NUMBER"), key=lambda group, request: phone.fingerprint):
        raise VerificationRefused(_("这个号码一小时内获取验证码的次数太多了，请过一小时再试。"), status=429)
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        # Only the newest code of a number works.
        PhoneVerification.objects.filter(
            phone_fingerprint=phone.fingerprint, verified_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        verification = PhoneVerification.objects.create(
            site=site,
            phone_fingerprint=phone.fingerprint,
            phone_masked=phone.masked,
            code_hash=_code_hash(phone.fingerprint, code),
            created_at=now,
            expires_at=now + timedelta(seconds=config("CODE_SECONDS")),
        )
        verification.message = sms.send(
            phone.number, TEMPLATE, {"code": code, "minutes": config("CODE_SECONDS") // 60}, site=site
        )
        verification.save(update_fields=["message"])
    verification.message.refresh_from_db()
    if verification.message.status == SmsMessage.Status.FAILED:
        # Nothing reached the resident: let them ask again at once.
        _shared_cache().delete(resend_key)
        raise VerificationRefused(_("验证码短信没有发出去，请稍后重新获取。"), status=503)
    return verification


def delivery_problem(text):
    """Why the newest code for the number in `text` did not reach it (the SMS failed), or None.
    With a task worker the send happens after the page answered; the page asks again."""
    try:
        phone = phones.parse_mobile(text)
    except phones.InvalidPhone:
        return None
    latest = _newest(phone.fingerprint)
    if latest is None or latest.message is None or latest.message.status != SmsMessage.Status.FAILED:
        return None
    return _("验证码短信没有发出去（%(reason)s），请重新获取。") % {
        "reason": latest.message.provider_message or latest.message.provider_code or _("短信通道没有答复")
    }


def _clean_code(code):
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", code or "") if not ch.isspace())
    if len(digits) != 6 or not digits.isdigit():
        raise VerificationRefused(_("请填写短信里的 6 位数字验证码。"))
    return digits


def check_code(request, text, code):
    """The VerifiedPhone if `code` is the number's newest, unexpired, unused code; it is then
    remembered in the session. Otherwise VerificationRefused, and a wrong code costs one try."""
    phone = _mobile(text)
    code = _clean_code(code)
    if _over(request, "check.client", config("CHECKS_PER_CLIENT")):
        raise VerificationRefused(_("这台设备一小时内验证的次数太多了，请稍后再试。"), status=429)
    now = timezone.now()
    refusal = None
    with transaction.atomic():
        verification = _newest(phone.fingerprint, lock=True)
        if verification is None:
            refusal = _("请先点“获取验证码”，再填写短信里的验证码。")
        elif verification.verified_at is not None:
            refusal = _("这个验证码已经用过了，请重新获取。")
        elif verification.message is not None and verification.message.status == SmsMessage.Status.FAILED:
            refusal = _("验证码短信没有发出去，请重新获取。")
        elif verification.expires_at <= now:
            refusal = _("验证码已过期（有效期 %(minutes)s 分钟），请重新获取。") % {
                "minutes": config("CODE_SECONDS") // 60
            }
        elif verification.attempts >= config("MAX_TRIES"):
            refusal = _("验证码输错次数太多，已经失效，请重新获取。")
        elif not hmac.compare_digest(verification.code_hash, _code_hash(phone.fingerprint, code)):
            PhoneVerification.objects.filter(pk=verification.pk).update(attempts=F("attempts") + 1)
            left = config("MAX_TRIES") - verification.attempts - 1
            refusal = (
                _("验证码不正确，还可以再试 %(left)s 次。") % {"left": left}
                if left > 0
                else _("验证码不正确，已经失效，请重新获取。")
            )
        else:
            verification.verified_at = now
            verification.save(update_fields=["verified_at"])
    if refusal:
        raise VerificationRefused(refusal)
    voice = VerifiedPhone(phone.number, now)
    remember(request, voice)
    return voice


def remember(request, voice):
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"number": voice.number, "at": voice.verified_at.isoformat()}


def verified_phone(request):
    """The number this visitor verified in this visit, or None."""
    stored = getattr(request, "session", {}).get(SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    try:
        verified_at = datetime.fromisoformat(stored["at"])
        number = phones.parse_mobile(stored["number"]).number
    except (KeyError, TypeError, ValueError):
        return None
    if timezone.now() - verified_at > timedelta(seconds=config("REMEMBER_SECONDS")):
        return None
    return VerifiedPhone(number, verified_at)


def forget(request):
    request.session.pop(SESSION_KEY, None)
