"""Check the external links of a built site: opt-in, because it needs the internet.

Each link gets one of three verdicts:
  fail          404 or 410, a host that does not resolve, a refused connection, a missing #fragment
  inconclusive  403 after a redirect (publishers often block robots), 429 that persists,
                a timeout, a 5xx that persists, or a 403 without a redirect
  ok            everything else that answers 2xx, or 3xx from a DOI resolver

DOI links are asked at the resolver without following the redirect to the publisher: a
registered DOI answers 3xx. Retries with exponential backoff come from urllib3's Retry, which
also honours Retry-After on 429. lychee covers the offline check; this part is ours because
lychee has no "inconclusive" verdict and retries neither 403 nor by our DOI rule.

Usage: python -m connection_series.links.external SITE_DIR [--report artifacts/linkcheck.json]
(or make linkcheck-online)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

DOI_RESOLVERS = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/")
OK, FAIL, INCONCLUSIVE = "ok", "fail", "inconclusive"
USER_AGENT = "connection-series-linkcheck/1 (+health-education site; polite, rate-limited)"


@dataclass(frozen=True)
class Verdict:
    url: str
    verdict: str
    reason: str
    pages: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = ", ".join(self.pages) if self.pages else "(no page)"
        return f"{self.verdict.upper():12} {self.url} -> {self.reason} [on {where}]"


class CappedRetry(Retry):
    """urllib3's Retry, with Retry-After capped so one slow server cannot stall the run."""

    max_retry_after = 30.0

    def get_retry_after(self, response):  # type: ignore[override]
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.max_retry_after)


def make_session(retries: int = 3, backoff: float = 0.5) -> requests.Session:
    retry = CappedRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        redirect=10,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        backoff_factor=backoff,
        respect_retry_after_header=True,
        raise_on_status=False,  # hand back the last answer so we can judge it
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")


def _fragment_exists(html: str, fragment: str) -> bool:
    collector = _IdCollector()
    collector.feed(html)
    return fragment in collector.ids


def _is_doi(url: str, resolvers: Iterable[str]) -> bool:
    return any(url.startswith(prefix) for prefix in resolvers)


def _classify_exception(url: str, error: Exception) -> Verdict:
    text = repr(error)
    if isinstance(error, requests.Timeout) or "Timeout" in text or "timed out" in text:
        return Verdict(url, INCONCLUSIVE, "timed out")
    if "NameResolution" in text or "Name or service not known" in text or "getaddrinfo" in text:
        return Verdict(url, FAIL, "host does not resolve (DNS failure)")
    if "Connection refused" in text or "NewConnectionError" in text:
        return Verdict(url, FAIL, "connection refused")
    return Verdict(url, INCONCLUSIVE, f"network error: {type(error).__name__}")


def check_url(
    url: str,
    session: requests.Session,
    timeout: float = 10.0,
    doi_resolvers: Iterable[str] = DOI_RESOLVERS,
) -> Verdict:
    address, fragment = urldefrag(url)
    doi = _is_doi(url, doi_resolvers)
    try:
        response = session.get(address, timeout=timeout, allow_redirects=not doi)
    except requests.RequestException as error:
        return _classify_exception(url, error)

    status = response.status_code
    redirected = bool(response.history)
    if doi:
        if 300 <= status < 400:
            return Verdict(url, OK, f"registered DOI ({status} to the publisher, not followed)")
        if status in (404, 410):
            return Verdict(url, FAIL, f"DOI not registered ({status})")
    if status in (404, 410):
        return Verdict(url, FAIL, f"{status} {response.reason}")
    if status == 403:
        how = "after a redirect" if redirected else "without a redirect"
        return Verdict(url, INCONCLUSIVE, f"403 {how}: the server refuses robots")
    if status == 429:
        return Verdict(url, INCONCLUSIVE, "429 Too Many Requests persisted after retries")
    if status >= 500:
        return Verdict(url, INCONCLUSIVE, f"{status} server error persisted after retries")
    if 200 <= status < 300:
        is_html = "html" in response.headers.get("Content-Type", "")
        if fragment and is_html and not _fragment_exists(response.text, fragment):
            return Verdict(url, FAIL, f"#{fragment} not found on the page")
        note = f" after {len(response.history)} redirect(s)" if redirected else ""
        return Verdict(url, OK, f"{status}{note}")
    return Verdict(url, INCONCLUSIVE, f"unexpected status {status}")


def _content_links(html: str) -> list[str]:
    """External hrefs inside the page content, not the theme's header and footer."""
    # Imported here: the HTTP layer above also serves `make add-reference`, which runs
    # with the site's dependencies only (bs4 comes with the test set-up).
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return [
        anchor["href"]
        for anchor in soup.select(".md-content a[href]")
        if urlsplit(anchor["href"]).scheme in ("http", "https")
    ]


def external_links(site_dir: Path) -> dict[str, list[str]]:
    """URL -> built pages that link to it."""
    found: dict[str, list[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        relative = page.relative_to(site_dir).as_posix()
        for url in _content_links(page.read_text(encoding="utf-8")):
            pages = found.setdefault(url, [])
            if relative not in pages:
                pages.append(relative)
    return found


def check_site(site_dir: Path, timeout: float, retries: int) -> list[Verdict]:
    session = make_session(retries=retries)
    verdicts = []
    for url, pages in sorted(external_links(site_dir).items()):
        verdict = check_url(url, session, timeout=timeout)
        verdicts.append(Verdict(verdict.url, verdict.verdict, verdict.reason, tuple(pages)))
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--report", type=Path, help="also write the verdicts as JSON here")
    parser.add_argument("--timeout", type=float, default=15.0)
    parser.add_argument("--retries", type=int, default=3)
    args = parser.parse_args(argv)
    verdicts = check_site(args.site_dir, args.timeout, args.retries)
    for verdict in verdicts:
        print(verdict)
    counts = {kind: sum(v.verdict == kind for v in verdicts) for kind in (OK, INCONCLUSIVE, FAIL)}
    print(f"{counts[OK]} ok, {counts[INCONCLUSIVE]} inconclusive, {counts[FAIL]} failed")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps([asdict(v) for v in verdicts], indent=2) + "\n")
    return 1 if counts[FAIL] else 0


if __name__ == "__main__":
    sys.exit(main())
