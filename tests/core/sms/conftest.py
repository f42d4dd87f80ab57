"""Fixtures of the SMS gateway's tests: a local HTTP server that answers as the providers' APIs do,
and settings that point each backend at it. Nothing here reaches the internet."""

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class ProviderServer:
    """Answers each request with the next of `answers` (status, body), then repeats the last one."""

    url: str
    answers: list = field(default_factory=list)
    seen: list = field(default_factory=list)

    def answer(self, *answers):
        self.answers[:] = list(answers)

    def next_answer(self):
        if len(self.answers) > 1:
            return self.answers.pop(0)
        return self.answers[0] if self.answers else (200, {})


def _handler(server_state):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self._answer()

        def do_GET(self):
            self._answer()

        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            server_state.seen.append(
                Seen(
                    method=self.command,
                    path=parts.path,
                    query={k: v[0] for k, v in parse_qs(parts.query).items()},
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
            )
            status, payload = server_state.next_answer()
            data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html" if isinstance(payload, str) else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass

    return Handler


@pytest.fixture
def provider_server():
    """A server on 127.0.0.1 at a free port, for one test."""
    state = ProviderServer(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def closed_port_url():
    """An address on 127.0.0.1 where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch):
    """The SDKs honour HTTP(S)_PROXY; the local server must be reached directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def _sms_settings(settings, **values):
    settings.SMS = {**settings.SMS, **values}
    return settings.SMS


@pytest.fixture
def aliyun(settings, provider_server):
    """The Alibaba Cloud backend against the local server."""
    _sms_settings(
        settings,
        BACKEND="aliyun",
        SIGN_NAME="花石社区",
        ACCESS_KEY_ID="LTAI-test-key",
        ACCESS_KEY_SECRET="test-secret",
        ENDPOINT=provider_server.url,
        TEMPLATES={"verification_code": "SMS_154950909"},
    )
    return provider_server


@pytest.fixture
def tencent(settings, provider_server):
    """The Tencent Cloud backend against the local server."""
    _sms_settings(
        settings,
        BACKEND="tencent",
        SIGN_NAME="花石社区",
        ACCESS_KEY_ID="AKID-test-id",
        ACCESS_KEY_SECRET="test-secret-key",
        TENCENT_APP_ID="1400006666",
        ENDPOINT=provider_server.url,
        TEMPLATES={"verification_code": "449739"},
    )
    return provider_server


@pytest.fixture
def sms_settings(settings):
    """Change SMS settings for one test: sms_settings(MAX_ATTEMPTS=2)."""
    return lambda **values: _sms_settings(settings, **values)
