"""Site search: news, proposals, 议事日 sessions and notices in one ranked list with snippets.

Matching is Wagtail's search backend (website.search_backend: Chinese bigram phrases). Ranking is
ours, because results of four models have to be merged: documents whose title contains every term
come first, then the rest, newest first within each group.
"""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from consultation.models import Notice, Proposal, Session
from core.chinese_text import normalise
from news.models import NewsPage

PER_SOURCE = 100  # the best matches of each kind, by the backend's relevance, that are ranked here
SNIPPET_CONTEXT = 40


class Result:
    """One hit; its snippet is made only when a page of results is shown."""

    def __init__(self, kind, title, url, date, text_of, terms, object):
        self.kind, self.title, self.url, self.date, self.object = kind, title, url, date, object
        self.text_of, self.terms = text_of, terms
        self.title_match = all(term in normalise(title) for term in terms)

    @cached_property
    def snippet(self):
        return snippet(self.text_of(self.object), self.terms)


def _sources(site):
    return [
        (
            _("新闻"),
            NewsPage.objects.live().public().select_related("category"),
            lambda p: p.date,
            lambda p: " ".join([p.intro, *p.body.stream_block.get_searchable_content(p.body)]),
        ),
        (
            _("议题"),
            Proposal.objects.public().filter(site=site),
            lambda p: timezone.localdate(p.submitted_at),
            lambda p: p.description,
        ),
        (
            _("议事日"),
            Session.objects.filter(site=site).exclude(status=Session.Status.CANCELLED),
            lambda s: s.date,
            lambda s: f"{s.venue} {s.summary}",
        ),
        (_("公示"), Notice.objects.published().filter(site=site), lambda n: n.starts_on, lambda n: n.body),
    ]


def search(query, request):
    """The ranked results for `query` on the site `request` is for."""
    site = Site.find_for_request(request)
    terms = normalise(query).split()
    if not terms:
        return []
    backend = get_search_backend()
    results = []
    for kind, queryset, date_of, text_of in _sources(site):
        for obj in backend.search(query, queryset)[:PER_SOURCE]:
            title = str(getattr(obj, "display_title", None) or obj.title)
            url = obj.get_url(request) if isinstance(obj, Page) else obj.get_absolute_url()
            results.append(Result(kind, title, url, date_of(obj), text_of, terms, obj))
    results.sort(key=lambda r: (not r.title_match, -r.date.toordinal()))
    return results


def snippet(text, terms):
    """About 80 characters of `text` around the first match, with every match in <mark>."""
    text = " ".join((text or "").split())
    # Normalise character by character so positions in the normalised text map back to `text`.
    normal, origin = [], []
    for index, char in enumerate(text):
        for folded in normalise(char):
            normal.append(folded)
            origin.append(index)
    normal = "".join(normal)
    spans = []
    for term in terms:
        start = normal.find(term)
        while start != -1:
            spans.append((origin[start], origin[start + len(term) - 1] + 1))
            start = normal.find(term, start + len(term))
    if not spans:
        return escape(text[: 2 * SNIPPET_CONTEXT]) + ("…" if len(text) > 2 * SNIPPET_CONTEXT else "")
    spans.sort()
    begin = max(0, spans[0][0] - SNIPPET_CONTEXT)
    end = min(len(text), spans[0][1] + SNIPPET_CONTEXT)
    pieces, cursor = [], begin
    for start, stop in spans:
        if start < cursor or stop > end:
            continue
        pieces += [escape(text[cursor:start]), "<mark>", escape(text[start:stop]), "</mark>"]
        cursor = stop
    pieces.append(escape(text[cursor:end]))
    return mark_safe(("…" if begin else "") + "".join(pieces) + ("…" if end < len(text) else ""))
