"""Delivery as a task: what a worker's backend gets and when, retries as later tasks, the console
backend as development's message log, and what send() refuses or records without sending."""

import json

import pytest
from django.db import transaction
from django_tasks import default_task_backend

from core import sms
from core.models import SmsMessage
from core.sms import delivery, templates
from core.sms.base import Backend, Result

pytestmark = pytest.mark.django_db

NUMBER = "13912345678"
CODE = {"code": "864209", "minutes": 5}
ALIYUN_OK = {"Code": "OK", "Message": "OK", "BizId": "123456789^0", "RequestId": "R-1"}
ALIYUN_DOWN = (500, {"Code": "ServiceUnavailable", "Message": "The request has failed due to a temporary failure."})


class Worker:
    """The deliveries a task worker would run (Wagtail queues tasks of its own there too)."""

    @property
    def results(self):
        return [result for result in default_task_backend.results if result.task.func is delivery.deliver.func]


@pytest.fixture
def worker(settings):
    """A task backend that keeps tasks for a worker and can run them later (run_after)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return Worker()


# -- the console backend -------------------------------------------------------------------------


def test_the_console_backend_prints_the_message_and_keeps_its_text(home, capsys):
    message = sms.send(NUMBER, "verification_code", CODE, site=home.get_site())
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert message.backend == "console"
    assert message.site == home.get_site()
    assert message.body == "【邻里议事】您的验证码是864209，5分钟内有效。请勿泄露给他人。"
    assert message.params == {"code": "864209", "minutes": "5"}
    assert message.phone == ""
    assert message.phone_masked == "139****5678"
    printed = capsys.readouterr().out
    assert "【邻里议事】您的验证码是864209" in printed
    assert "139****5678" in printed and NUMBER not in printed


def test_the_signature_comes_from_the_settings(sms_settings):
    sms_settings(SIGN_NAME="花石社区居委会")
    message = sms.send(NUMBER, "verification_code", CODE)
    message.refresh_from_db()
    assert message.body.startswith("【花石社区居委会】您的验证码是864209")


# -- with a worker ---------------------------------------------------------------------------------


def test_with_a_worker_delivery_is_queued_when_the_transaction_commits(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            message = sms.send(NUMBER, "verification_code", CODE)
            assert worker.results == []
    (queued,) = worker.results
    assert tuple(queued.args) == (message.pk, 1)
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.QUEUED
    assert message.phone == NUMBER  # kept while it is being sent


def test_a_rolled_back_request_sends_nothing(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                sms.send(NUMBER, "verification_code", CODE)
                raise RuntimeError
    assert worker.results == []
    assert not SmsMessage.objects.exists()


def test_with_a_worker_an_outage_is_retried_by_a_later_task(worker, aliyun, django_capture_on_commit_callbacks):
    aliyun.answer(ALIYUN_DOWN, (200, ALIYUN_OK))
    with django_capture_on_commit_callbacks(execute=True):
        message = sms.send(NUMBER, "verification_code", CODE)
    first = worker.results[0]
    delivery.deliver.call(*first.args)
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.RETRYING
    assert message.attempts == 1
    assert message.provider_code == "ServiceUnavailable"
    assert message.phone == NUMBER
    retry = worker.results[1]
    assert tuple(retry.args) == (message.pk, 2)
    assert retry.task.run_after is not None  # deferred, not run at once
    delivery.deliver.call(*retry.args)
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.SENT
    assert message.attempts == 2
    assert message.phone == ""
    assert "864209" not in json.dumps(message.params) + message.body


def test_a_task_run_twice_sends_once(worker, aliyun, django_capture_on_commit_callbacks):
    aliyun.answer((200, ALIYUN_OK))
    with django_capture_on_commit_callbacks(execute=True):
        message = sms.send(NUMBER, "verification_code", CODE)
    args = worker.results[0].args
    delivery.deliver.call(*args)
    delivery.deliver.call(*args)
    assert len(aliyun.seen) == 1
    message.refresh_from_db()
    assert message.attempts == 1


# -- what never reaches a provider --------------------------------------------------------------------


def test_a_number_that_is_not_a_mobile_is_recorded_as_failed_without_sending(capsys):
    message = sms.send("059187654321", "verification_code", CODE)
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 0
    assert message.phone == ""
    assert "手机" in message.provider_message
    assert capsys.readouterr().out == ""


def test_a_backend_that_breaks_does_not_break_the_request(monkeypatch):
    def broken(self, number, template, params):
        raise RuntimeError("kaputt")

    monkeypatch.setattr("core.sms.console.ConsoleBackend.send", broken)
    message = sms.send(NUMBER, "verification_code", CODE)
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 3
    assert "kaputt" in message.provider_message
    assert message.phone == ""


def test_a_misconfigured_backend_fails_the_message_with_the_reason(sms_settings):
    sms_settings(BACKEND="aliyun")
    message = sms.send(NUMBER, "verification_code", CODE)
    message.refresh_from_db()
    assert message.status == SmsMessage.Status.FAILED
    assert message.attempts == 1
    assert "SMS_ACCESS_KEY_ID" in message.provider_message
    assert "864209" not in message.body


def test_an_unknown_template_or_missing_params_are_programming_errors():
    with pytest.raises(templates.TemplateError):
        sms.send(NUMBER, "no_such_template", {})
    with pytest.raises(templates.TemplateError):
        sms.send(NUMBER, "verification_code", {"code": "123456"})
    assert not SmsMessage.objects.exists()


# -- the interface ---------------------------------------------------------------------------------------


def test_a_backend_answers_with_a_result():
    result = Result(ok=False, provider_code="x", provider_message="y", retryable=True)
    assert (result.ok, result.provider_id, result.retryable) == (False, "", True)
    with pytest.raises(NotImplementedError):
        Backend({}).send(NUMBER, templates.get("verification_code"), CODE)
