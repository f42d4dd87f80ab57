"""Paging and query-string parameters of public listings."""

import unicodedata

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


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
