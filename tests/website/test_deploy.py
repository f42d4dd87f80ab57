"""Production settings pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_with_production_settings_prints_no_warnings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x9Y#" * 12,
        "ALLOWED_HOSTS": "huashi.example.org",
        "SQLITE_PATH": str(tmp_path / "deploy.sqlite3"),
        "PHONE_FINGERPRINT_KEY": "a-long-random-fingerprint-key-" + "k7Q!" * 12,
        # A real SMS gateway: with the development one, residents would never receive their codes.
        "SMS_BACKEND": "aliyun",
        "SMS_ACCESS_KEY_ID": "LTAI-deploy-check",
        "SMS_ACCESS_KEY_SECRET": "deploy-check-secret",
        "SMS_TEMPLATE_VERIFICATION_CODE": "SMS_123456789",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_fingerprint_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x9Y#" * 12,
        "PHONE_FINGERPRINT_KEY": "",
    }
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "PHONE_FINGERPRINT_KEY" in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.production", "SECRET_KEY": ""}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
