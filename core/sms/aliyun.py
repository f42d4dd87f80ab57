"""Alibaba Cloud SMS (阿里云短信服务) through its official SDK: the SendSms action of Dysmsapi
2017-05-25, one number per call.

A business answer comes back as HTTP 200 with a Code: "OK" with a BizId is a message accepted for
delivery; anything else is a refusal that trying again will not change (a throttled number, an
invalid one, a missing signature or template), except the provider's own system errors (isp.*).
HTTP 4xx (bad keys, bad signature) is not retried either; HTTP 5xx, a gateway throttle, a refused
connection or a timeout are outages and are retried.
"""

import json
import logging

from alibabacloud_dysmsapi20170525 import models as dysms
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi.exceptions import (
    AlibabaCloudException,
    ClientException,
    ServerException,
    ThrottlingException,
)
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.runtime import RuntimeOptions
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.sms.base import Backend, Result, explained, split_endpoint

logger = logging.getLogger("core.sms")

DEFAULT_ENDPOINT = "dysmsapi.aliyuncs.com"
DEFAULT_REGION = "cn-hangzhou"

# The codes a secretary will meet, explained (the provider's own message follows in brackets).
EXPLANATIONS = {
    "isv.BUSINESS_LIMIT_CONTROL": gettext_lazy("发送过于频繁，被服务商限流"),
    "isv.DAY_LIMIT_CONTROL": gettext_lazy("该号码今日发送量已达服务商上限"),
    "isv.MOBILE_NUMBER_ILLEGAL": gettext_lazy("手机号码无效"),
    "isv.MOBILE_COUNT_OVER_LIMIT": gettext_lazy("号码数量超过上限"),
    "isv.OUT_OF_SERVICE": gettext_lazy("短信服务已停机（账户欠费）"),
    "isv.AMOUNT_NOT_ENOUGH": gettext_lazy("账户余额不足"),
    "isv.SMS_SIGNATURE_ILLEGAL": gettext_lazy("短信签名不可用，请检查 SMS_SIGN_NAME"),
    "isv.SMS_TEMPLATE_ILLEGAL": gettext_lazy("短信模板不可用，请检查模板编号"),
    "isv.TEMPLATE_MISSING_PARAMETERS": gettext_lazy("模板参数不全"),
    "isv.BLACK_KEY_CONTROL_LIMIT": gettext_lazy("内容含有禁用词"),
    "isp.SYSTEM_ERROR": gettext_lazy("服务商系统错误"),
    "InvalidAccessKeyId.NotFound": gettext_lazy("AccessKey 不存在，请检查 SMS_ACCESS_KEY_ID"),
    "SignatureDoesNotMatch": gettext_lazy("签名校验失败，请检查 SMS_ACCESS_KEY_SECRET"),
}


def _retryable_code(code):
    return code.startswith("isp.")


class AliyunBackend(Backend):
    name = "aliyun"
    required = ("ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "SIGN_NAME")

    def client(self):
        protocol, endpoint = split_endpoint(self.config.get("ENDPOINT"), DEFAULT_ENDPOINT)
        timeout_ms = self.timeout() * 1000
        return Client(
            Config(
                access_key_id=self.config["ACCESS_KEY_ID"],
                access_key_secret=self.config["ACCESS_KEY_SECRET"],
                region_id=self.config.get("REGION") or DEFAULT_REGION,
                endpoint=endpoint,
                protocol=protocol,
                connect_timeout=timeout_ms,
                read_timeout=timeout_ms,
            )
        )

    def send(self, number, template, params):
        request = dysms.SendSmsRequest(
            phone_numbers=number,
            sign_name=self.config["SIGN_NAME"],
            template_code=self.template_code(template),
            template_param=json.dumps(params, ensure_ascii=False, separators=(",", ":")),
        )
        try:
            response = self.client().send_sms_with_options(request, RuntimeOptions())
        except (ServerException, ThrottlingException) as error:
            return self._error(error, retryable=True)
        except ClientException as error:
            return self._error(error, retryable=False)
        except AlibabaCloudException as error:
            return self._error(error, retryable=(error.status_code or 500) >= 500)
        except Exception as error:  # the SDK wraps refused connections, timeouts and bad bodies alike
            return Result(
                ok=False,
                provider_code="unreachable",
                provider_message=_("阿里云短信服务暂时不可用：%(error)s") % {"error": error},
                retryable=True,
            )
        body = response.body
        code = str(body.code or "")
        if code == "OK" and body.biz_id:
            return Result(ok=True, provider_id=body.biz_id, provider_code=code, provider_message=body.message or "")
        return Result(
            ok=False,
            provider_code=code or "unknown",
            provider_message=explained(EXPLANATIONS, code, body.message) or _("阿里云未说明原因。"),
            retryable=_retryable_code(code),
        )

    def _error(self, error, retryable):
        code = str(error.code or "") if error.code not in (None, "None") else ""
        status = error.status_code
        message = explained(EXPLANATIONS, code, error.message) or _("HTTP %(status)s") % {"status": status}
        return Result(
            ok=False,
            provider_code=code or f"HTTP {status}",
            provider_message=message,
            retryable=retryable or _retryable_code(code),
        )
