"""`make add-reference DOI=...`, against a local doi.org stand-in on 127.0.0.1 (no internet).

The stand-in answers CSL JSON only when asked for it (as doi.org's content negotiation does),
404 for an unregistered DOI and late for a slow one. The checks are invariants: the file keeps
every byte it had, the entry lands before the first key that sorts after it (the file itself
may be in any order), pybtex reads the result, hostile metadata cannot add or close anything,
and every failure is one line without a traceback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import site_sources
from pybtex.database import parse_string
from support.sites import GROWN, REAL

from connection_series.citations.bibtex_text import REQUIRED_FIELDS
from connection_series.contributors.add_reference import (
    AddReferenceError,
    add_reference,
    existing_entries,
    main,
)
from connection_series.contributors.bibtex_entry import LATEX_ESCAPES, SENTENCE_CASE_NOTE
from connection_series.contributors.refused import MANUAL
from connection_series.sources.services import CSL_JSON

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 0.3  # seconds; the slow DOI answers after 2

ARTICLE = {
    "type": "journal-article",
    "DOI": "10.5555/article.1",
    "title": "Loneliness and <i>In Vivo</i> Markers of Inflammation &amp; Stress",
    "author": [
        {"family": "Zhou-Müller", "given": "Anna Maria"},
        {"family": "Heuvel", "non-dropping-particle": "van den", "given": "E. R."},
        {"family": "Smith", "given": "Jean-Paul", "suffix": "Jr."},
    ],
    "container-title": ["Journal of Social & Health Research"],
    "volume": "12",
    "issue": "3",
    "page": "101-120",
    "issued": {"date-parts": [[2021, 5, 3]]},
}
BOOK = {
    "type": "book",
    "DOI": "10.5555/book.1",
    "title": "Together: The Healing Power of Human Connection",
    "author": [{"family": "Aaronson", "given": "Vivek H."}],
    "publisher": "Harper Wave",
    "issued": {"date-parts": [[2020]]},
}
PREPRINT = {
    "type": "posted-content",
    "subtype": "preprint",
    "DOI": "10.1101/2024.01.01.000001",
    "title": "Touch and sleep in couples",
    "author": [{"family": "Ødegård", "given": "Kari"}],
    "institution": [{"name": "bioRxiv"}],
    "publisher": "Cold Spring Harbor Laboratory",
    "issued": {"date-parts": [[2024, 1, 2]]},
}
HOSTILE_TITLE = (
    "Evil}, author = {Hacker, X.}, note = {x % 100$ & #1 a_b \\input{/etc/passwd}\n"
    "@misc{pwn, title = {owned}}\n<script>alert(1)</script> ~ end"
)
HOSTILE = {
    "type": "journal-article",
    "DOI": "10.6666/hostile",
    "title": HOSTILE_TITLE,
    "author": [
        {"family": "Evil and Other", "given": "Mallory"},
        {"family": "X}, title = {Y", "given": "{Z}"},
    ],
    "container-title": "J. {Bad}\n@article{x,",
    "volume": "1}, doi = {10.1/fake",
    "issue": "2",
    "page": "5\u20139",
    "issued": {"date-parts": [[2022]]},
}
RECORDS = {
    "10.5555/article.1": ARTICLE,
    "10.5555/book.1": BOOK,
    "10.1101/2024.01.01.000001": PREPRINT,
    "10.6666/hostile": HOSTILE,
    "10.5555/same-name.1": {**ARTICLE, "DOI": "10.5555/same-name.1", "title": "Second study"},
    "10.5555/same-name.2": {**ARTICLE, "DOI": "10.5555/same-name.2", "title": "Third study"},
    "10.5555/chapter": {**ARTICLE, "type": "book-chapter", "DOI": "10.5555/chapter"},
    "10.5555/no-volume": {**ARTICLE, "DOI": "10.5555/no-volume", "volume": ""},
    "10.5555/alias-of-book": BOOK,  # doi.org resolves an alias to the book's own record
    "10.5555/han": {**BOOK, "DOI": "10.5555/han", "author": [{"family": "张", "given": "伟"}]},
}


class DoiOrg(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def _answer(self, status: int, body: bytes = b"", kind: str = "text/plain") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (the slow DOI's test): said nothing, or socketserver would
            # print a traceback seconds later, into whichever test then captures stderr.
            pass

    def do_GET(self):
        from urllib.parse import unquote

        doi = unquote(self.path.lstrip("/"))
        if doi == "10.5555/slow":
            time.sleep(2)
            self._answer(200, json.dumps(BOOK).encode(), CSL_JSON)
        elif doi == "10.5555/landing-page":  # an agency without content negotiation
            self._answer(200, b"<html><body>Landing page</body></html>", "text/html")
        elif doi not in RECORDS:
            self._answer(404, b"DOI Not Found")
        elif self.headers.get("Accept") != CSL_JSON:
            self._answer(406, b"Not Acceptable")
        else:
            self._answer(200, json.dumps(RECORDS[doi]).encode(), f"{CSL_JSON}; charset=utf-8")


@pytest.fixture(scope="module")
def resolver():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), DoiOrg)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def bib(tmp_path) -> Path:
    """A copy of the real references.bib (header comment, entries, spacing as they are)."""
    path = tmp_path / "references.bib"
    shutil.copyfile(REPO / "references.bib", path)
    return path


@pytest.fixture(params=[REAL, GROWN])
def any_bib(request, tmp_path) -> Path:
    """The real references.bib, and the grown copy's, whose last entry was added by hand at
    the end, out of key order: the file's order is the contributors' to choose."""
    project = site_sources(request.config, request.param).project
    path = tmp_path / "references.bib"
    shutil.copyfile(project / "references.bib", path)
    return path


def add(doi: str, bib: Path, resolver: str, **options):
    return add_reference(
        doi, bib, resolver=resolver, timeout=TIMEOUT, retries=1, backoff=0.05, **options
    )


def inserted_block(before: str, after: str) -> str:
    """The one entry (with its comment line) that `after` adds to `before`, with the blank line
    that separates it: before the next entry, or after the last one. Fails if anything of
    `before` changed."""
    start = after.index(SENTENCE_CASE_NOTE)
    size = len(after) - len(before)
    unchanged = [
        after[start + size - 1 : start + size] == "\n"
        and after[:start] + after[start + size :] == before,
        after[start - 1] == "\n" and after[: start - 1] + after[start - 1 + size :] == before,
    ]
    assert any(unchanged), "existing text was changed"
    return after[start : start + size - 1]


def entry_keys_in_file_order(text: str) -> list[str]:
    return [m[1] for m in re.finditer(r"^@\w+\{([^,]+),", text, re.M)]


def unescape(value: str) -> str:
    """The inverse of the module's LaTeX escaping, to prove it loses nothing."""
    pattern = "|".join(re.escape(escaped) for escaped in LATEX_ESCAPES.values())
    reverse = {escaped: char for char, escaped in LATEX_ESCAPES.items()}
    return re.sub(pattern, lambda m: reverse[m.group()], value)


def braces_balance(value: str) -> bool:
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize(
    ("doi", "entry_type", "field", "value"),
    [
        ("10.5555/article.1", "article", "journal", r"Journal of Social \& Health Research"),
        ("10.5555/book.1", "book", "publisher", "Harper Wave"),
        ("10.1101/2024.01.01.000001", "misc", "howpublished", "bioRxiv"),
    ],
)
def test_each_type_is_inserted_in_key_order_keeping_every_other_byte(
    any_bib, resolver, doi, entry_type, field, value
):
    bib = any_bib
    before = bib.read_text(encoding="utf-8")
    added = add(doi, bib, resolver)
    after = bib.read_text(encoding="utf-8")

    block = inserted_block(before, after)
    assert block.startswith(SENTENCE_CASE_NOTE + "\n") and block.endswith("}\n")
    assert "@" not in SENTENCE_CASE_NOTE  # BibTeX would read an at-sign as an entry
    assert after.splitlines()[added.line - 1] == f"@{entry_type}{{{added.key},"

    keys = entry_keys_in_file_order(after)
    where = keys.index(added.key)
    assert keys[:where] + keys[where + 1 :] == entry_keys_in_file_order(before)
    # Before the first entry whose key sorts after it, whatever order the file is in.
    assert all(key.lower() < added.key for key in keys[:where])
    assert where == len(keys) - 1 or keys[where + 1].lower() > added.key

    entries = parse_string(after, "bibtex").entries
    assert len(entries) == len(parse_string(before, "bibtex").entries) + 1
    entry = entries[added.key]
    assert entry.type == entry_type
    assert entry.fields["doi"] == doi
    assert entry.fields[field] == value
    for required in REQUIRED_FIELDS[entry_type]:
        assert entry.persons.get(required) if required == "author" else entry.fields[required]
    for person in entry.persons["author"]:
        assert re.fullmatch(
            r"[A-Z]\.(-[A-Z]\.)?( [A-Z]\.(-[A-Z]\.)?)*", " ".join(person.first_names)
        )


def test_article_fields_follow_the_house_format(bib, resolver):
    added = add("10.5555/article.1", bib, resolver)
    assert added.key == "zhoumuller2021"  # ASCII, lower case, no hyphen, and the year
    entry = parse_string(bib.read_text(encoding="utf-8"), "bibtex").entries[added.key]
    text = bib.read_text(encoding="utf-8")
    written = re.compile(r"author\s*=\s*\{(.*)\},\n").search(text, text.index(SENTENCE_CASE_NOTE))[
        1
    ]
    assert written == "Zhou-Müller, A. M. and van den Heuvel, E. R. and Smith, Jr., J.-P."
    assert [" ".join(p.prelast_names) for p in entry.persons["author"]] == ["", "van den", ""]
    assert entry.fields["title"] == r"Loneliness and In Vivo Markers of Inflammation \& Stress"
    assert entry.fields["pages"] == "101--120"
    assert (entry.fields["volume"], entry.fields["number"]) == ("12", "3")


def test_keys_are_ascii_letters_of_the_family_name_and_the_year(bib, resolver):
    assert add("10.1101/2024.01.01.000001", bib, resolver).key == "odegard2024"  # Ødegård


def test_a_second_and_third_work_of_the_same_name_and_year_get_b_and_c(bib, resolver):
    dois = ["10.5555/article.1", "10.5555/same-name.1", "10.5555/same-name.2"]
    keys = [add(doi, bib, resolver).key for doi in dois]
    assert keys == ["zhoumuller2021", "zhoumuller2021b", "zhoumuller2021c"]
    assert entry_keys_in_file_order(bib.read_text(encoding="utf-8")).count("zhoumuller2021b") == 1


def test_a_doi_already_present_is_refused_naming_its_entry_and_line(bib, resolver):
    existing = next(entry for entry in existing_entries(bib.read_text()) if entry.doi)
    before = bib.read_bytes()
    with pytest.raises(AddReferenceError) as caught:
        add(f"https://doi.org/{existing.doi.upper()}", bib, resolver)  # DOIs ignore case
    assert str(caught.value).startswith(f"references.bib:{existing.line}: ")
    assert f"'{existing.key}'" in str(caught.value)
    assert bib.read_text().splitlines()[existing.line - 1].endswith(f"{{{existing.key},")
    assert bib.read_bytes() == before


def test_an_alias_of_a_doi_already_present_is_refused(bib, resolver):
    added = add("10.5555/book.1", bib, resolver)
    before = bib.read_bytes()
    with pytest.raises(AddReferenceError, match=f"already there, as entry '{added.key}'"):
        add("10.5555/alias-of-book", bib, resolver)
    assert bib.read_bytes() == before


def test_a_key_already_present_is_refused_naming_its_entry_and_line(bib, resolver):
    existing = existing_entries(bib.read_text())[-1]
    before = bib.read_bytes()
    with pytest.raises(AddReferenceError) as caught:
        add("10.5555/book.1", bib, resolver, key=existing.key.upper())
    assert str(caught.value).startswith(f"references.bib:{existing.line}: key ")
    assert bib.read_bytes() == before


def test_a_chosen_key_is_used_where_no_key_can_be_made_from_the_name(bib, resolver):
    with pytest.raises(AddReferenceError, match="KEY="):
        add("10.5555/han", bib, resolver)
    assert add("10.5555/han", bib, resolver, key="zhang2020").key == "zhang2020"


def test_hostile_metadata_adds_one_entry_with_exactly_its_own_fields(bib, resolver):
    before = bib.read_text(encoding="utf-8")
    added = add("10.6666/hostile", bib, resolver)
    after = bib.read_text(encoding="utf-8")
    block = inserted_block(before, after)

    entries = parse_string(after, "bibtex").entries
    assert set(entries) == set(parse_string(before, "bibtex").entries) | {added.key}
    entry = entries[added.key]
    assert set(entry.fields) == {"title", "journal", "year", "volume", "number", "pages", "doi"}
    assert entry.fields["doi"] == "10.6666/hostile"
    assert len(entry.persons["author"]) == 2
    assert (
        block.count("\n@") == 1 and block.count("\n") == len(entry.fields) + 4
    )  # note, @, author, }
    for value in entry.fields.values():
        assert braces_balance(value)
        assert not re.search(r"(?<!\\)[%&#_$]", value), value
        assert "<" not in value
        # Every backslash starts one of our escapes: no LaTeX command came from the record.
        assert not re.sub("|".join(map(re.escape, LATEX_ESCAPES.values())), "", value).count("\\")
    plain = " ".join(re.sub(r"<[^>]+>", "", HOSTILE_TITLE).split())
    assert unescape(entry.fields["title"]) == plain


def test_a_crlf_file_stays_crlf(bib, resolver):
    bib.write_bytes(bib.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    before = bib.read_bytes()
    add("10.5555/book.1", bib, resolver)
    after = bib.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    assert len(after) > len(before)


@pytest.mark.parametrize(
    ("doi", "says"),
    [
        ("10.9999/unregistered", "is not registered"),
        ("10.5555/chapter", "'book-chapter', which the site cannot format"),
        ("10.5555/no-volume", "has no volume"),
        ("10.5555/landing-page", "not CSL JSON"),
        ("not-a-doi", "is not a DOI"),
    ],
)
def test_what_cannot_be_added_is_refused_in_one_line(bib, resolver, doi, says):
    before = bib.read_bytes()
    with pytest.raises(AddReferenceError) as caught:
        add(doi, bib, resolver)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)
    assert bib.read_bytes() == before


def test_a_reply_slower_than_the_timeout_is_one_line_pointing_to_the_manual_steps(bib, resolver):
    started = time.monotonic()
    with pytest.raises(AddReferenceError) as caught:
        add("10.5555/slow", bib, resolver)
    assert time.monotonic() - started < 2  # gave up before the server answered
    assert f"did not answer within {TIMEOUT:g} s" in str(caught.value)
    assert MANUAL in str(caught.value)


def test_offline_is_one_line_pointing_to_the_manual_steps(bib):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(AddReferenceError) as caught:
        add("10.5555/book.1", bib, f"http://127.0.0.1:{port}")
    assert "(offline?)" in str(caught.value) and MANUAL in str(caught.value)


def test_the_manual_steps_named_in_messages_exist_in_contributing():
    heading = re.search(r'"([^"]+)"', MANUAL)[1]
    assert re.search(rf"^#+ {re.escape(heading)}$", (REPO / "CONTRIBUTING.md").read_text(), re.M)


def test_main_reads_doi_resolver_and_prints_one_line(bib, resolver, monkeypatch, capsys):
    monkeypatch.chdir(bib.parent)
    monkeypatch.setenv("DOI_RESOLVER", resolver)
    assert main(["10.5555/book.1"]) == 0
    out = capsys.readouterr().out
    line = int(re.match(r"references\.bib:(\d+): added 'aaronson2020' \(@book\)", out)[1])
    assert bib.read_text().splitlines()[line - 1] == "@book{aaronson2020,"
    assert main(["10.5555/book.1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already there, as entry 'aaronson2020'" in err


def test_the_command_never_prints_a_traceback(bib, resolver):
    env = {**os.environ, "DOI_RESOLVER": resolver}
    for doi in ("10.5555/article.1", "10.9999/unregistered", "10.5555/slow", "nonsense"):
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "connection_series.contributors.add_reference",
                doi,
                "--timeout",
                str(TIMEOUT),
            ],
            cwd=bib.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        output = run.stdout + run.stderr
        assert "Traceback" not in output
        assert output.count("\n") == 1 or run.returncode == 2, output  # 2: usage (argparse)
        assert output.startswith("references.bib") or run.returncode == 2, output
