"""Crossref and the DOI resolver: the one client of both, for the source watch and for
`make add-reference` (the DOI's CSL JSON by content negotiation).

Asked through the external link checker's HTTP layer: `links.external.make_session` gives the
timeouts' companion, urllib3 retries with exponential backoff on 429 and 5xx, honouring
`Retry-After` (capped). Base addresses come from CROSSREF_API and DOI_RESOLVER when set (tests
use a local server). With a cache, definite answers (200, 404, 410) are kept on disk for a day,
so a rerun asks nothing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests

from connection_series.common.files import write_atomically
from connection_series.links.external import make_session

CROSSREF_API = "https://api.crossref.org"
DOI_RESOLVER = "https://doi.org"
DEFAULT_ADDRESSES = {"CROSSREF_API": CROSSREF_API, "DOI_RESOLVER": DOI_RESOLVER}
CSL_JSON = "application/vnd.citationstyles.csl+json"
TIMED_OUT = "timed out"
DAY = 24 * 60 * 60
_KEPT = (200, 404, 410)  # answers that will not change within the day; never a 429 or 5xx


@dataclass(frozen=True)
class Answer:
    status: int | None  # None when nothing answered (timeout, network error)
    data: Any = None  # the JSON of a 200
    problem: str = ""  # why there is nothing to judge, in a few words
    kind: str = ""  # the answer's Content-Type

    @property
    def found(self) -> bool:
        return self.status == 200 and self.data is not None

    @property
    def missing(self) -> bool:
        return self.status in (404, 410)

    @property
    def timed_out(self) -> bool:
        return self.status is None and self.problem == TIMED_OUT


class DiskCache:
    """One JSON file per request, named by its hash; older than `max_age` seconds is stale."""

    def __init__(
        self, directory: Path, max_age: float = DAY, clock: Callable[[], float] = time.time
    ):
        self.directory = directory
        self.max_age = max_age
        self.clock = clock

    def _file(self, key: str) -> Path:
        return self.directory / (hashlib.sha256(key.encode()).hexdigest() + ".json")

    def get(self, key: str) -> tuple[int, str, str] | None:
        """(status, text, Content-Type) of a kept answer."""
        try:
            stored = json.loads(self._file(key).read_text(encoding="utf-8"))
            if self.clock() - stored["at"] <= self.max_age and stored["key"] == key:
                return stored["status"], stored["text"], stored.get("kind", "")
        except (OSError, ValueError, KeyError, TypeError):
            pass  # missing or unreadable: ask again
        return None

    def put(self, key: str, status: int, text: str, kind: str = "") -> None:
        stored = {"key": key, "at": self.clock(), "status": status, "text": text, "kind": kind}
        target = self._file(key)
        # a read-only checkout still checks, it only asks every time
        with contextlib.suppress(OSError):
            write_atomically(target, json.dumps(stored))


def base_address(variable: str) -> str:
    """CROSSREF_API or DOI_RESOLVER: the environment's address if set, else the public one."""
    return (os.environ.get(variable) or DEFAULT_ADDRESSES[variable]).rstrip("/")


def user_agent(contact: str | None, project_url: str) -> str:
    """Crossref's etiquette: name the tool and how to reach its owner (the 'polite' pool)."""
    mailto = f"; mailto:{contact}" if contact else ""
    return f"connection-series-sources/1 (+{project_url}{mailto})"


@dataclass
class Services:
    """The two services, with their base addresses, one session and an optional cache."""

    session: requests.Session
    crossref_api: str = CROSSREF_API
    doi_resolver: str = DOI_RESOLVER
    timeout: float = 15.0
    cache: DiskCache | None = None
    asked: int = field(default=0, init=False)  # requests sent, retries excluded (measured)

    @classmethod
    def connect(
        cls,
        agent: str,
        *,
        crossref_api: str = CROSSREF_API,
        doi_resolver: str = DOI_RESOLVER,
        timeout: float,
        retries: int,
        backoff: float,
        cache: DiskCache | None = None,
    ) -> Services:
        """One session with the retrying HTTP layer, sending `agent` as its User-Agent."""
        session = make_session(retries=retries, backoff=backoff)
        session.headers["User-Agent"] = agent
        return cls(session, crossref_api.rstrip("/"), doi_resolver.rstrip("/"), timeout, cache)

    @classmethod
    def from_environment(
        cls,
        contact: str | None,
        project_url: str,
        timeout: float,
        retries: int,
        backoff: float,
        cache: DiskCache | None,
    ) -> Services:
        """The source watch's services: base addresses from CROSSREF_API and DOI_RESOLVER."""
        return cls.connect(
            user_agent(contact, project_url),
            crossref_api=base_address("CROSSREF_API"),
            doi_resolver=base_address("DOI_RESOLVER"),
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            cache=cache,
        )

    def work(self, doi: str) -> Answer:
        """Crossref's work record: `{"status": "ok", "message": {...}}`."""
        return self._get(f"{self.crossref_api}/works/{_quoted(doi)}")

    def updates(self, doi: str) -> Answer:
        """Crossref's notices that update the DOI: works filtered by `updates:{doi}`."""
        return self._get(f"{self.crossref_api}/works", {"filter": f"updates:{doi}", "rows": "100"})

    def csl(self, doi: str) -> Answer:
        """The resolver's content negotiation: CSL JSON from whichever agency registered it."""
        return self._get(f"{self.doi_resolver}/{_quoted(doi)}", accept=CSL_JSON)

    def _get(self, url: str, params: dict | None = None, accept: str = "application/json"):
        address = requests.Request("GET", url, params=params).prepare().url or url
        key = f"{accept} {address}"
        kept = self.cache.get(key) if self.cache else None
        if kept is None:
            self.asked += 1
            try:
                response = self.session.get(
                    address, headers={"Accept": accept}, timeout=self.timeout
                )
            except requests.RequestException as error:
                return Answer(None, problem=_network_problem(error))
            kept = (response.status_code, response.text, response.headers.get("Content-Type", ""))
            if self.cache and response.status_code in _KEPT:
                self.cache.put(key, *kept)
        return _judge(*kept)


def _judge(status: int, text: str, kind: str) -> Answer:
    if status == 200:
        try:
            return Answer(200, json.loads(text), kind=kind)
        except ValueError:
            return Answer(200, problem="answered 200 with something that is not JSON", kind=kind)
    if status in (404, 410):
        return Answer(status, problem=f"{status}: not registered")
    if status == 429:
        return Answer(status, problem="429 Too Many Requests persisted after retries")
    if status >= 500:
        return Answer(status, problem=f"{status} server error persisted after retries")
    return Answer(status, problem=f"unexpected status {status}")


def _network_problem(error: Exception) -> str:
    # After the retries, requests wraps a read timeout in a ConnectionError: read the text.
    text = repr(error)
    if isinstance(error, requests.Timeout) or "timed out" in text or "Timeout" in text:
        return TIMED_OUT
    return f"network error ({type(error).__name__})"


def _quoted(doi: str) -> str:
    """A DOI in a path: its slashes kept, `?`, `#`, `%` and spaces escaped."""
    return quote(doi, safe="/:;()._-")
