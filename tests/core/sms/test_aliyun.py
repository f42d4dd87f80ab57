"""Alibaba Cloud SMS through its SDK, against a local server answering as Dysmsapi's SendSms does."""

import json
import logging

import pytest

from core import sms
from core.models import SmsMessage

pytestmark = pytest.mark.django_db

NUMBER = "13812345678"
CODE = {"code": "246810", "minutes": 5}
OK = {
    "Code": "OK",
    "Message": "OK",
    "BizId": "900619746936498440^0",
    "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990",
}
THROTTLED = {
    "Code": "isv.BUSINESS_LIMIT_CONTROL",
    "Message": "触发分钟级流控Permits:1",
    "RequestId": "A1B2C3D4-0000-0000-0000-000000000001",
}
ILLEGAL = {
    "Code": "isv.MOBILE_NUMBER_ILLEGAL",
    "Message": "非法手机号",
    "RequestId": "A1B2C3D4-0000-0000-0000-000000000002",
}
OUTAGE = (
    500,
    {
        "Code": "InternalError",
        "Message": "The request processing has failed due to some unknown error.",
        "RequestId": "A1B2C3D4-0000-0000-0000-000000000003",
    },
)


def send():
    message = sms.send(NUMBER, "verification_code", CODE)
    message.refresh_from_db()
    return message


def test_a_sent_message_keeps_the_receipt_and_forgets_the_number_and_the_code(aliyun):
    aliyun.answer((200, OK))
    message = send()
    assert message.status == SmsMessage.Status.SENT
    assert message.backend == "aliyun"
    assert message.provider_id == "900619746936498440^0"
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.phone == ""
    assert message.phone_masked == "138****5678"
    assert "246810" not in message.body
    assert "246810" not in json.dumps(message.params)
    assert message.body == "【花石社区】您的验证码是******，5分钟内有效。请勿泄露给他人。"


def test_the_request_carries_number_signature_template_and_params(aliyun):
    aliyun.answer((200, OK))
    send()
    (request,) = aliyun.seen
    assert request.headers["x-acs-action"] == "SendSms"
    assert request.headers["x-acs-version"] == "2017-05-25"
    query = request.query
    assert query["PhoneNumbers"] == NUMBER
    assert query["SignName"] == "花石社区"
    assert query["TemplateCode"] == "SMS_154950909"
    assert json.loads(query["TemplateParam"]) == {"code": "246810", "minutes": "5"}
    # Signed with the access key (the SDK's V3 signature, ACS3-HMAC-SHA256).
    assert request.headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=LTAI-test-key,")
    assert "test-secret" not in str(request.headers) + str(query)


def test_a_throttled_number_fails_at_once_with_the_reason(aliyun):
    aliyun.answer((200, THROTTLED), (200, OK))
    message = send()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 1
    assert len(aliyun.seen) == 1
    assert message.provider_code == "isv.BUSINESS_LIMIT_CONTROL"
    assert "限流" in message.provider_message
    assert "触发分钟级流控" in message.provider_message
    assert message.phone == ""
    assert "246810" not in message.body


def test_an_invalid_number_is_not_retried(aliyun):
    aliyun.answer((200, ILLEGAL), (200, OK))
    message = send()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 1
    assert message.provider_code == "isv.MOBILE_NUMBER_ILLEGAL"
    assert "号码无效" in message.provider_message


def test_an_outage_is_retried_and_the_message_then_sent(aliyun):
    aliyun.answer(OUTAGE, (200, OK))
    message = send()
    assert message.status == SmsMessage.Status.SENT
    assert message.attempts == 2
    assert len(aliyun.seen) == 2
    assert message.provider_id == OK["BizId"]


def test_an_outage_on_every_attempt_fails_with_the_reason_logged(aliyun, caplog):
    aliyun.answer(OUTAGE)
    with caplog.at_level(logging.WARNING, logger="core.sms"):
        message = send()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 3
    assert len(aliyun.seen) == 3
    assert message.provider_code == "InternalError"
    assert "unknown error" in message.provider_message
    assert message.phone == ""
    assert "246810" not in json.dumps(message.params)
    assert any(
        "InternalError" in record.getMessage() and "138****5678" in record.getMessage() for record in caplog.records
    )
    assert not any(NUMBER in record.getMessage() for record in caplog.records)


def test_an_error_page_instead_of_an_answer_is_an_outage(aliyun):
    aliyun.answer((502, "<html><body>502 Bad Gateway</body></html>"), (200, OK))
    message = send()
    assert message.status == SmsMessage.Status.SENT
    assert message.attempts == 2


def test_a_refused_connection_is_retried_then_reported(sms_settings, aliyun, closed_port_url):
    sms_settings(ENDPOINT=closed_port_url)
    message = send()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 3
    assert message.provider_code == "unreachable"
    assert message.provider_message


def test_the_number_of_attempts_is_a_setting(sms_settings, aliyun):
    sms_settings(MAX_ATTEMPTS=5)
    aliyun.answer(OUTAGE, OUTAGE, OUTAGE, OUTAGE, (200, OK))
    assert send().status == SmsMessage.Status.SENT
    assert len(aliyun.seen) == 5
