"""Going through the verification page as a resident does: ask for a code, read it off the message
log (the development gateway keeps each message's text), type it back."""

import re

from django.urls import reverse

from core.models import SmsMessage

VERIFY = "/consultation/verify/"


def send_code(client, phone, next_url="/consultation/", **extra):
    return client.post(VERIFY, {"phone": phone, "action": "send", "next": next_url}, **extra)


def last_code():
    body = SmsMessage.objects.latest("created_at", "pk").body
    return re.search(r"\d{6}", body).group()


def check_code(client, phone, code, next_url="/consultation/"):
    return client.post(VERIFY, {"phone": phone, "code": code, "action": "check", "next": next_url})


def verify(client, phone="13812345678", next_url="/consultation/"):
    """The whole journey; returns the answer to the check (a redirect to `next_url`)."""
    sent = send_code(client, phone, next_url)
    assert sent.status_code == 302, sent.content.decode()
    checked = check_code(client, phone, last_code(), next_url)
    assert checked.status_code == 302, checked.content.decode()
    return checked


def rate_url(proposal):
    return reverse("consultation:rate", args=(proposal.tracking_number,))
