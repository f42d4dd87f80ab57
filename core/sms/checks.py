"""System checks of the SMS settings: a cloud backend without its keys, signature or template codes
is reported by `manage.py check` (and so by runserver and migrate), not by the first resident who
asks for a code. Registered by core/apps.py."""

from django.core import checks
from django.utils.translation import gettext as _

import core.sms.backends as backends
import core.sms.templates as templates


@checks.register("linli")
def check_sms_settings(app_configs=None, **kwargs):
    errors = [checks.Error(message, id="core.sms.E001") for message in backends.problems()]
    for template in templates.all_templates():
        errors.extend(checks.Error(message, id="core.sms.E002") for message in template.problems())
    return errors


@checks.register("linli", deploy=True)
def check_sms_in_production(app_configs=None, **kwargs):
    if backends.configured_name() != "console":
        return []
    return [
        checks.Warning(
            _("短信通道仍是 console：短信只打印在服务器日志里，居民收不到验证码。"),
            hint=_("请设置 SMS_BACKEND（aliyun 或 tencent）及其密钥、签名和模板编号。"),
            id="core.sms.W001",
        )
    ]
