"""Text in front matter and data files is plain text: it must hold no HTML markup.

Templates escape these values, and what reaches a page as Markdown is sanitised; still, a
tag or an entity in a title or a planner label would show as typed, or as something else
than typed, and a reviewer should not have to wonder which. What counts as markup is what an
HTML parser reads as markup (the standard library's tokenizer): an element's start or end
tag, a comment, a declaration or a character reference (`&amp;`, `&#60;`). "A < B" and
"R&D" are plain text.
"""

from __future__ import annotations

from html.parser import HTMLParser

from connection_series.common.yaml_lines import Path as FieldPath
from connection_series.common.yaml_lines import dotted

FIX = "Write plain text: a < or & on its own is fine, a tag or an entity is not"


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: str | None = None

    def _note(self, what: str) -> None:
        self.found = self.found or what

    def handle_starttag(self, tag, attrs):
        self._note(f"the HTML tag <{tag}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._note(f"the HTML tag </{tag}>")

    def handle_comment(self, data):
        self._note("an HTML comment")

    def handle_decl(self, decl):
        self._note("an HTML declaration")

    handle_pi = handle_decl
    unknown_decl = handle_decl

    def handle_charref(self, name):
        self._note(f"the HTML character reference &#{name};")

    def handle_entityref(self, name):
        self._note(f"the HTML character reference &{name};")


def markup_in(text: str) -> str | None:
    """What markup the text holds, in words ("the HTML tag <script>"), or None."""
    if "<" not in text and "&" not in text:
        return None
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.found


def markup_values(data: object, lines: dict[FieldPath, int]) -> list[tuple[int | None, str]]:
    """(line, problem) for every text value of parsed YAML that holds markup."""
    found = []
    stack: list[tuple[FieldPath, object]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if what := markup_in(value):
                field = f"'{dotted(path)}'" if path else "the text"
                found.append((lines.get(path), f"{field} holds {what}: it is plain text"))
        elif isinstance(value, dict):
            stack += [((*path, str(key)), item) for key, item in value.items()]
        elif isinstance(value, list):
            stack += [((*path, index), item) for index, item in enumerate(value)]
    return sorted(found, key=lambda item: (item[0] or 0, item[1]))
