"""The backends by name, as SMS_BACKEND chooses them, and what is missing to use them."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from core.sms.aliyun import AliyunBackend
from core.sms.console import ConsoleBackend
from core.sms.tencent import TencentBackend

BACKENDS = {backend.name: backend for backend in (ConsoleBackend, AliyunBackend, TencentBackend)}


def config():
    return settings.SMS


def configured_name():
    return str(config().get("BACKEND") or "console").strip().lower()


def backend_class(name=None):
    name = name or configured_name()
    try:
        return BACKENDS[name]
    except KeyError:
        raise ImproperlyConfigured(
            _("未知的短信通道“%(name)s”：SMS_BACKEND 只能是 %(names)s。") % {"name": name, "names": "、".join(BACKENDS)}
        ) from None


def problems(name=None):
    """What keeps the backend `name` (default: the configured one) from sending, in Chinese."""
    try:
        return backend_class(name).problems(config())
    except ImproperlyConfigured as error:
        return [str(error)]


def get_backend(name=None):
    """The backend `name` (default: the configured one), ready to send; ImproperlyConfigured with
    the reason, in Chinese, when its settings are missing."""
    cls = backend_class(name)
    found = cls.problems(config())
    if found:
        raise ImproperlyConfigured(" ".join(found))
    return cls(config())
