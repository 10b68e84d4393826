"""A local stand-in for Crossref's REST API and the DOI resolver, on 127.0.0.1.

Crossref-shaped replies (`{"status": "ok", "message": ...}`) for one DOI per case the source
check must judge, and `SAMPLE_BIB`, a references.bib that cites each of them. Used by
tests/test_sources_check.py; to try the command by hand (from the repository folder):

    PYTHONPATH=tests .venv/bin/python -m support.crossref_server   # prints the two addresses
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

SLOW_SECONDS = 2.0  # the slow route answers after this; tests use a shorter timeout


def _record(doi: str, title: str, family: str, year: int, **extra) -> dict:
    return {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [
            {"given": "A.", "family": family, "sequence": "first"},
            {"given": "B.", "family": "Second", "sequence": "additional"},
        ],
        "issued": {"date-parts": [[year, 5]]},
        "container-title": ["Journal of Test Cases"],
        **extra,
    }


def _update(doi: str, kind: str, label: str, date: tuple, source: str = "publisher") -> dict:
    return {
        "DOI": doi,
        "type": kind,
        "label": label,
        "source": source,
        "updated": {"date-parts": [list(date)]},
    }


# DOI -> Crossref work record. Titles, first authors and years match SAMPLE_BIB unless the case
# is about a mismatch.
WORKS = {
    "10.5555/clean": _record(
        "10.5555/clean", "Loneliness and Health: A Cohort Study", "Okafor", 2019
    ),
    "10.5555/retracted": _record(
        "10.5555/retracted",
        "Touch lowers blood pressure",
        "Berg",
        2018,
        # The publisher's notice and Retraction Watch's record of it: one notice, two sources.
        **{
            "updated-by": [
                _update("10.5555/retraction-1", "retraction", "Retraction", (2021, 3, 4)),
                _update(
                    "10.5555/retraction-1",
                    "retraction",
                    "Retraction",
                    (2021, 3, 4),
                    "retraction-watch",
                ),
            ]
        },
    ),
    # Its correction is only found through `filter=updates:` (no `updated-by` in the record).
    "10.5555/corrected": _record(
        "10.5555/corrected", "Friendship and sleep in older adults", "Ngata", 2017
    ),
    "10.5555/concern": _record(
        "10.5555/concern",
        "Marriage and survival after heart surgery",
        "Lindqvist",
        2016,
        **{
            "updated-by": [
                _update(
                    "10.5555/concern-1",
                    "expression_of_concern",
                    "Expression of Concern",
                    (2022, 1, 10),
                )
            ]
        },
    ),
    "10.5555/corrected-reviewed": _record(
        "10.5555/corrected-reviewed",
        "Group singing and loneliness",
        "Ferreira",
        2015,
        **{"updated-by": [_update("10.5555/correction-2", "correction", "Correction", (2016, 2))]},
    ),
    "10.5555/other-title": _record(
        "10.5555/other-title", "Dietary fibre and colorectal cancer", "Okafor", 2020
    ),
    "10.5555/preprint": _record(
        "10.5555/preprint",
        "Social contact and immune response",
        "Adeyemi",
        2020,
        type="posted-content",
        relation={
            "is-preprint-of": [
                {"id-type": "doi", "id": "10.5555/published", "asserted-by": "subject"}
            ]
        },
    ),
    "10.5555/busy": _record("10.5555/busy", "Volunteering and mortality", "Haddad", 2013),
}
# DOI -> notices that name it in `update-to` (what `filter=updates:{doi}` returns).
UPDATES = {
    "10.5555/corrected": [
        {
            "DOI": "10.5555/correction-1",
            "type": "journal-article",
            "title": ["Correction to: Friendship and sleep in older adults"],
            "update-to": [_update("10.5555/corrected", "correction", "Correction", (2021, 6, 1))],
        }
    ],
    # The same expression of concern as in the record's `updated-by`: reported once.
    "10.5555/concern": [
        {
            "DOI": "10.5555/concern-1",
            "type": "journal-article",
            "update-to": [
                _update(
                    "10.5555/concern",
                    "expression_of_concern",
                    "Expression of Concern",
                    (2022, 1, 10),
                )
            ],
        }
    ],
}
# Registered elsewhere (DataCite): Crossref answers 404, the resolver gives CSL JSON.
CSL = {
    "10.5555/datacite": {
        "type": "article",
        "title": "Pets and loneliness: A survey",
        "author": [{"family": "Kowalski", "given": "M."}],
        "issued": {"date-parts": [[2021]]},
    }
}

SAMPLE_BIB = r"""% One entry per case of the source check (tests/support/crossref_server.py).

@article{okafor2019,
  author  = {Okafor, A. and Second, B.},
  title   = {Loneliness and health: A cohort study},
  journal = {Journal of Test Cases},
  year    = {2019},
  volume  = {1},
  doi     = {10.5555/clean},
}

@article{berg2018,
  author  = {Berg, A. and Second, B.},
  title   = {Touch lowers blood pressure},
  journal = {Journal of Test Cases},
  year    = {2018},
  volume  = {1},
  doi     = {10.5555/retracted},
}

@article{ngata2017,
  author  = {Ngata, A. and Second, B.},
  title   = {Friendship and sleep in older adults},
  journal = {Journal of Test Cases},
  year    = {2017},
  volume  = {1},
  doi     = {10.5555/corrected},
}

@article{lindqvist2016,
  author  = {Lindqvist, A. and Second, B.},
  title   = {Marriage and survival after heart surgery},
  journal = {Journal of Test Cases},
  year    = {2016},
  volume  = {1},
  doi     = {10.5555/concern},
}

@article{ferreira2015,
  author  = {Ferreira, A. and Second, B.},
  title   = {Group singing and loneliness},
  journal = {Journal of Test Cases},
  year    = {2015},
  volume  = {1},
  doi     = {10.5555/corrected-reviewed},
  notice  = {correction 2016 10.5555/correction-2: The authors corrected the size of the sample.},
}

@article{okafor2020,
  author  = {Okafor, A. and Second, B.},
  title   = {Friendship and memory in later life},
  journal = {Journal of Test Cases},
  year    = {2020},
  volume  = {1},
  doi     = {10.5555/other-title},
}

@misc{adeyemi2020,
  author       = {Adeyemi, A. and Second, B.},
  title        = {Social contact and immune response},
  howpublished = {TestRxiv},
  note         = {Preprint},
  year         = {2020},
  doi          = {10.5555/preprint},
}

@article{kowalski2021,
  author  = {Kowalski, M.},
  title   = {Pets and loneliness: {A} survey},
  journal = {Journal of Test Cases},
  year    = {2021},
  volume  = {1},
  doi     = {10.5555/datacite},
}

@article{nobody2020,
  author  = {Nobody, A.},
  title   = {A paper that was never registered},
  journal = {Journal of Test Cases},
  year    = {2020},
  volume  = {1},
  doi     = {10.5555/unknown},
}

@article{haddad2013,
  author  = {Haddad, A. and Second, B.},
  title   = {Volunteering and mortality},
  journal = {Journal of Test Cases},
  year    = {2013},
  volume  = {1},
  doi     = {10.5555/busy},
}

@article{crowded2014,
  author  = {Crowded, A.},
  title   = {A service that is always busy},
  journal = {Journal of Test Cases},
  year    = {2014},
  volume  = {1},
  doi     = {10.5555/busy-always},
}

@article{late2012,
  author  = {Late, A.},
  title   = {A reply slower than the timeout},
  journal = {Journal of Test Cases},
  year    = {2012},
  volume  = {1},
  doi     = {10.5555/slow},
}

@book{nodoi1999,
  author    = {Without, A.},
  title     = {A book without a DOI},
  publisher = {Nobody},
  year      = {1999},
}
"""


@dataclass
class Log:
    """What the server was asked: hits per path (query included), and each request's headers."""

    hits: dict[str, int] = field(default_factory=dict)
    headers: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def total(self) -> int:
        return sum(self.hits.values())


class _Routes(BaseHTTPRequestHandler):
    log: Log  # set on a subclass per server

    def log_message(self, *args):  # keep test output quiet
        pass

    def _json(self, status: int, body, headers: dict[str, str] | None = None, kind="json"):
        payload = (json.dumps(body) if not isinstance(body, str) else body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        content_type = (
            "application/vnd.citationstyles.csl+json" if kind == "csl" else "application/json"
        )
        self.send_header("Content-Type", content_type if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        with self.log.lock:
            count = self.log.hits[self.path] = self.log.hits.get(self.path, 0) + 1
            self.log.headers.append(dict(self.headers))
        url = urlsplit(self.path)
        if url.path.startswith("/api/works/"):
            self._work(unquote(url.path.removeprefix("/api/works/")), count)
        elif url.path == "/api/works":
            query = parse_qs(url.query).get("filter", [""])[0]
            doi = query.removeprefix("updates:")
            if not query.startswith("updates:"):
                self._json(400, {"status": "failed", "message": [{"type": "validation-failure"}]})
                return
            items = UPDATES.get(doi, [])
            message = {"total-results": len(items), "items": items, "items-per-page": 100}
            self._json(200, {"status": "ok", "message-type": "work-list", "message": message})
        elif url.path.startswith("/doi/"):
            doi = unquote(url.path.removeprefix("/doi/"))
            if doi in CSL and "citationstyles" in self.headers.get("Accept", ""):
                self._json(200, CSL[doi], kind="csl")
            else:
                self._json(404, "DOI Not Found")
        else:
            self._json(404, "Resource not found.")

    def _work(self, doi: str, count: int):
        if doi == "10.5555/busy" and count == 1:
            self._json(429, "Too many requests", {"Retry-After": "1"})
        elif doi == "10.5555/busy-always":
            self._json(429, "Too many requests", {"Retry-After": "0"})
        elif doi == "10.5555/slow":
            time.sleep(SLOW_SECONDS)
            self._json(200, {"status": "ok", "message": _record(doi, "Slow", "Late", 2012)})
        elif doi in WORKS:
            self._json(200, {"status": "ok", "message-type": "work", "message": WORKS[doi]})
        else:
            self._json(404, "Resource not found.")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The client gave up on the slow route (its timeout): expected, not worth a traceback.
        pass


@contextmanager
def serve() -> Iterator[tuple[str, Log]]:
    """Yield the server's base address (`http://127.0.0.1:PORT`) and its request log. The
    Crossref API lives under `/api`, the resolver under `/doi`."""
    log = Log()
    routes = type("Routes", (_Routes,), {"log": log})
    server = _Server(("127.0.0.1", 0), routes)
    # A short poll interval: shutdown() waits up to one interval, once per test.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    with serve() as (base, _):
        print(f"CROSSREF_API={base}/api DOI_RESOLVER={base}/doi", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()
