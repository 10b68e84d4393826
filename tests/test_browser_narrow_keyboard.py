"""Keyboard use on a phone-sized screen (or a desktop at high zoom): the menu and search
buttons are reachable with Tab and work with Enter, and the closed menu's links are skipped."""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}

FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  return {
    tag: element.tagName.toLowerCase(),
    for: element.getAttribute("for"),
    inDrawer: !!element.closest(".md-sidebar--primary"),
    text: (element.getAttribute("aria-label") || element.textContent || "").trim().slice(0, 40),
  };
}"""


@pytest.fixture
def phone_page(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.goto(site_url + "part-1-when-connection-hurts/")
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
    labels = {stop["for"]: stop["text"] for stop in stops if stop["tag"] == "label"}
    assert labels.get("__drawer") == "Menu", stops
    assert labels.get("__search") == "Search", stops


def test_closed_menu_links_are_not_in_the_tab_order(phone_page):
    stops = [stop for stop in tab_stops(phone_page, 40) if stop]
    assert stops, "Tab reaches nothing"
    assert not [stop for stop in stops if stop["inDrawer"]], "Tab walks into the closed menu"


def test_enter_opens_the_menu_and_its_links_become_reachable(phone_page):
    menu = phone_page.locator("label.md-header__button[for='__drawer']")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.focus()
    phone_page.keyboard.press("Enter")
    assert phone_page.locator("#__drawer").is_checked()
    assert menu.get_attribute("aria-expanded") == "true"
    phone_page.wait_for_timeout(300)  # the drawer slides in
    stops = [stop for stop in tab_stops(phone_page, 6) if stop]
    assert any(stop["inDrawer"] for stop in stops), stops
