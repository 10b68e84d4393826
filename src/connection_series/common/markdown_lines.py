"""Lines of a page's source as a block processor sees them, with their offsets."""

from __future__ import annotations

import bisect

TAB = 4  # Python-Markdown's tab_length
INDENT = " " * TAB

Line = tuple[int, str]  # (offset in the source of the text's first character, text)


class Block:
    """Lines as a block processor sees them: joined with newlines, perhaps dedented."""

    __slots__ = ("_starts", "lines", "text")

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.text = "\n".join([text for _, text in lines])
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Where each line starts in `text`."""
        if self._starts is None:
            self._starts, position = [], 0
            for _, text in self.lines:
                self._starts.append(position)
                position += len(text) + 1
        return self._starts

    def __bool__(self) -> bool:
        return bool(self.text)

    def cut(self, start: int, end: int | None = None) -> Block:
        """The block of `text[start:end]`, as Python slicing gives it."""
        end = len(self.text) if end is None else min(end, len(self.text))
        if start >= end:
            return Block([])
        first = bisect.bisect_right(self.starts, start) - 1
        pieces = self.text[start:end].split("\n")
        offset = self.lines[first][0] + start - self.starts[first]
        return Block(
            [(offset, pieces[0])]
            + [(self.lines[first + number][0], piece) for number, piece in enumerate(pieces[1:], 1)]
        )

    def source(self, position: int) -> int:
        """The source offset of `text[position]`."""
        index = max(bisect.bisect_right(self.starts, position) - 1, 0)
        return self.lines[index][0] + position - self.starts[index]

    def split(self, separator: str = "\n\n") -> list[Block]:
        pieces, start = [], 0
        while (found := self.text.find(separator, start)) != -1:
            pieces.append(self.cut(start, found) if found > start else Block([]))
            start = found + len(separator)
        pieces.append(self.cut(start) if start < len(self.text) else Block([]))
        return pieces

    def lstrip(self, chars: str = "\n") -> Block:
        if not self.text.startswith(tuple(chars)):
            return self
        return self.cut(len(self.text) - len(self.text.lstrip(chars)))

    def rstrip(self, chars: str = "\n") -> Block:
        if not self.text.endswith(tuple(chars)):
            return self
        return self.cut(0, len(self.text.rstrip(chars)))


def detab(block: Block, length: int = TAB) -> tuple[Block, Block]:
    """Python-Markdown's detab: the leading lines indented by `length` (or blank), dedented,
    and the rest from the first line that is not."""
    inside = []
    for offset, text in block.lines:
        if text.startswith(" " * length):
            inside.append((offset + length, text[length:]))
        elif not text.strip():
            inside.append((offset, ""))
        else:
            break
    return Block(inside), Block(block.lines[len(inside) :])


def loose_detab(block: Block, level: int = 1) -> Block:
    width = TAB * level
    return Block(
        [
            (offset + width, text[width:]) if text.startswith(" " * width) else (offset, text)
            for offset, text in block.lines
        ]
    )


def footnote_detab(block: Block) -> Block:
    return loose_detab(block, 1)
