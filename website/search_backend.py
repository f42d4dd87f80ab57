"""Wagtail's database search backend, made to find Chinese words inside longer text.

Models that are searched in Chinese index an extra field of character bigrams (see
core.chinese_text.ChineseSearchable); this backend turns each term of a plain-text query into
the phrase of its bigrams, so "电动车" matches the adjacent bigrams "电动 动车" and nothing else.
It is used everywhere Wagtail searches: the site search and the admin's page, snippet and
listing searches. Configure it as WAGTAILSEARCH_BACKENDS["default"]["BACKEND"].
"""

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import And, Or, Phrase, PlainText

from core.chinese_text import query_phrases


def phrase_query(query):
    """A PlainText query as the AND (or OR) of its terms' bigram phrases; other queries unchanged."""
    if not isinstance(query, PlainText):
        return query
    phrases = [Phrase(p) for p in query_phrases(query.query_string)]
    if len(phrases) <= 1:
        return phrases[0] if phrases else query
    return (And if query.operator.upper() == "AND" else Or)(phrases)


RANKED_HITS = 1000


def sqlite_search(compiler, config, start, stop, score_field):
    """The FTS5 MATCH run once, then the source queryset filtered by the objects it found.

    modelsearch's single SQL statement lets SQLite run the MATCH once per index entry of the model
    (a nested loop): with 10 000 proposals a common bigram such as 议题 took half a second. Up to
    RANKED_HITS hits are ordered by bm25; beyond that, newest first."""
    from django.db.models import Case, FloatField, Value, When
    from django.db.models.expressions import RawSQL
    from modelsearch.backends.database.sqlite.query import MatchExpression
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry, SQLiteFTSIndexEntry, SQLiteSearchQueryCompiler
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    query = compiler.query
    if isinstance(query, (MatchAll, Not)):
        return SQLiteSearchQueryCompiler.search(compiler, config, start, stop, score_field)
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS, compiler.build_search_query(query, config=config)
    )
    table = SQLiteFTSIndexEntry._meta.db_table
    hits = dict(
        SQLiteFTSIndexEntry.objects.filter(match)
        .annotate(score=RawSQL(f"bm25({table})", []))
        .values_list("index_entry_id", "score")
    )
    entries = IndexEntry.objects.filter(
        pk__in=list(hits), content_type__in=get_descendants_content_types_pks(compiler.queryset.model)
    ).values_list("object_id", "pk")
    pk_field = compiler.queryset.model._meta.pk
    scores = {pk_field.to_python(object_id): hits[entry] for object_id, entry in entries}
    queryset = compiler.queryset.filter(pk__in=list(scores))
    if compiler.order_by_relevance and len(scores) <= RANKED_HITS:
        score = Case(
            *(When(pk=pk, then=Value(s)) for pk, s in scores.items()), default=Value(0.0), output_field=FloatField()
        )
        queryset = queryset.annotate(**{score_field or "_score": score}).order_by(score_field or "_score", "-pk")
    elif not queryset.query.order_by:
        queryset = queryset.order_by("-pk")
    return queryset[start:stop]


def chinese(compiler_class):
    """`compiler_class` with plain-text queries turned into bigram phrases (and, on SQLite, the
    MATCH run once); used for both full-text and autocomplete compilers."""
    # Imported lazily: the SQLite module needs the FTS model, which exists only on SQLite.
    if compiler_class.__module__.endswith(".sqlite.sqlite"):
        attrs = {
            "build_search_query_content": lambda self, query, config=None: compiler_class.build_search_query_content(
                self, phrase_query(query), config=config
            ),
            "search": lambda self, config, start, stop, score_field=None: sqlite_search(
                self, config, start, stop, score_field
            ),
        }
    else:
        attrs = {
            "build_tsquery_content": lambda self, query, config=None, invert=False: (
                compiler_class.build_tsquery_content(self, phrase_query(query), config=config, invert=invert)
            ),
        }
    return type(f"Chinese{compiler_class.__name__}", (compiler_class,), attrs)


def SearchBackend(params):
    backend = database_backend(params)
    if type(backend).__name__ not in ("PostgresSearchBackend", "SQLiteSearchBackend"):  # pragma: no cover
        return backend  # MySQL, or SQLite without FTS5: not supported for Chinese search
    backend.query_compiler_class = chinese(backend.query_compiler_class)
    backend.autocomplete_query_compiler_class = chinese(backend.autocomplete_query_compiler_class)
    return backend
