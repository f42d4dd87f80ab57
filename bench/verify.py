"""Phone verification and the per-client limits, measured through gunicorn (4 workers).

Builds a database of its own (bench/.work/verify.sqlite3, or BENCH_DATABASE_URL), with proposals
in evaluation, and serves it with production settings and the development SMS gateway (each
message's text is in the message log, where this script reads the code from). It prints:

- latency: time from asking for a code to being verified (POST send, read the code, POST check),
  median and p95 over distinct numbers and clients;
- throughput: requests per second the two verification endpoints sustain from 8 connections, each
  request from its own client address (X-Forwarded-For behind one trusted proxy), every number new;
- ratings per hour: how many of RATINGS ratings one client gets in, against the configured limit.

    python bench/verify.py [--flows 40] [--seconds 10] [--ratings 30]
    python bench/verify.py --before /path/to/old/checkout   # ratings per hour of an older tree
"""

import argparse
import contextlib
import http.client
import itertools
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
PYTHON = sys.executable
WORKERS = 4
CONCURRENCY = 8
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEED = """
import datetime
from django.utils import timezone
from wagtail.models import Site
from consultation.models import Proposal
site = Site.objects.get(is_default_site=True)
for n in range({count}):
    Proposal.objects.create(site=site, title=f"测评议题{{n}}", description="用于测量的议题说明文字。",
        category="services", estate="花石小区", proposer_name="张晓明", proposer_phone="13800000000",
        state="evaluating",
        evaluation_ends_on=timezone.localdate() + datetime.timedelta(days=7))
print(",".join(Proposal.objects.filter(state="evaluating").values_list("tracking_number", flat=True)))
"""


def environment(tree, database):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "PHONE_FINGERPRINT_KEY": "bench-only-fingerprint-key",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "SQLITE_PATH": str(database),
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", ""),
        "PYTHONPATH": str(tree),
    }


def prepare(tree, env, ratings):
    database = Path(env["SQLITE_PATH"])
    if database.exists():
        database.unlink()
    for args in (["migrate", "-v0"], ["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *args], cwd=tree, env=env, check=True)
    seed = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SEED.format(count=ratings)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return seed.stdout.strip().splitlines()[-1].split(",")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(tree, env):
    port = free_port()
    command = [PYTHON, "-m", "gunicorn", "website.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "--log-level", "warning"], cwd=tree, env=env)
    # The task worker delivers the messages (an older tree without it ran tasks in the request).
    worker = None
    if (tree / "website" / "settings" / "base.py").read_text().count("django_tasks_db"):
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "0.2"], cwd=tree, env=env, stdout=subprocess.DEVNULL
        )
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited")
            try:
                Client(port, "127.0.0.1").get("/healthz/")
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait()


class Client:
    """One resident's browser: its cookies, its address (as the trusted proxy reports it)."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        connection.close()
        return response.status, content

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        if "csrftoken" not in self.cookies:
            self.get("/consultation/propose/")  # any page with a form sets the CSRF cookie
        token = self.cookies.get("csrftoken", "")
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token})


def code_for(env, masked, after_id):
    """The newest code sent to `masked`, read off the message log (development gateway)."""
    for _ in range(200):
        with contextlib.closing(sqlite3.connect(env["SQLITE_PATH"], timeout=30)) as db:
            row = db.execute(
                "SELECT id, body FROM core_smsmessage WHERE phone_masked = ? AND id > ? ORDER BY id DESC LIMIT 1",
                (masked, after_id),
            ).fetchone()
        if row:
            return re.search(r"\d{6}", row[1]).group()
        time.sleep(0.01)
    raise RuntimeError(f"no code for {masked}")


def last_message_id(env):
    with contextlib.closing(sqlite3.connect(env["SQLITE_PATH"], timeout=30)) as db:
        return db.execute("SELECT COALESCE(MAX(id), 0) FROM core_smsmessage").fetchone()[0]


NUMBERS = (f"139{n:08d}" for n in itertools.count(10_000_000))
ADDRESSES = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))
LOCK = threading.Lock()


def fresh():
    with LOCK:
        return next(NUMBERS), next(ADDRESSES)


def flow(port, env):
    """One resident verifying a new number; (seconds from asking to verified, requests made)."""
    number, address = fresh()
    client = Client(port, address)
    client.get("/consultation/verify/")
    before = last_message_id(env)
    started = time.perf_counter()
    status, _ = client.post("/consultation/verify/", {"phone": number, "action": "send", "next": "/"})
    if status != 302:
        raise RuntimeError(f"send answered {status}")
    code = code_for(env, number[:3] + "****" + number[-4:], before)
    status, _ = client.post("/consultation/verify/", {"phone": number, "code": code, "action": "check", "next": "/"})
    if status != 302:
        raise RuntimeError(f"check answered {status}")
    return time.perf_counter() - started


def throughput(port, env, seconds):
    deadline = time.perf_counter() + seconds
    done = []

    def worker():
        while time.perf_counter() < deadline:
            flow(port, env)
            with LOCK:
                done.append(2)

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for future in [pool.submit(worker) for _ in range(CONCURRENCY)]:
            future.result()
    return sum(done) / (time.perf_counter() - started)


def ratings_per_hour(port, env, numbers, before):
    """How many ratings one client (one address) gets in, one per proposal, within a minute."""
    client = Client(port, "203.0.113.77")
    if not before:
        flow_client_number = "13712345678"
        start = last_message_id(env)
        client.post("/consultation/verify/", {"phone": flow_client_number, "action": "send", "next": "/"})
        code = code_for(env, "137****5678", start)
        client.post("/consultation/verify/", {"phone": flow_client_number, "code": code, "action": "check"})
    accepted = 0
    for n, number in enumerate(numbers):
        data = {"score": "satisfied", "comment": ""}
        if before:
            data["phone"] = f"1371234{n:04d}"
        status, _ = client.post(f"/consultation/proposals/{number}/rate/", data)
        accepted += status == 302
    return accepted


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--ratings", type=int, default=30)
    parser.add_argument("--before", type=Path, help="an older checkout: measure only its ratings per hour")
    args = parser.parse_args()
    tree = (args.before or ROOT).resolve()
    WORK.mkdir(parents=True, exist_ok=True)
    env = environment(tree, WORK / ("verify-before.sqlite3" if args.before else "verify.sqlite3"))
    if args.before:
        # The older tree read the client from REMOTE_ADDR: every request is one client anyway.
        env.pop("TRUSTED_PROXY_COUNT")
    numbers = prepare(tree, env, args.ratings)
    with gunicorn(tree, env) as port:
        accepted = ratings_per_hour(port, env, numbers, before=bool(args.before))
        print(f"ratings accepted from one client: {accepted} of {len(numbers)} (gunicorn {WORKERS} workers)")
        if args.before:
            return
        latencies = [flow(port, env) * 1000 for _ in range(args.flows)]
        print(
            f"code request → verified: median {statistics.median(latencies):.1f} ms, "
            f"p95 {statistics.quantiles(latencies, n=20)[18]:.1f} ms over {args.flows} numbers"
        )
        rate = throughput(port, env, args.seconds)
        print(f"verification endpoints: {rate:.1f} requests/s (send + check, {CONCURRENCY} connections)")


if __name__ == "__main__":
    main()
