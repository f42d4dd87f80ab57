"""Whole-page cache for anonymous visitors, invalidated exactly when public content changes.

A cached page is stored under the current generation token (`PageCacheVersion`). Saving or
deleting anything that can show on a public page (pages, settings, images, documents, tags,
sites, view restrictions, redirects, the apps' own models), publishing, unpublishing and moving
pages replace the token in the same database transaction, so the next request after the commit
renders afresh in every server process. Only anonymous GET requests are served from the cache;
a visitor with a session (an editor, a preview), a response that sets a cookie (a CSRF token, a
language choice) or a response that is not a plain 200 is never stored.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import BaseViewRestriction, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.models import PageCacheVersion

UNCACHED_PREFIXES = ("/admin/", "/documents/", "/healthz/", "/static/", "/media/")
CONTENT_MODELS = (Page, BaseSiteSetting, Site, AbstractImage, AbstractDocument, BaseViewRestriction, Redirect)
# Apps whose every model can appear on public pages.
CONTENT_APPS = {"core", "website", "news", "consultation", "taggit"}
HEADER = "X-Page-Cache"


def current_token():
    token = PageCacheVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        token = PageCacheVersion.objects.get_or_create(pk=1)[0].token
    return token


def invalidate(**kwargs):
    """Start a new generation: every page cached so far is stale from the commit on."""
    if not PageCacheVersion.objects.filter(pk=1).update(token=uuid.uuid4()):
        PageCacheVersion.objects.get_or_create(pk=1)


def affects_public_pages(model):
    if model is PageCacheVersion or not getattr(model, "affects_public_pages", True):
        return False
    return issubclass(model, CONTENT_MODELS) or model._meta.app_label in CONTENT_APPS


def _on_model_change(sender, **kwargs):
    if affects_public_pages(sender):
        invalidate()


def connect_signals():
    post_save.connect(_on_model_change, dispatch_uid="page_cache_save")
    post_delete.connect(_on_model_change, dispatch_uid="page_cache_delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"page_cache_{id(signal)}")


def is_cacheable_request(request):
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def is_cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not getattr(request, "is_preview", False)
        and not (user is not None and user.is_authenticated)
    )


def cache_key(request, token):
    path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{token}:{request.get_host()}:{path_hash}"


def cached_fragment(request, name, compute):
    """`compute()` once per generation for anonymous visitors (who have read the token already);
    computed afresh for everyone else."""
    token = getattr(request, "page_cache_token", None)
    if token is None:
        return compute()
    key = f"fragment:{token}:{request.get_host()}:{request.LANGUAGE_CODE}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        request.page_cache_token = current_token()
        key = cache_key(request, request.page_cache_token)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if is_cacheable_response(request, response):
            cache.set(key, (response.content, dict(response.items())), settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "miss"
        return response
