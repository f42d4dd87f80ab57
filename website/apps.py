"""App configuration of the site-wide package."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("站点")

    def ready(self):
        from website import page_cache

        page_cache.connect_signals()
