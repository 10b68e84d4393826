"""What the real-browser quality tests measure in a page, as small functions over a Playwright
page: open a page in a colour scheme, run axe-core, walk the page with Tab, read the layout."""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe-core tags rules by the version that added them).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Material writes the scheme it chose on <body>; "default" is its light scheme.
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}

_axe = Axe()


def open_site_page(page, site_url: str, url_path: str, color_scheme: str | None = None):
    """Load a page of the built site; with a scheme, check that Material actually applied it."""
    response = page.goto(site_url + url_path)
    assert response is not None and response.ok, (
        f"{url_path!r}: HTTP {response and response.status}"
    )
    if color_scheme is not None:
        applied = page.evaluate("document.body.dataset.mdColorScheme")
        assert applied == MATERIAL_SCHEME[color_scheme], (
            f"{url_path!r}: Material chose the {applied!r} scheme for a {color_scheme} system"
        )
    return response


def axe_violations(page) -> tuple[int, str]:
    """Number of WCAG A/AA violations axe-core finds in the page, and a readable report."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return results.violations_count, results.generate_report()


# What a keyboard can reach, by the HTML rules; tabindex="-1" and disabled are filtered in JS.
FOCUSABLE = (
    "a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe,"
    " [tabindex], [contenteditable=''], [contenteditable='true']"
)

# Numbers every focusable element and returns those a sighted reader can see (and so expects to
# reach): rendered, not transparent, not hidden, not inert, not disabled, not tabindex=-1.
_MARK_VISIBLE_FOCUSABLE = """(selector) => {
  const visible = [];
  document.querySelectorAll(selector).forEach((element, index) => {
    element.dataset.qaFocus = String(index);
    if (element.tabIndex < 0 || element.disabled || element.closest('[inert]')) return;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true})) return;
    visible.push(index);
  });
  return visible;
}"""

# For the focused element (or a given one): its number, a short description, and its look; for a
# control drawn by its label (Material's colour scheme toggles are transparent radio buttons
# followed by a visible <label>), the label's look too.
_FOCUS_STATE = """(element) => {
  element = element || document.activeElement;
  if (!element || element.dataset.qaFocus === undefined) return null;
  const drawn = [element];
  const next = element.nextElementSibling;
  if (element.matches('input') && next && next.matches('label')) drawn.push(next);
  const look = drawn.map((part) => {
    const style = getComputedStyle(part);
    return {
      outline: style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0
        ? 'none' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
    };
  });
  const text = (element.innerText || element.getAttribute('aria-label') || element.value || '')
    .trim().replace(/\\s+/g, ' ').slice(0, 40);
  const classes = typeof element.className === 'string' && element.className.trim()
    ? '.' + element.className.trim().split(/\\s+/).join('.') : '';
  const href = element.getAttribute('href');
  const description =
    `<${element.tagName.toLowerCase()}${classes}${href ? ` href="${href}"` : ''}> "${text}"`;
  return {index: Number(element.dataset.qaFocus), description, look};
}"""


@dataclass(frozen=True)
class TabStop:
    index: int  # position among FOCUSABLE elements in document order
    description: str
    focused_look: list[dict]


# Records every focus move in the page itself, so that walking costs one round trip per key.
_RECORD_FOCUS_MOVES = f"""() => {{
  window.qaFocusMoves = [];
  window.addEventListener('focusin', (event) => {{
    window.qaFocusMoves.push(({_FOCUS_STATE})(event.target));
  }}, true);
}}"""


def walk_with_tab(page, expected: int = 0, limit: int = 400) -> list[TabStop]:
    """Press Tab from the top of the page until focus leaves the page or comes back round.

    Keys go in batches (each key press is a round trip to the browser, the slow part): first
    `expected` + 5, the number of stops there should be, then 10 at a time.
    """
    page.evaluate(_RECORD_FOCUS_MOVES)
    stops: list[TabStop] = []
    pressed, batch = 0, expected + 5
    while pressed < limit:
        for _ in range(batch):
            page.keyboard.press("Tab")
        pressed, batch = pressed + batch, 10
        moves = page.evaluate("window.qaFocusMoves")
        stops, seen = [], set()
        for move in moves:
            if move is None or move["index"] in seen:
                return stops  # focus left the marked elements, or wrapped round to the top
            seen.add(move["index"])
            stops.append(TabStop(move["index"], move["description"], move["look"]))
        if page.evaluate("document.activeElement === document.body"):
            return stops  # focus left the page (to the browser) after the last control
    return stops


def _state_of(page, index: int) -> dict:
    handle = page.locator(f"[data-qa-focus='{index}']").element_handle()
    return page.evaluate(_FOCUS_STATE, handle)


def mark_visible_focusable(page) -> list[int]:
    return page.evaluate(_MARK_VISIBLE_FOCUSABLE, FOCUSABLE)


def describe(page, index: int) -> str:
    return _state_of(page, index)["description"]


def unfocused_looks(page, indices: list[int]) -> dict[int, list[dict]]:
    """The elements' look once nothing on the page has focus."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    states = page.evaluate(
        f"""(indices) => indices.map((index) =>
          ({_FOCUS_STATE})(document.querySelector(`[data-qa-focus="${{index}}"]`)))""",
        indices,
    )
    return {state["index"]: state["look"] for state in states}


def has_focus_indicator(focused: list[dict], unfocused: list[dict]) -> bool:
    """An outline or a box shadow that appears (or changes) when the element takes focus."""
    return any(
        (now["outline"] != "none" or now["boxShadow"] != "none") and now != before
        for now, before in zip(focused, unfocused, strict=True)
    )


def horizontal_overflow(page) -> tuple[int, int]:
    """The page's scroll width and its viewport width, in CSS pixels."""
    return page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )


def widest_elements(page, width: int, count: int = 5) -> list[str]:
    """The elements that stick out past `width`, to say what to fix."""
    return page.evaluate(
        """([width, count]) => [...document.querySelectorAll('body *')]
          .filter((element) => element.getBoundingClientRect().right > width + 0.5)
          .slice(-count)
          .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}">`
            + ` right edge at ${Math.round(element.getBoundingClientRect().right)}px`)""",
        [width, count],
    )


def visible_flags(page, selector: str) -> list[bool]:
    """For each element matching `selector`: is it rendered (in the current media)?"""
    return page.locator(selector).evaluate_all(
        "(elements) => elements.map((element) => element.checkVisibility())"
    )


# Content made for the screen only (the planner's intro, buttons and download links) carries a
# class with "screen-only" in its name; print is allowed to drop it.
SCREEN_ONLY = '[class*="screen-only"]'


def lost_in_print(page, selector: str) -> list[str]:
    """Switch the page to print media; the elements shown on screen that print hides, except
    those marked as screen-only."""
    on_screen = page.locator(selector).evaluate_all(
        "(elements, screenOnly) => elements.map((element) =>"
        " element.checkVisibility() && !element.closest(screenOnly))",
        SCREEN_ONLY,
    )
    page.emulate_media(media="print")
    in_print = visible_flags(page, selector)
    return [
        page.locator(selector).nth(position).evaluate("(element) => element.outerHTML")[:120]
        for position, (screen, printed) in enumerate(zip(on_screen, in_print, strict=True))
        if screen and not printed
    ]
