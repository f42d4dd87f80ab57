"""Sending a message: the row in the message log first, then delivery as a django_tasks task with
retries.

send() writes the SmsMessage and hands its delivery to the task `deliver`. With the immediate task
backend (TASKS, website/settings/base.py) the task runs at once, so the message has been sent, or
has failed, when send() returns; with a worker's backend it is enqueued when the caller's
transaction commits (as consultation/records.py freeze_later does for PDFs), so a rolled-back
request sends nothing.

Each attempt is counted on the row. An answer that trying again could change (an outage) is
retried until settings.SMS["MAX_ATTEMPTS"] attempts: by a new task after RETRY_DELAYS with a
backend that can run tasks later (run_after), otherwise in the same process after
INLINE_RETRY_DELAYS. Any other failure is final at once. A final failure is logged as a warning
with the provider's code and message. Once the message is sent or has failed, the full number is
blanked, and the verification code is masked in the stored params and text (except for the console
backend, where nothing left the server and the text is the only copy).

Nothing here raises into the caller's request for a failed delivery; only a programming error (a
template that is not registered, parameters missing for it) raises templates.TemplateError.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

import core.sms.backends as backends
import core.sms.templates as templates
from core import phones
from core.models import SmsMessage
from core.sms.base import Result

logger = logging.getLogger("core.sms")
Status = SmsMessage.Status
OPEN = (Status.QUEUED, Status.RETRYING)


def _setting(name, default):
    return settings.SMS.get(name, default)


def max_attempts():
    return max(1, int(_setting("MAX_ATTEMPTS", 3)))


def _delay(name, attempt, default):
    """The wait before the attempt after `attempt`: the list's entry for it, or its last."""
    delays = list(_setting(name, default) or [0])
    return float(delays[min(attempt - 1, len(delays) - 1)])


def send(number, template, params, site=None):
    """Send `template` (a logical name, core/sms/templates.py) with `params` to the mobile number
    `number`; the SmsMessage of the log. See the module's docstring for when it is delivered."""
    tpl = templates.get(template)
    cleaned = tpl.clean(params)
    backend_name = backends.configured_name()
    keeps_text = getattr(backends.BACKENDS.get(backend_name), "keeps_text", False)
    shown = cleaned if keeps_text else tpl.redact(cleaned)
    message = SmsMessage(
        site=site,
        phone_masked=phones.mask(number or ""),
        template=tpl.name,
        params=cleaned,
        body=templates.render(tpl, shown),
        backend=backend_name,
    )
    try:
        phone = phones.parse_mobile(number)
    except phones.InvalidPhone as error:
        message.params = shown
        message.status = Status.FAILED
        message.provider_code = "invalid_number"
        message.provider_message = str(error)
        message.save()
        logger.warning("SMS %s not sent to %s: %s", message.pk, message.phone_masked, error)
        return message
    message.phone = phone.number
    message.phone_masked = phone.masked
    message.save()
    if isinstance(deliver.get_backend(), ImmediateBackend):
        _enqueue(message.pk)
    else:
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id, attempt=1, delay=0):
    """Hand attempt `attempt` of a message to the task backend; a backend that refuses it fails the
    message rather than the request."""
    try:
        if delay:
            deliver.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(message_id, attempt)
        else:
            deliver.enqueue(message_id, attempt)
    except Exception as error:
        logger.exception("SMS %s could not be queued", message_id)
        message = SmsMessage.objects.filter(pk=message_id, status__in=OPEN).first()
        if message is not None:
            _finish(message, Status.FAILED, Result(ok=False, provider_code="queue", provider_message=str(error)))


@task()
def deliver(message_id, attempt=1):
    """Attempt `attempt` of delivering SmsMessage `message_id`, and the retries after it that run in
    this process. A repeated run of the same attempt does nothing. Returns the message's status."""
    while True:
        if not attempt_delivery(message_id, attempt):
            return SmsMessage.objects.filter(pk=message_id).values_list("status", flat=True).first()
        if deliver.get_backend().supports_defer:
            _enqueue(message_id, attempt + 1, delay=_delay("RETRY_DELAYS", attempt, (30, 120)) or 1)
            return Status.RETRYING
        time.sleep(_delay("INLINE_RETRY_DELAYS", attempt, (1, 2)))
        attempt += 1


def attempt_delivery(message_id, attempt):
    """One try; True when the message is to be tried again, False when it is done (sent, failed,
    or taken by another run)."""
    # Claiming the attempt by its number makes a task that runs twice send once.
    claimed = SmsMessage.objects.filter(pk=message_id, attempts=attempt - 1, status__in=OPEN).update(attempts=attempt)
    if not claimed:
        return False
    message = SmsMessage.objects.get(pk=message_id)
    result = _send(message)
    if result.ok:
        _finish(message, Status.SENT, result)
        logger.info("SMS %s sent to %s (%s)", message.pk, message.phone_masked, result.provider_id)
        return False
    if result.retryable and attempt < max_attempts():
        message.status = Status.RETRYING
        message.provider_code = result.provider_code[:80]
        message.provider_message = result.provider_message
        message.save(update_fields=["status", "provider_code", "provider_message"])
        logger.info("SMS %s: attempt %s failed (%s), will retry", message.pk, attempt, result.provider_code)
        return True
    _finish(message, Status.FAILED, result)
    logger.warning(
        "SMS %s to %s failed after %s attempt(s): %s %s",
        message.pk,
        message.phone_masked,
        attempt,
        result.provider_code,
        result.provider_message,
    )
    return False


def _send(message):
    try:
        template = templates.get(message.template)
        backend = backends.get_backend(message.backend)
        return backend.send(message.phone, template, template.clean(message.params))
    except (ImproperlyConfigured, templates.TemplateError) as error:
        return Result(ok=False, provider_code="misconfigured", provider_message=str(error))
    except Exception as error:  # a bug in a backend must not cost the resident the message
        logger.exception("SMS %s: the %s backend raised", message.pk, message.backend)
        return Result(
            ok=False,
            provider_code=type(error).__name__[:80],
            provider_message=_("短信通道出错：%(error)s") % {"error": error},
            retryable=True,
        )


def _finish(message, status, result):
    """Sent or failed for good: keep the answer, forget the number and the secret params."""
    message.status = status
    message.provider_id = result.provider_id[:80]
    message.provider_code = result.provider_code[:80]
    message.provider_message = result.provider_message
    message.phone = ""
    if status == Status.SENT:
        message.sent_at = timezone.now()
    backend = backends.BACKENDS.get(message.backend)
    template = templates.find(message.template)
    if template is not None and not (backend and backend.keeps_text):
        message.params = template.redact(message.params)
        try:
            message.body = templates.render(template, message.params)
        except templates.TemplateError:
            pass
    message.save()
