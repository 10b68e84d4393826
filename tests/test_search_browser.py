"""Site search in Chromium (our dialog over connection_series.search's index): a word that only
one page uses finds that page, search downloads nothing until it is opened, the dialog
follows the dark scheme. The index itself: test_search.py."""

from __future__ import annotations

import re

import pytest
import snowballstemmer
from bs4 import BeautifulSoup

from connection_series.common.site_sources import url_path_of
from connection_series.search import EXCLUDED

pytestmark = pytest.mark.browser

WORD = re.compile(r"[a-z]+")
CANDIDATE = re.compile(r"[a-z]{8,}")
# Pagefind indexes English words by their Snowball stem ("colleague" and "colleagues" are one
# word to it) and matches a query's stem as a prefix of indexed ones.
STEMMER = snowballstemmer.stemmer("english")


def searchable_words(html: str) -> set[str]:
    """The words of a page's article, as the index sees it (excluded parts removed)."""
    # A fresh parse: built_site.soup() is shared by every test and must not be changed.
    article = BeautifulSoup(html, "html.parser").select_one("article[data-pagefind-body]")
    if article is None:
        return set()
    for part in article.select(EXCLUDED):
        part.decompose()
    return set(WORD.findall(article.get_text(" ").lower()))


def words_only_on(built_site) -> dict[str, str]:
    """For each page that has one: a word whose stem no other page's article has, nor a
    longer stem it begins (so Pagefind finds that page alone, whatever the word's form)."""
    pages = {
        url_path_of(path, built_site.root): searchable_words(path.read_text(encoding="utf-8"))
        for path in built_site.html_files()
        if path.name == "index.html"
    }
    stems = {page: set(STEMMER.stemWords(sorted(words))) for page, words in pages.items()}
    unique = {}
    for page, words in pages.items():
        others = set().union(*(found for other, found in stems.items() if other != page))
        for word in sorted(w for w in words if CANDIDATE.fullmatch(w)):
            stem = STEMMER.stemWord(word)
            if not any(other.startswith(stem) for other in others):
                unique[page] = word
                break
    return unique


def test_a_word_only_one_page_uses_finds_that_page(page, site_url, built_site):
    unique = words_only_on(built_site)
    assert len(unique) >= 2, "fewer than two pages have a word of their own"
    page.goto(site_url, wait_until="networkidle")
    page.locator("header [data-search-button]").click()
    query = page.locator("dialog[open] input[type=search]")
    for url_path, word in unique.items():
        query.fill(word)
        first = page.locator(".site-search__result a").first
        first.wait_for()
        page.wait_for_function(
            "word => document.querySelector('[data-search-results] mark')"
            "?.textContent.toLowerCase().includes(word)",
            arg=word[:5],
        )
        links = page.locator(".site-search__result a").evaluate_all(
            "links => links.map(link => new URL(link.href).pathname)"
        )
        assert links[0] == "/" + url_path, f"{word!r} found {links}, not /{url_path}"


def test_search_opens_with_slash_and_s_and_closes_with_escape(page, site_url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url, wait_until="networkidle")
    assert not [url for url in requests if "pagefind" in url or "search" in url]
    for key in ("/", "s"):
        page.keyboard.press(key)
        dialog = page.locator("dialog[data-search-dialog]")
        page.locator("dialog[open] input[type=search]").wait_for()
        assert page.evaluate("document.activeElement.type") == "search"
        page.keyboard.type("x")
        page.keyboard.press("Escape")
        assert not dialog.evaluate("d => d.open")
        assert page.evaluate("document.activeElement.dataset.searchButton") == ""
    assert any("/pagefind/" in url for url in requests)


@pytest.mark.parametrize("width", [390, 1280])
def test_search_dialog_follows_the_dark_scheme(browser, site_url, width):
    context = browser.new_context(color_scheme="dark", viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(site_url)
    tab.locator("header [data-search-button]").click()
    dialog = tab.locator("dialog[open]")
    dialog.wait_for()
    colours = dialog.evaluate(
        "d => [getComputedStyle(d).backgroundColor, getComputedStyle(document.body)"
        ".getPropertyValue('--md-default-bg-color').trim()]"
    )
    body_background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours[0] == body_background, colours
    context.close()
