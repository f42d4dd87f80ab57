"""The development backend: nothing leaves the machine, the text is printed and logged.

The message log (core.models.SmsMessage) keeps the whole text for this backend, so the secretary
can read in the admin what residents would have received.
"""

import logging
import sys

from django.utils.translation import gettext as _

import core.sms.templates as templates
from core import phones
from core.sms.base import Backend, Result

logger = logging.getLogger("core.sms")


class ConsoleBackend(Backend):
    name = "console"
    keeps_text = True

    def send(self, number, template, params):
        text = templates.render(template, params)
        line = _("短信（未实际发送）→ %(phone)s：%(text)s") % {"phone": phones.mask(number), "text": text}
        logger.info("%s", line)
        print(line, file=sys.stdout, flush=True)
        return Result(ok=True, provider_message=_("已输出到控制台，未实际发送。"))
