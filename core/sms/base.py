"""What every SMS backend is: one method, send(number, template, params) -> Result.

A backend is made from the SMS settings (settings.SMS, website/settings/base.py) and knows what it
needs of them (`required`, checked by core/sms/checks.py before the first message). It never
raises for a failed delivery: every answer, outage included, comes back as a Result, and
`retryable` says whether trying again later could help (core/sms/delivery.py decides when).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

import core.sms.templates as templates

# Each setting a cloud backend may need → the environment variable it comes from.
ENVIRONMENT = {
    "ACCESS_KEY_ID": "SMS_ACCESS_KEY_ID",
    "ACCESS_KEY_SECRET": "SMS_ACCESS_KEY_SECRET",
    "TENCENT_APP_ID": "SMS_TENCENT_APP_ID",
    "SIGN_NAME": "SMS_SIGN_NAME",
}


def template_variable(name):
    """SMS_TEMPLATE_VERIFICATION_CODE for the template verification_code."""
    return "SMS_TEMPLATE_" + name.upper()


@dataclass(frozen=True)
class Result:
    ok: bool
    provider_id: str = ""
    provider_code: str = ""
    provider_message: str = ""
    retryable: bool = False


def explained(explanations, code, message):
    """The provider's message, after a Chinese explanation of its code where there is one."""
    explanation = explanations.get(code)
    if explanation and message:
        return f"{explanation}（{message}）"
    return str(explanation or message or "")


def split_endpoint(endpoint, default_host):
    """ "http://127.0.0.1:8001" → ("http", "127.0.0.1:8001"); a bare host name is reached by HTTPS."""
    endpoint = (endpoint or "").strip()
    if not endpoint:
        return "https", default_host
    if "://" in endpoint:
        parts = urlsplit(endpoint)
        return parts.scheme.lower(), parts.netloc
    return "https", endpoint.rstrip("/")


class Backend:
    name = ""
    # Whether the stored body and params keep the whole text once sent (only where nothing left
    # the server: the console); otherwise secret params (the verification code) are masked.
    keeps_text = False
    required = ()

    def __init__(self, config):
        self.config = config

    @classmethod
    def problems(cls, config):
        """What is missing from `config` for this backend, in Chinese; [] when it can send."""
        found = []
        missing = [ENVIRONMENT[key] for key in cls.required if not str(config.get(key) or "").strip()]
        if missing:
            found.append(
                _("短信通道“%(backend)s”缺少配置：请设置环境变量 %(names)s。")
                % {"backend": cls.name, "names": "、".join(missing)}
            )
        codes = config.get("TEMPLATES") or {}
        without_code = [template_variable(t.name) for t in templates.all_templates() if not codes.get(t.name)]
        if cls.required and without_code:
            found.append(
                _("短信通道“%(backend)s”缺少模板编号：请在服务商处申请短信模板，并设置环境变量 %(names)s。")
                % {"backend": cls.name, "names": "、".join(without_code)}
            )
        return found

    def template_code(self, template):
        return (self.config.get("TEMPLATES") or {}).get(template.name, "")

    def timeout(self):
        return int(self.config.get("TIMEOUT") or 10)

    def send(self, number, template, params):
        """Deliver `template` (a templates.Template) with `params` (cleaned strings) to `number`
        (11 mobile digits); a Result, never an exception for a failed delivery."""
        raise NotImplementedError
