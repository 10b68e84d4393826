"""The planner page in Chromium: fill, keep, clear, print on one page, and the .ics file."""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
from support.pdf_checks import A4, LETTER, page_size, read, smallest_text, text
from support.planner_sheet import planner_data, planner_page, sheet_texts

pytestmark = pytest.mark.browser

STORAGE_KEY = "connection-series:planner"
PAPERS = [("A4", A4), ("Letter", LETTER)]

# What a reader types: every kind of field, with the characters an .ics file must escape.
ENTRIES = {
    "#planner-week-of": "1 December",
    "#planner-connections-1-name": "Ana",
    "#planner-connections-1-why": "She listens without judging",
    "#planner-moments-1-who": "Sam, my brother",
    "#planner-moments-1-what": "Call; then a walk",
    "#planner-moments-3-who": "Grandmother",
    "#planner-moments-3-what": "Breakfast without screens",
    "#planner-bonds-community-1": "Choir on Tuesdays",
    "#planner-review-went-well-1": "Two long talks",
}
CHOICES = {"#planner-moments-1-day": "MO", "#planner-moments-3-day": "SU"}
TIMES = {"#planner-moments-1-time": "19:30", "#planner-moments-3-time": "09:00"}
CHECKS = ["#planner-touch-mo", "#planner-meals-we", "#planner-moments-1-done"]


@pytest.fixture
def disclaimer(built_site) -> str:
    """The short disclaimer's first sentence, as the site defines it (one partial)."""
    words = built_site.soup(planner_page(built_site.sources)).select_one("#medical-disclaimer")
    return " ".join(words.get_text().split()).split(".")[0]


@pytest.fixture
def labels(built_site) -> dict[str, str]:
    """The words of the planner's buttons and messages, as this site's data has them."""
    return planner_data(built_site.sources)["labels"]


@pytest.fixture
def planner_url(built_site, site_url) -> str:
    return site_url + planner_page(built_site.sources)


def fill(page) -> None:
    for selector, value in ENTRIES.items():
        page.fill(selector, value)
    for selector, value in CHOICES.items():
        page.select_option(selector, value)
    for selector, value in TIMES.items():
        page.fill(selector, value)
    for selector in CHECKS:
        page.check(selector)


def print_pdf(page, paper: str):
    page.emulate_media(media="print")
    try:
        return read(page.pdf(format=paper))
    finally:
        page.emulate_media(media="screen")


def open_planner(page, planner_url):
    response = page.goto(planner_url)
    assert response is not None and response.ok
    return page


def test_every_field_has_a_label(page, planner_url):
    open_planner(page, planner_url)
    unlabelled = page.eval_on_selector_all(
        ".planner-sheet input, .planner-sheet select",
        "fields => fields.filter(f => !f.labels.length || !f.labels[0].textContent.trim())"
        ".map(f => f.id)",
    )
    assert unlabelled == []
    assert page.locator(".planner-sheet input, .planner-sheet select").count() > 40


def test_entries_survive_a_reload_and_stay_in_this_browser(page, site_url, planner_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_planner(page, planner_url)
    fill(page)
    stored = page.evaluate(f"JSON.parse(localStorage.getItem({STORAGE_KEY!r}))")
    assert stored["connections.1.name"] == "Ana"
    assert stored["moments.1.day"] == "MO"
    assert stored["touch.mo"] is True

    page.reload()
    for selector, value in {**ENTRIES, **CHOICES, **TIMES}.items():
        assert page.input_value(selector) == value, selector
    for selector in CHECKS:
        assert page.is_checked(selector), selector
    assert not page.is_checked("#planner-touch-tu")
    # Typing sent nothing: every request went to the site itself.
    assert all(url.startswith(site_url) for url in requests), requests


def test_clear_my_entries_empties_the_sheet_and_the_storage(page, planner_url, labels):
    open_planner(page, planner_url)
    fill(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=labels["clear_entries"]).click()
    for selector in [*ENTRIES, *CHOICES, *TIMES]:
        assert page.input_value(selector) == "", selector
    assert not any(page.is_checked(selector) for selector in CHECKS)
    assert page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") is None
    page.reload()
    assert page.input_value("#planner-connections-1-name") == ""


def test_clear_asks_first_and_keeps_the_entries_when_cancelled(page, planner_url, labels):
    open_planner(page, planner_url)
    page.fill("#planner-connections-1-name", "Ana")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name=labels["clear_entries"]).click()
    assert page.input_value("#planner-connections-1-name") == "Ana"


@pytest.mark.parametrize(("paper", "expected"), PAPERS)
def test_the_blank_planner_prints_on_one_page(
    page, built_site, planner_url, disclaimer, labels, paper, expected
):
    open_planner(page, planner_url)
    reader = print_pdf(page, paper)
    assert len(reader.pages) == 1
    assert page_size(reader) == pytest.approx(expected, abs=1)
    words = text(reader)
    planner = planner_page(built_site.sources)
    for expected_text in [*sheet_texts(built_site.sources), disclaimer, planner]:
        assert expected_text in words
    # Only the sheet prints: no navigation, no intro, no buttons, no download links.
    soup = built_site.soup(planner)
    navigation = [link.get_text(" ", strip=True) for link in soup.select("nav.md-nav a")]
    intro = [p.get_text(" ", strip=True) for p in soup.select("article p.planner-screen-only")]
    buttons = [labels["clear_entries"], labels["print"], labels["download_a4"]]
    for absent in [*(title for title in navigation if len(title) > 12), *intro, *buttons]:
        assert absent not in words, absent
    points, sample = smallest_text(reader)
    assert points >= 9 - 0.05, f"{sample!r} prints at {points:.2f} pt"


@pytest.mark.parametrize(("paper", "expected"), PAPERS)
def test_the_filled_planner_prints_on_one_page_with_the_entries(
    page, planner_url, disclaimer, paper, expected
):
    open_planner(page, planner_url)
    fill(page)
    reader = print_pdf(page, paper)
    assert len(reader.pages) == 1
    words = text(reader)
    for value in ["Ana", "She listens without judging", "Sam, my brother", "Choir on Tuesdays"]:
        assert value in words
    assert "Monday" in words and "Sunday" in words
    assert re.search(r"0?7:30", words)
    assert disclaimer in words


def test_without_javascript_the_buttons_are_hidden_and_the_page_prints_blank(
    browser, planner_url, labels
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        open_planner(page, planner_url)
        for name in [labels["print"], labels["clear_entries"], labels["calendar"]]:
            assert not page.get_by_role("button", name=name).is_visible()
        assert page.get_by_role("link", name=labels["download_a4"]).is_visible()
        for paper, _ in PAPERS:
            assert len(print_pdf(page, paper).pages) == 1
    finally:
        context.close()


def download_calendar(page, labels) -> bytes:
    with page.expect_download() as download_info:
        page.get_by_role("button", name=labels["calendar"]).click()
    download = download_info.value
    assert download.suggested_filename == labels["calendar_file"]
    return download.path().read_bytes()


def test_the_calendar_file_holds_the_filled_moments_repeating_weekly(
    page, site_url, planner_url, labels
):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_planner(page, planner_url)
    fill(page)
    before = datetime.datetime.now()
    data = download_calendar(page, labels)

    assert all(url.startswith(site_url) for url in requests), requests
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    # Moment 2 has no day or time: only the two complete moments become events.
    assert len(events) == 2
    starts = sorted((event.decoded("dtstart"), event) for event in events)
    by_day = {start.weekday(): event for start, event in starts}
    monday, sunday = by_day[0], by_day[6]
    assert monday.decoded("dtstart").time() == datetime.time(19, 30)
    assert sunday.decoded("dtstart").time() == datetime.time(9, 0)
    for start, event in starts:
        assert start.tzinfo is None  # floating local time
        assert before - datetime.timedelta(minutes=1) < start <= before + datetime.timedelta(days=7)
        assert event["RRULE"]["FREQ"] == ["WEEKLY"]
        assert event.decoded("duration") == datetime.timedelta(minutes=30)
        assert event["UID"] and event["DTSTAMP"]
    # Commas and semicolons typed by the reader come back intact (escaped in the file).
    assert (
        str(monday["SUMMARY"]) == f"{labels['calendar_event']}: Sam, my brother, Call; then a walk"
    )
    assert b"Sam\\, my brother\\, Call\\; then a walk" in data.replace(b"\r\n ", b"")
    # The message is written a moment later, so screen readers announce it (see planner.js).
    page.get_by_role("status").filter(has_text=labels["calendar_ready"]).wait_for()


def test_the_calendar_button_explains_what_is_missing_when_no_moment_is_complete(
    page, planner_url, labels
):
    open_planner(page, planner_url)
    page.fill("#planner-moments-1-who", "Sam")
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_role("button", name=labels["calendar"]).click()
    status = page.locator("[data-planner-calendar-status]")
    status.filter(has_text=labels["calendar_empty"]).wait_for()
    assert downloads == []


def test_long_and_non_ascii_entries_are_folded_without_splitting_a_character(
    page, planner_url, labels
):
    open_planner(page, planner_url)
    page.select_option("#planner-moments-1-day", "TU")
    page.fill("#planner-moments-1-time", "18:00")
    long_text = "Café with Zoë and José, then a long walk by the river " * 3
    page.fill("#planner-moments-1-what", long_text.strip())
    data = download_calendar(page, labels)
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # each folded line is whole UTF-8
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{labels['calendar_event']}: " + long_text.strip()
