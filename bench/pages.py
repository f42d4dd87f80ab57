"""Public page latency through gunicorn, against a minimal Django view on the same server.

Seeds the demo community plus synthetic articles and proposals into a database of its own (bench/.work/),
serves it with gunicorn (2 workers), and sends requests from 8 concurrent connections. For each
page it prints the median and p95 latency of the page as visitors get it (cached after the first
view) and uncached (a fresh query string per request forces a full render), and the ratio of each
median to the minimal view's median (`/healthz/`) measured in the same run. Budget: cached ratio ≤ 3.

    python bench/pages.py [--articles 5000] [--proposals 10000] [--requests 400]
"""

import argparse
import contextlib
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
PYTHON = sys.executable
CONCURRENCY = 8
WORKERS = 2


def environment(articles):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SQLITE_PATH": str(WORK / f"bench-{articles}.sqlite3"),
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        # A PostgreSQL run: BENCH_DATABASE_URL=postgres://... python bench/pages.py
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", ""),
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return elapsed, body


def measure(port, paths):
    """Latencies in milliseconds of fetching each of `paths` from CONCURRENCY connections."""
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        return [elapsed * 1000 for elapsed, _ in pool.map(lambda p: fetch(port, p), paths)]


def wait_until_up(port, server):
    for _ in range(200):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            fetch(port, "/healthz/")
            return
        except (OSError, RuntimeError):
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


@contextlib.contextmanager
def gunicorn(env):
    """The site served by gunicorn (WORKERS workers) on a free local port, until the block ends."""
    port = free_port()
    command = [PYTHON, "-m", "gunicorn", "website.wsgi", "--workers", str(WORKERS)]
    server = subprocess.Popen([*command, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        wait_until_up(port, server)
        yield port
    finally:
        server.terminate()
        server.wait()


def p95(values):
    return statistics.quantiles(values, n=20)[18]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="synthetic articles to seed")
    parser.add_argument("--proposals", type=int, default=10000, help="synthetic proposals to seed")
    parser.add_argument("--requests", type=int, default=400, help="requests per page and mode")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    env = environment(args.articles)
    print(
        f"seeding: demo community + {args.articles} synthetic articles + {args.proposals} proposals (idempotent) …",
        flush=True,
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--articles", str(args.articles), "--proposals", str(args.proposals))
    manage(env, "collectstatic", "--noinput", "-v0")

    with gunicorn(env) as port:
        listing = fetch(port, "/news/")[1].decode()
        article = next(h for h in re.findall(r'href="(/news/[a-z0-9-]+/)"', listing) if h != "/news/feed/")
        proposals = fetch(port, "/consultation/")[1].decode()
        proposal = re.search(r'href="(/consultation/proposals/[^"]+/)"', proposals).group(1)
        pages = {
            "/": "/",
            "/news/": "/news/",
            "article": article,
            "/news/feed/": "/news/feed/",
            "/consultation/": "/consultation/",
            "proposal": proposal,
            "/consultation/notices/": "/consultation/notices/",
        }
        n = args.requests
        for path in ["/healthz/", *pages.values()]:  # warm-up: workers, renditions, page cache
            measure(port, [path] * (CONCURRENCY * 4))
        baseline = measure(port, ["/healthz/"] * n)
        rows = []
        for name, path in pages.items():
            cached = measure(port, [path] * n)
            joiner = "&" if "?" in path else "?"
            uncached = measure(port, [f"{path}{joiner}bench={i}" for i in range(n)])
            rows.append((name, cached, uncached))
        baseline += measure(port, ["/healthz/"] * n)  # again at the end, so drift shows in both

    base = statistics.median(baseline)
    print(
        f"\n{args.articles} synthetic articles, {args.proposals} proposals, gunicorn {WORKERS} workers, "
        f"{CONCURRENCY} connections, {n} requests per row"
    )
    print(f"{'page':<14}{'median ms':>10}{'p95 ms':>9}{'ratio':>7}   {'uncached median':>16}{'p95':>8}{'ratio':>7}")
    print(f"{'/healthz/':<14}{base:>10.2f}{p95(baseline):>9.2f}{1:>7.2f}")
    worst = 0
    for name, cached, uncached in rows:
        ratio = statistics.median(cached) / base
        worst = max(worst, ratio)
        print(
            f"{name:<14}{statistics.median(cached):>10.2f}{p95(cached):>9.2f}{ratio:>7.2f}   "
            f"{statistics.median(uncached):>16.2f}{p95(uncached):>8.2f}{statistics.median(uncached) / base:>7.2f}"
        )
    print(f"\nworst cached ratio {worst:.2f} (budget ≤ 3): {'OK' if worst <= 3 else 'OVER BUDGET'}")


if __name__ == "__main__":
    main()
