"""Search quality and speed over the demo content, with about 10 000 documents indexed.

Seeds the demo community plus synthetic proposals into a database of its own (bench/.work/),
indexes everything, then runs every query of bench/search_eval.json through each search approach
and prints recall (share of expected documents found), precision of the first page of results
(10), how many documents were wrongly found for queries that must find nothing (private data,
words absent or unpublished), and p50/p95 latency. Single-character queries are out of scope.

    python bench/search.py [--proposals 10000] [--repeat 3]

Approaches measured on the same index: "stock" is Wagtail's database search backend (SQLite FTS5
or PostgreSQL full-text) as it comes; "linli" is the site search (website/site_search.py with
website/search_backend.py: Chinese bigram phrases, title matches first, then newest).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
EVAL = ROOT / "bench" / "search_eval.json"
PAGE_SIZE = 10
OUT_OF_SCOPE = {"single-char"}
MUST_FIND_NOTHING = {"no match", "unpublished", "private"}


def environment(proposals):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "SQLITE_PATH": str(WORK / f"search-{proposals}.sqlite3"),
        "MEDIA_ROOT": str(WORK / "media"),
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", ""),
    }


def seed(env, proposals):
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo", "--no-progress", "--proposals", str(proposals)],
        ["wagtail_update_index", "-v0"],
    ):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def document_key(obj):
    from consultation.models import Notice, Proposal, Session

    if isinstance(obj, Proposal):
        return f"proposal:{obj.title}"
    if isinstance(obj, Session):
        return f"session:{obj.date.isoformat()}"
    if isinstance(obj, Notice):
        return f"notice:{obj.title}"
    return f"news:{obj.slug}"


def stock_search(query):
    """What Wagtail's stock database backend gives for `query` over the four kinds of public
    document (the same index), merged by the backend's own score."""
    from modelsearch.backends.database import SearchBackend

    from consultation.models import Notice, Proposal, Session
    from news.models import NewsPage

    backend = SearchBackend({})
    sources = [
        NewsPage.objects.live().public(),
        Proposal.objects.public(),
        Session.objects.exclude(status=Session.Status.CANCELLED),
        Notice.objects.published(),
    ]
    found = []
    for queryset in sources:
        found += list(backend.search(query, queryset).annotate_score("_score")[:100])
    found.sort(key=lambda obj: -(getattr(obj, "_score", 0) or 0))
    return [document_key(obj) for obj in found]


def linli_search(query):
    """The site search residents use (website.site_search with the Chinese bigram backend)."""
    from django.test import RequestFactory

    from website import site_search

    return [document_key(result.object) for result in site_search.search(query, RequestFactory().get("/search/"))]


APPROACHES = {"stock": stock_search, "linli": linli_search}


def evaluate(search, queries, repeat):
    recall_found = recall_total = 0
    precisions, wrongly_found, latencies = [], 0, []
    for entry in queries:
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            results = search(entry["q"])
            timings.append((time.perf_counter() - started) * 1000)
        latencies.append(statistics.median(timings))
        expected = set(entry["expect"])
        if entry["kind"] in MUST_FIND_NOTHING:
            wrongly_found += len(results)
            continue
        recall_total += len(expected)
        recall_found += len(expected & set(results))
        first_page = results[:PAGE_SIZE]
        if first_page:
            precisions.append(sum(1 for key in first_page if key in expected) / len(first_page))
        elif expected:
            precisions.append(0.0)
    return {
        "recall": recall_found / recall_total if recall_total else 0.0,
        "precision": statistics.mean(precisions) if precisions else 0.0,
        "wrong": wrongly_found,
        "p50": statistics.median(latencies),
        "p95": statistics.quantiles(latencies, n=20)[18],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=10000, help="synthetic proposals to seed")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query (the median is kept)")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    env = environment(args.proposals)
    print(f"seeding and indexing: demo community + {args.proposals} synthetic proposals …", flush=True)
    seed(env, args.proposals)
    for key in ("DJANGO_SETTINGS_MODULE", "SQLITE_PATH", "MEDIA_ROOT", "DATABASE_URL"):
        if env[key]:
            os.environ[key] = env[key]
        else:
            os.environ.pop(key, None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from wagtail.search.backends import get_search_backend
    from wagtail.search.index import get_indexed_models

    documents = sum(
        model.objects.count() for model in get_indexed_models() if model._meta.app_label in ("news", "consultation")
    )
    queries = [q for q in json.loads(EVAL.read_text(encoding="utf-8"))["queries"] if q["kind"] not in OUT_OF_SCOPE]
    print(
        f"\n{len(queries)} queries, {documents} indexed news/consultation objects, "
        f"{connection.vendor}, backend {type(get_search_backend()).__name__}"
    )
    print(f"{'approach':<10}{'recall':>8}{'first-page precision':>22}{'wrongly found':>15}{'p50 ms':>9}{'p95 ms':>9}")
    for name, search in APPROACHES.items():
        r = evaluate(search, queries, args.repeat)
        print(f"{name:<10}{r['recall']:>8.3f}{r['precision']:>22.3f}{r['wrong']:>15}{r['p50']:>9.1f}{r['p95']:>9.1f}")
    print("\nbudgets (issue 5): recall ≥ 0.95, first-page precision ≥ 0.9, p95 ≤ 100 ms, nothing wrongly found")


if __name__ == "__main__":
    main()
