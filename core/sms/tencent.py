"""Tencent Cloud SMS (腾讯云短信) through its official SDK: SendSms of API 2021-01-11, signed with
TC3-HMAC-SHA256, one number per call.

The answer lists each number's fate in SendStatusSet: Code "Ok" is a message accepted for
delivery; a per-number code is a refusal that trying again will not change (a throttled number, an
invalid one), except InternalError.*. A request the service refuses as a whole (Response.Error)
raises TencentCloudSDKException with its code: InternalError*, RequestLimitExceeded and the SDK's
own network errors (refused connection, timeout, a non-200 answer) are outages and are retried;
the others (bad keys, unknown app) are not.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models
from tencentcloud.sms.v20210111.sms_client import SmsClient

from core.sms.base import Backend, Result, explained, split_endpoint

DEFAULT_ENDPOINT = "sms.tencentcloudapi.com"
DEFAULT_REGION = "ap-guangzhou"
RETRYABLE = {"ClientNetworkError", "ServerNetworkError", "InternalError", "RequestLimitExceeded"}

EXPLANATIONS = {
    "LimitExceeded.PhoneNumberThirtySecondLimit": gettext_lazy("该号码30秒内发送过多，被服务商限流"),
    "LimitExceeded.PhoneNumberOneHourLimit": gettext_lazy("该号码1小时内发送过多，被服务商限流"),
    "LimitExceeded.PhoneNumberDailyLimit": gettext_lazy("该号码今日发送量已达服务商上限"),
    "LimitExceeded.PhoneNumberSameContentDailyLimit": gettext_lazy("该号码今日收到相同内容过多"),
    "LimitExceeded.DeliveryFrequencyLimit": gettext_lazy("发送过于频繁，被服务商限流"),
    "LimitExceeded.AppDailyLimit": gettext_lazy("今日发送总量已达上限"),
    "InvalidParameterValue.IncorrectPhoneNumber": gettext_lazy("手机号码无效"),
    "FailedOperation.InsufficientBalanceInSmsPackage": gettext_lazy("短信套餐包余量不足"),
    "FailedOperation.SignatureIncorrectOrUnapproved": gettext_lazy("短信签名不可用，请检查 SMS_SIGN_NAME"),
    "FailedOperation.TemplateIncorrectOrUnapproved": gettext_lazy("短信模板不可用，请检查模板编号"),
    "FailedOperation.PhoneNumberInBlacklist": gettext_lazy("该号码已退订或在黑名单中"),
    "AuthFailure.SecretIdNotFound": gettext_lazy("SecretId 不存在，请检查 SMS_ACCESS_KEY_ID"),
    "AuthFailure.SignatureFailure": gettext_lazy("签名校验失败，请检查 SMS_ACCESS_KEY_SECRET"),
    "InternalError": gettext_lazy("服务商系统错误"),
    "ServerNetworkError": gettext_lazy("服务商暂时不可用"),
    "ClientNetworkError": gettext_lazy("无法连接腾讯云短信服务"),
}


def _retryable(code):
    return code in RETRYABLE or code.startswith("InternalError.")


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value or "")


class TencentBackend(Backend):
    name = "tencent"
    required = ("ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "TENCENT_APP_ID", "SIGN_NAME")

    def client(self):
        protocol, endpoint = split_endpoint(self.config.get("ENDPOINT"), DEFAULT_ENDPOINT)
        http = HttpProfile(protocol=protocol, endpoint=endpoint, reqTimeout=self.timeout())
        return SmsClient(
            Credential(self.config["ACCESS_KEY_ID"], self.config["ACCESS_KEY_SECRET"]),
            self.config.get("REGION") or DEFAULT_REGION,
            ClientProfile(httpProfile=http),
        )

    def send(self, number, template, params):
        request = models.SendSmsRequest()
        request.PhoneNumberSet = ["+86" + number]
        request.SmsSdkAppId = str(self.config["TENCENT_APP_ID"])
        request.SignName = self.config["SIGN_NAME"]
        request.TemplateId = self.template_code(template)
        request.TemplateParamSet = template.ordered(params)
        try:
            response = self.client().SendSms(request)
        except TencentCloudSDKException as error:
            code = _text(error.code) or "ClientNetworkError"
            return Result(
                ok=False,
                provider_code=code,
                provider_message=explained(EXPLANATIONS, code, _text(error.message)[:500]),
                retryable=_retryable(code),
            )
        except Exception as error:  # anything the SDK let through unwrapped
            return Result(
                ok=False,
                provider_code="ClientError",
                provider_message=_("腾讯云短信服务暂时不可用：%(error)s") % {"error": error},
                retryable=True,
            )
        statuses = response.SendStatusSet or []
        if not statuses:
            return Result(
                ok=False,
                provider_code="EmptySendStatusSet",
                provider_message=_("腾讯云没有返回这个号码的发送结果。"),
                retryable=True,
            )
        status = statuses[0]
        code = status.Code or ""
        if code == "Ok":
            return Result(
                ok=True, provider_id=status.SerialNo or "", provider_code=code, provider_message=status.Message
            )
        return Result(
            ok=False,
            provider_code=code or "unknown",
            provider_message=explained(EXPLANATIONS, code, status.Message),
            retryable=_retryable(code),
        )
