"""短信记录, the admin's log of text messages: who may read it, that numbers are only ever masked,
filters and order, and that nothing can be changed there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import sms
from core.models import SmsMessage
from tests.consultation.helpers import html_of

pytestmark = pytest.mark.django_db

INDEX = "sms_message:index"
NUMBER = "13812345678"


@pytest.fixture
def failed_message(db):
    """A message that is still being retried: its full number is still on the row."""
    return SmsMessage.objects.create(
        phone="13987654321",
        phone_masked="139****4321",
        template="verification_code",
        params={"code": "******", "minutes": "5"},
        body="【邻里议事】您的验证码是******，5分钟内有效。请勿泄露给他人。",
        backend="aliyun",
        status=SmsMessage.Status.RETRYING,
        attempts=2,
        provider_code="isp.SYSTEM_ERROR",
        provider_message="服务商系统错误（System error）",
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )


@pytest.fixture
def sent_message(db):
    message = sms.send(NUMBER, "verification_code", {"code": "112233", "minutes": 5})
    message.refresh_from_db()
    return message


def listing(client, user, **query):
    client.force_login(user)
    return client.get(reverse(INDEX), query)


def test_the_secretary_sees_masked_numbers_and_never_the_full_ones(client, secretary, sent_message, failed_message):
    response = listing(client, secretary)
    assert response.status_code == 200
    html = html_of(response)
    for heading in ("时间", "号码", "模板", "状态", "发送次数", "服务商答复"):
        assert heading in html
    assert "138****5678" in html and "139****4321" in html
    assert NUMBER not in html and "13987654321" not in html
    assert "短信验证码" in html
    assert "已发送" in html and "等待重试" in html
    assert "isp.SYSTEM_ERROR" in html and "服务商系统错误" in html


def test_the_newest_message_comes_first(client, secretary, sent_message, failed_message):
    html = html_of(listing(client, secretary))
    assert html.index("138****5678") < html.index("139****4321")


def test_the_log_filters_by_status_and_template(client, secretary, sent_message, failed_message):
    html = html_of(listing(client, secretary, status=SmsMessage.Status.RETRYING))
    assert "139****4321" in html and "138****5678" not in html
    html = html_of(listing(client, secretary, template="verification_code"))
    assert "139****4321" in html and "138****5678" in html


def test_the_supervisory_committee_and_superusers_read_the_log(client, supervisor, superuser, sent_message):
    for user in (supervisor, superuser):
        assert "138****5678" in html_of(listing(client, user))


@pytest.mark.parametrize("role", ["unit_user", "member", "staff_without_group"])
def test_other_accounts_get_no_access(client, users, role, sent_message):
    response = listing(client, users[role])
    assert response.status_code in (302, 403)
    assert "138****5678" not in html_of(response)


def test_the_menu_shows_the_log_only_to_those_who_may_read_it(client, secretary, unit_user):
    client.force_login(secretary)
    assert reverse(INDEX) in html_of(client.get(reverse("wagtailadmin_home")))
    client.force_login(unit_user)
    assert reverse(INDEX) not in html_of(client.get(reverse("wagtailadmin_home")))


def test_nothing_can_be_added_edited_or_deleted(client, superuser, sent_message):
    html = html_of(listing(client, superuser))
    base = reverse(INDEX)
    assert f'href="{base}new/"' not in html
    for suffix in ("new/", f"edit/{sent_message.pk}/", f"delete/{sent_message.pk}/"):
        assert client.get(base + suffix).status_code == 404
        assert client.post(base + suffix).status_code == 404
    assert SmsMessage.objects.filter(pk=sent_message.pk).exists()
