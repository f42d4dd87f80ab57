"""Site-wide views: search over published pages and a health check for load balancers."""

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.paging import paginate, printable, query_prefix
from website import site_search


def health(request):
    """The smallest useful view: also the baseline that bench/pages.py compares pages with."""
    return HttpResponse("ok", content_type="text/plain")


def search_terms(query):
    """The query as plain words: a double quote would be a full-text syntax error."""
    return " ".join(printable(query).replace('"', " ").split())


def search(request):
    query = request.GET.get("q", "").strip()
    error = ""
    results = None
    if len(query) > settings.SEARCH_QUERY_MAX_LENGTH:
        error = _("搜索词太长了，请控制在 %(max)s 个字以内。") % {"max": settings.SEARCH_QUERY_MAX_LENGTH}
    elif terms := search_terms(query):
        results = paginate(request, site_search.search(terms, request), settings.SEARCH_PAGE_SIZE)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": results,
            "search_error": error,
            "query_prefix": query_prefix(request),
        },
    )
