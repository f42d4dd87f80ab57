"""The SMS gateway: text messages to residents' mobiles, whichever provider carries them.

    from core import sms
    message = sms.send("13812345678", "verification_code", {"code": "123456", "minutes": 5}, site=site)

send() returns the core.models.SmsMessage of the message log; with the immediate task backend it
has been delivered (status sent) or has failed (status failed) by then. The parts:
templates.py (the messages by logical name, render()), base.py (the backend interface and
Result), console.py, aliyun.py and tencent.py (the backends), backends.py (SMS_BACKEND → backend),
delivery.py (the log row, the task, retries), checks.py (missing settings reported by
`manage.py check`).
"""

from core.sms.delivery import send
from core.sms.templates import render

__all__ = ["render", "send"]
