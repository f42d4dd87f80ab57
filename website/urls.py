"""URL configuration: admin, documents, search and health outside the language prefix; pages inside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from website import views

urlpatterns = [
    # The community settings moved from the `website` app to `core` (docs/decisions.md): old links still work.
    re_path(
        r"^admin/settings/website/communitysettings/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/settings/core/communitysettings/%(rest)s", query_string=True, permanent=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz/", views.health, name="health"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Chinese pages live at the stable unprefixed URLs; /en/... shows the site's own strings in English.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("consultation/", include("consultation.web.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
