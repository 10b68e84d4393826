"""The external link checker's verdicts, against a local HTTP server on 127.0.0.1.

Runs on every `make test`; no internet needed. The real online check is `make linkcheck-online`.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from connection_series.links.external import (
    FAIL,
    INCONCLUSIVE,
    OK,
    check_url,
    external_links,
    make_session,
)

pytestmark = pytest.mark.unit

TIMEOUT = 0.5  # seconds; the slow route answers after 2


class Routes(BaseHTTPRequestHandler):
    hits: dict[str, int]  # set on the class by the fixture

    def log_message(self, *args):  # keep test output quiet
        pass

    def _answer(self, status: int, headers: dict[str, str] | None = None, body: str = ""):
        payload = body.encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        path = self.path
        count = self.hits[path] = self.hits.get(path, 0) + 1
        page = '<html><body><h2 id="methods">Methods</h2></body></html>'
        if path == "/ok":
            self._answer(200, body=page)
        elif path == "/moved":
            self._answer(301, {"Location": "/ok"})
        elif path == "/to-publisher":
            self._answer(302, {"Location": "/forbidden"})
        elif path == "/forbidden":
            self._answer(403)
        elif path == "/missing":
            self._answer(404)
        elif path == "/gone":
            self._answer(410)
        elif path == "/busy-once":
            if count == 1:
                self._answer(429, {"Retry-After": "1"})
            else:
                self._answer(200, body=page)
        elif path == "/busy-always":
            self._answer(429, {"Retry-After": "0"})
        elif path == "/slow":
            time.sleep(2)
            self._answer(200, body=page)
        elif path.startswith("/doi/10."):
            registered = path != "/doi/10.9999/unregistered"
            if registered:
                self._answer(302, {"Location": "/forbidden"})
            else:
                self._answer(404)
        else:
            self._answer(404)


@pytest.fixture(scope="module")
def server():
    Routes.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Routes)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield base, Routes.hits
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def check(server):
    base, _ = server
    session = make_session(retries=2, backoff=0.05)

    def run(path: str, **options):
        return check_url(
            base + path, session, timeout=TIMEOUT, doi_resolvers=(base + "/doi/",), **options
        )

    return run


def test_200_is_ok(check):
    assert check("/ok").verdict == OK


def test_301_then_200_is_ok(check):
    verdict = check("/moved")
    assert verdict.verdict == OK
    assert "redirect" in verdict.reason


def test_302_then_403_is_inconclusive_not_broken(check):
    verdict = check("/to-publisher")
    assert verdict.verdict == INCONCLUSIVE
    assert "403 after a redirect" in verdict.reason


@pytest.mark.parametrize("path", ["/missing", "/gone"])
def test_404_and_410_fail(check, path):
    assert check(path).verdict == FAIL


def test_429_then_200_is_retried_after_the_retry_after_delay(check, server):
    _, hits = server
    started = time.monotonic()
    verdict = check("/busy-once")
    elapsed = time.monotonic() - started
    assert verdict.verdict == OK
    assert hits["/busy-once"] == 2
    assert elapsed >= 0.9, "Retry-After: 1 was not honoured"


def test_429_that_persists_is_inconclusive_after_bounded_retries(check, server):
    _, hits = server
    verdict = check("/busy-always")
    assert verdict.verdict == INCONCLUSIVE
    assert "429" in verdict.reason
    assert hits["/busy-always"] == 3  # the first try and two retries


def test_reply_slower_than_the_timeout_is_inconclusive(check):
    started = time.monotonic()
    verdict = check("/slow")
    assert verdict.verdict == INCONCLUSIVE
    assert "timed out" in verdict.reason
    assert time.monotonic() - started < 2 * 3, "the timeout did not cut the slow reply short"


def test_closed_port_fails():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The socket is closed: nothing listens on that port now.
    verdict = check_url(f"http://127.0.0.1:{port}/", make_session(retries=1, backoff=0.01))
    assert verdict.verdict == FAIL
    assert "refused" in verdict.reason


def test_unresolvable_host_fails():
    verdict = check_url("http://no-such-host.invalid/", make_session(retries=0), timeout=2)
    assert verdict.verdict == FAIL
    assert "DNS" in verdict.reason


def test_missing_fragment_fails_and_present_fragment_passes(check):
    assert check("/ok#methods").verdict == OK
    missing = check("/ok#no-such-section")
    assert missing.verdict == FAIL
    assert "no-such-section" in missing.reason


def test_registered_doi_is_ok_without_following_the_redirect(check, server):
    _, hits = server
    before = hits.get("/forbidden", 0)
    verdict = check("/doi/10.1234/registered")
    assert verdict.verdict == OK
    assert hits.get("/forbidden", 0) == before, "the checker followed the DOI to the publisher"


def test_unregistered_doi_fails(check):
    assert check("/doi/10.9999/unregistered").verdict == FAIL


def test_links_are_collected_from_page_content_only(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><body><header><a href="https://theme.example/">theme</a></header>'
        '<div class="md-content"><p><a href="https://doi.org/10.1000/x">a DOI</a>'
        '<a href="../local/">local</a></p></div></body></html>'
    )
    assert external_links(tmp_path) == {"https://doi.org/10.1000/x": ["index.html"]}
