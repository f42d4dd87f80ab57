"""Tencent Cloud SMS through its SDK, against a local server answering as API 3.0's SendSms does."""

import json
import logging

import pytest

from core import sms
from core.models import SmsMessage

pytestmark = pytest.mark.django_db

NUMBER = "13812345678"
CODE = {"code": "135790", "minutes": 5}


def status_set(code, message, serial="2640:337116958217060840918031207"):
    return {
        "Response": {
            "SendStatusSet": [
                {
                    "SerialNo": serial if code == "Ok" else "",
                    "PhoneNumber": "+86" + NUMBER,
                    "Fee": 1 if code == "Ok" else 0,
                    "SessionContext": "",
                    "Code": code,
                    "Message": message,
                    "IsoCode": "CN",
                }
            ],
            "RequestId": "a0aabda6-cf91-4f3e-a81f-9198114a2279",
        }
    }


OK = (200, status_set("Ok", "send success"))
THIRTY_SECONDS = (
    200,
    status_set(
        "LimitExceeded.PhoneNumberThirtySecondLimit",
        "the number of sms messages sent from a single mobile number within 30 seconds exceeds the upper limit",
    ),
)
DAILY = (200, status_set("LimitExceeded.PhoneNumberDailyLimit", "the number of sms messages sent per day exceeds"))
INCORRECT = (200, status_set("InvalidParameterValue.IncorrectPhoneNumber", "invalid mobile number"))
INTERNAL = (
    200,
    {
        "Response": {
            "Error": {"Code": "InternalError", "Message": "An internal error has occurred. Retry your request."},
            "RequestId": "b1c2d3e4-0000-0000-0000-000000000001",
        }
    },
)
AUTH = (
    200,
    {
        "Response": {
            "Error": {"Code": "AuthFailure.SecretIdNotFound", "Message": "The SecretId is not found."},
            "RequestId": "b1c2d3e4-0000-0000-0000-000000000002",
        }
    },
)
BAD_GATEWAY = (502, "<html><body><h1>502 Bad Gateway</h1></body></html>")


def send():
    message = sms.send(NUMBER, "verification_code", CODE)
    message.refresh_from_db()
    return message


def test_a_sent_message_keeps_the_serial_number_and_forgets_the_number_and_the_code(tencent):
    tencent.answer(OK)
    message = send()
    assert message.status == SmsMessage.Status.SENT
    assert message.backend == "tencent"
    assert message.provider_id == "2640:337116958217060840918031207"
    assert message.provider_code == "Ok"
    assert message.attempts == 1
    assert message.phone == ""
    assert message.phone_masked == "138****5678"
    assert "135790" not in message.body
    assert "135790" not in json.dumps(message.params)
    assert message.body == "【花石社区】您的验证码是******，5分钟内有效。请勿泄露给他人。"


def test_the_request_carries_number_app_signature_template_and_ordered_params(tencent):
    tencent.answer(OK)
    send()
    (request,) = tencent.seen
    assert request.method == "POST"
    assert request.headers["x-tc-action"] == "SendSms"
    assert request.headers["x-tc-version"] == "2021-01-11"
    assert request.json == {
        "PhoneNumberSet": ["+8613812345678"],
        "SmsSdkAppId": "1400006666",
        "SignName": "花石社区",
        "TemplateId": "449739",
        "TemplateParamSet": ["135790", "5"],
    }
    authorization = request.headers["authorization"]
    assert authorization.startswith("TC3-HMAC-SHA256 Credential=AKID-test-id/")
    assert "Signature=" in authorization
    assert "test-secret-key" not in str(request.headers)


@pytest.mark.parametrize("answer", [THIRTY_SECONDS, DAILY], ids=["thirty-seconds", "daily"])
def test_a_throttled_number_fails_at_once_with_the_reason(tencent, answer):
    tencent.answer(answer, OK)
    message = send()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 1
    assert len(tencent.seen) == 1
    assert message.provider_code == answer[1]["Response"]["SendStatusSet"][0]["Code"]
    assert "限流" in message.provider_message or "上限" in message.provider_message
    assert message.phone == ""


def test_an_invalid_number_is_not_retried(tencent):
    tencent.answer(INCORRECT, OK)
    message = send()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 1
    assert message.provider_code == "InvalidParameterValue.IncorrectPhoneNumber"
    assert "号码无效" in message.provider_message


def test_an_internal_error_is_retried_and_the_message_then_sent(tencent):
    tencent.answer(INTERNAL, OK)
    message = send()
    assert message.status == SmsMessage.Status.SENT
    assert message.attempts == 2
    assert len(tencent.seen) == 2


def test_a_bad_gateway_on_every_attempt_fails_with_the_reason_logged(tencent, caplog):
    tencent.answer(BAD_GATEWAY)
    with caplog.at_level(logging.WARNING, logger="core.sms"):
        message = send()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 3
    assert len(tencent.seen) == 3
    assert message.provider_code == "ServerNetworkError"
    assert "502 Bad Gateway" in message.provider_message
    assert message.phone == ""
    assert any("ServerNetworkError" in record.getMessage() for record in caplog.records)


def test_a_refused_request_is_not_retried(tencent):
    tencent.answer(AUTH, OK)
    message = send()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 1
    assert message.provider_code == "AuthFailure.SecretIdNotFound"
    assert "SMS_ACCESS_KEY_ID" in message.provider_message


def test_a_refused_connection_is_retried_then_reported(sms_settings, tencent, closed_port_url):
    sms_settings(ENDPOINT=closed_port_url)
    message = send()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 3
    assert message.provider_code == "ClientNetworkError"
