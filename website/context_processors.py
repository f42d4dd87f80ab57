"""Template context shared by every public page."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from core.models import CommunitySettings
from news.models import NewsIndexPage
from website.page_cache import cached_fragment


def language_switch(request):
    """The same page in the other language: Chinese at the plain URL, English under /en/."""
    path = request.get_full_path()
    if get_language() == "en":
        target = path[len("/en") :] if path.startswith("/en/") else path
        return {"other_language": {"code": settings.LANGUAGE_CODE, "name": "中文", "url": target}}
    return {"other_language": {"code": "en", "name": "English", "url": f"/en{path}"}}


def site_navigation(request):
    """Lazily, so admin screens that never show it pay nothing: the site's root page, the menu
    (the root's live children marked "show in menus"), the news feed's address and the seal."""
    return {"nav": SimpleLazyObject(lambda: cached_fragment(request, "nav", lambda: _navigation(request)))}


def _navigation(request):
    site = Site.find_for_request(request)
    if site is None:
        return {}
    root = site.root_page
    menu = list(root.get_children().live().in_menu().specific())
    news_index = next((page for page in menu if isinstance(page, NewsIndexPage)), None)
    seal = CommunitySettings.for_request(request).seal_image
    return {
        "seal_url": seal.get_rendition("height-96").url if seal else "",
        "root_url": root.get_url(request),
        "menu": [{"title": page.title, "url": page.get_url(request)} for page in menu]
        + [{"title": _("议事协商"), "url": reverse("consultation:index")}],
        "news_feed_url": news_index.get_url(request) + "feed/" if news_index else "",
    }
