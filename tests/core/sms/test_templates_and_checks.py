"""The templates by logical name and the system checks of the SMS settings."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import translation

from core.sms import checks, templates
from core.sms.templates import Template


def test_render_gives_what_the_resident_reads():
    text = templates.render("verification_code", {"code": "123456", "minutes": 5})
    assert text == "【邻里议事】您的验证码是123456，5分钟内有效。请勿泄露给他人。"


def test_render_is_in_chinese_under_english_too():
    with translation.override("en"):
        assert "您的验证码是123456" in templates.render("verification_code", {"code": "123456", "minutes": 5})


def test_a_template_names_its_params_in_order_and_its_secrets():
    template = templates.get("verification_code")
    assert template.params == ("code", "minutes")
    assert template.ordered({"minutes": "5", "code": "123456"}) == ["123456", "5"]
    assert template.redact({"code": "123456", "minutes": "5"}) == {"code": "******", "minutes": "5"}
    assert ("verification_code", "短信验证码") in [(name, str(label)) for name, label in templates.choices()]


def test_params_missing_or_unknown_are_refused():
    with pytest.raises(templates.TemplateError):
        templates.render("verification_code", {"code": "123456"})
    with pytest.raises(templates.TemplateError):
        templates.render("verification_code", {"code": "1", "minutes": 5, "name": "张三"})
    with pytest.raises(templates.TemplateError):
        templates.get("no_such_template")


def test_every_registered_template_agrees_with_its_text():
    assert [problem for t in templates.all_templates() for problem in t.problems()] == []
    broken = Template(name="broken", label="x", text="您好{name}", params=("title",))
    assert broken.problems()


def messages(errors):
    return " ".join(error.msg for error in errors)


def test_the_console_needs_nothing():
    assert checks.check_sms_settings() == []


def test_alibaba_without_keys_is_reported_in_chinese(sms_settings):
    sms_settings(BACKEND="aliyun")
    errors = checks.check_sms_settings()
    text = messages(errors)
    assert {error.id for error in errors} == {"core.sms.E001"}
    assert "缺少配置" in text
    assert "SMS_ACCESS_KEY_ID" in text and "SMS_ACCESS_KEY_SECRET" in text
    assert "SMS_TEMPLATE_VERIFICATION_CODE" in text
    assert "SMS_TENCENT_APP_ID" not in text


def test_tencent_needs_its_app_id(sms_settings):
    sms_settings(
        BACKEND="tencent",
        ACCESS_KEY_ID="AKID",
        ACCESS_KEY_SECRET="secret",
        TEMPLATES={"verification_code": "449739"},
    )
    text = messages(checks.check_sms_settings())
    assert "SMS_TENCENT_APP_ID" in text
    assert "SMS_ACCESS_KEY_ID" not in text
    assert "SMS_TEMPLATE_VERIFICATION_CODE" not in text


def test_a_complete_configuration_passes(sms_settings):
    sms_settings(
        BACKEND="aliyun", ACCESS_KEY_ID="LTAI", ACCESS_KEY_SECRET="secret", TEMPLATES={"verification_code": "SMS_1"}
    )
    assert checks.check_sms_settings() == []


def test_an_unknown_backend_is_reported(sms_settings):
    sms_settings(BACKEND="carrier-pigeon")
    text = messages(checks.check_sms_settings())
    assert "carrier-pigeon" in text and "console" in text


def test_manage_py_check_stops_on_a_misconfigured_gateway(sms_settings):
    sms_settings(BACKEND="tencent")
    with pytest.raises(SystemCheckError, match="SMS_TENCENT_APP_ID"):
        call_command("check")


def test_the_deploy_check_warns_that_the_console_sends_nothing():
    (warning,) = checks.check_sms_in_production()
    assert warning.id == "core.sms.W001"
    assert "收不到" in warning.msg
