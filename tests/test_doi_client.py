"""One client of the DOI resolver and Crossref (sources.services) for `make add-reference` and
the source watch: both ask the resolver the same way, with the same retrying session and the
same base addresses from the environment. Local servers on 127.0.0.1 only."""

from __future__ import annotations

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from support.crossref_server import serve
from support.site_helpers import REPO

from connection_series.contributors.add_reference import AddReferenceError, add_reference
from connection_series.sources.services import (
    CROSSREF_API,
    CSL_JSON,
    DOI_RESOLVER,
    Services,
    base_address,
)

pytestmark = pytest.mark.unit

BOOK = {
    "type": "book",
    "DOI": "10.5555/busy-book",
    "title": "Together",
    "author": [{"family": "Aaronson", "given": "Vivek H."}],
    "publisher": "Harper Wave",
    "issued": {"date-parts": [[2020]]},
}


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "references.bib"
    shutil.copyfile(REPO / "references.bib", path)
    return path


def test_add_reference_and_the_source_watch_ask_the_resolver_the_same_way(bib, monkeypatch):
    with serve() as (base, log):
        monkeypatch.setenv("DOI_RESOLVER", f"{base}/doi")
        watch = Services.from_environment(None, "https://example.org", 2.0, 0, 0.01, None)
        assert watch.csl("10.5555/datacite").found
        # The stand-in's record has no publisher, which an @misc needs: refused after asking.
        with pytest.raises(AddReferenceError, match="has no howpublished"):
            add_reference("10.5555/datacite", bib, resolver=f"{base}/doi", timeout=2.0)
    watched, added = log.headers
    assert watched["Accept"] == added["Accept"] == CSL_JSON
    assert list(log.hits) == ["/doi/10.5555/datacite"]  # the same address, asked twice
    assert "sources" in watched["User-Agent"] and "add-reference" in added["User-Agent"]


class BusyOnce(BaseHTTPRequestHandler):
    """The resolver answers 503 to the first request, then the record."""

    asked: list[str]

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.asked.append(self.path)
        body, status = json.dumps(BOOK).encode(), 200 if len(self.asked) > 1 else 503
        self.send_response(status)
        self.send_header("Content-Type", CSL_JSON if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_add_reference_retries_a_busy_resolver_with_the_shared_session(bib):
    handler = type("Handler", (BusyOnce,), {"asked": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        resolver = f"http://127.0.0.1:{server.server_address[1]}"
        added = add_reference("10.5555/busy-book", bib, resolver=resolver, backoff=0.01)
    finally:
        server.shutdown()
        server.server_close()
    assert added.key == "aaronson2020"
    assert len(handler.asked) == 2


@pytest.mark.parametrize("variable", ["CROSSREF_API", "DOI_RESOLVER"])
def test_base_addresses_come_from_the_environment_else_the_public_services(variable, monkeypatch):
    public = {"CROSSREF_API": CROSSREF_API, "DOI_RESOLVER": DOI_RESOLVER}[variable]
    monkeypatch.delenv(variable, raising=False)
    assert base_address(variable) == public
    monkeypatch.setenv(variable, "")  # set but empty, as a CI variable left blank
    assert base_address(variable) == public
    monkeypatch.setenv(variable, "http://127.0.0.1:9/base/")
    assert base_address(variable) == "http://127.0.0.1:9/base"
