"""What readers use of the page's script (overrides/assets/javascripts/site.js, in place of
Material's bundle), in Chromium on the built site: the colour-scheme toggle and its memory
across pages, the reference previews, back-to-top, and the table of contents that follows."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SCHEME = "document.body.dataset.mdColorScheme"
TOGGLE = "form[data-md-component=palette] label:visible"


def test_the_scheme_toggle_switches_and_is_remembered_on_the_next_page(browser, site_url):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_url)
    seen = [page.evaluate(SCHEME)]
    for _ in range(3):  # system (light) -> light -> dark -> system
        page.locator(TOGGLE).click()
        seen.append(page.evaluate(SCHEME))
    assert "slate" in seen and "default" in seen, seen
    page.locator(TOGGLE).click()  # light
    page.locator(TOGGLE).click()  # dark
    assert page.evaluate(SCHEME) == "slate"
    page.goto(site_url + "about/")
    assert page.evaluate(SCHEME) == "slate", "the choice was not kept on the next page"
    context.close()


def test_every_reference_link_previews_what_it_points_to(browser, site_url, built_site):
    context = browser.new_context()
    page = context.new_page()
    checked = 0
    for url_path in built_site.sources.pages_for("site_page", browser=True):
        if not built_site.soup(url_path).select("article a.footnote-ref"):
            continue
        page.goto(site_url + url_path)
        link = page.locator("article a.footnote-ref").first
        target = link.evaluate(
            "a => document.getElementById(decodeURIComponent(a.hash.slice(1)))"
            ".innerText.trim().slice(0, 30)"
        )
        link.hover()
        preview = page.locator(".md-tooltip2--active")
        preview.wait_for(state="visible", timeout=5000)
        assert target in preview.inner_text(), url_path
        assert preview.locator("[id]").count() == 0, "the preview repeats ids of the page"
        page.keyboard.press("Escape")
        preview.wait_for(state="detached", timeout=5000)
        checked += 1
    assert checked, "no page has a citation or footnote to preview"
    context.close()


def test_back_to_top_shows_when_scrolling_up_and_the_contents_follow(browser, site_url, built_site):
    longest = max(built_site.sources.pages, key=lambda url_path: len(built_site.html(url_path)))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + longest)
    top = page.locator(".md-top")
    # Material fades the button out with the `hidden` attribute (opacity 0) rather than remove it.
    assert top.get_attribute("hidden") is not None
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -200)
    page.wait_for_function("() => !document.querySelector('.md-top').hidden", timeout=3000)
    active = page.locator(".md-sidebar--secondary .md-nav__link--active")
    assert active.count() >= 1, "no section of the table of contents is marked"
    top.click()
    page.wait_for_function("() => scrollY === 0")
    context.close()
