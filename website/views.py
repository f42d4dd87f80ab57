"""Site-wide views: search over published pages and a health check for load balancers."""
import unicodedata

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from website import site_search


def health(request):
    """The smallest useful view: also the baseline that bench/pages.py compares pages with."""
    return HttpResponse("ok", content_type="text/plain")


def paginate(request, items, per_page):
    """The requested page of `items`; a page number that is not a number or out of range is a 404."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404(_("没有这一页。")) from exc


def query_prefix(request):
    """The current query string without `page`, ready for pagination links to append to."""
    params = request.GET.copy()
    params.pop("page", None)
    return f"{params.urlencode()}&" if params else ""


def printable(text):
    """`text` without control characters (NUL among them, which PostgreSQL refuses in a query)."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs"))


def query_param(request, name):
    return printable(request.GET.get(name, "")).strip()


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
