"""Keyboard use on a phone-sized screen (or a desktop at high zoom): the menu and search
buttons are real buttons reachable with Tab; the menu opens with Enter, takes the focus, and
closes with Escape, handing the focus back; the closed menu's links are skipped."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  return {
    tag: element.tagName.toLowerCase(),
    inDrawer: !!element.closest(".md-sidebar--primary"),
    text: (element.getAttribute("aria-label") || element.textContent || "").trim().slice(0, 40),
  };
}"""

MENU = "header button[data-drawer-button]"


@pytest.fixture
def phone_page(browser, site_url, built_site):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(site_url + built_site.sources.pages_for("article_page", browser=True)[0])
    yield tab
    context.close()


def tab_stops(page, presses: int) -> list[dict]:
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    return stops


def test_menu_and_search_buttons_are_tab_stops_with_names(phone_page):
    stops = [stop for stop in tab_stops(phone_page, 8) if stop]
    buttons = [stop["text"] for stop in stops if stop["tag"] == "button"]
    assert "Menu" in buttons, stops
    assert "Search" in buttons, stops
    # Real buttons: no element in the header pretends to be one.
    assert phone_page.locator("header [role=button]").count() == 0


def test_closed_menu_links_are_not_in_the_tab_order(phone_page):
    stops = [stop for stop in tab_stops(phone_page, 40) if stop]
    assert stops, "Tab reaches nothing"
    assert not [stop for stop in stops if stop["inDrawer"]], "Tab walks into the closed menu"


def test_enter_opens_the_menu_moves_focus_into_it_and_escape_closes_it(phone_page):
    menu = phone_page.locator(MENU)
    assert menu.get_attribute("aria-expanded") == "false"
    menu.focus()
    phone_page.keyboard.press("Enter")
    assert phone_page.locator("#__drawer").is_checked()
    assert menu.get_attribute("aria-expanded") == "true"
    assert phone_page.evaluate(FOCUSED)["inDrawer"], "focus stayed outside the open menu"
    stops = [stop for stop in tab_stops(phone_page, 3) if stop]
    assert any(stop["inDrawer"] for stop in stops), stops

    phone_page.keyboard.press("Escape")
    assert not phone_page.locator("#__drawer").is_checked()
    assert menu.get_attribute("aria-expanded") == "false"
    assert phone_page.evaluate(FOCUSED)["text"] == "Menu", "focus did not return to the button"
