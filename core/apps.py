"""App configuration of the shared floor."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("社区基础")

    def ready(self):
        # The SMS settings are checked by `manage.py check` (core/sms/checks.py).
        from core.sms import checks  # noqa: F401
