"""What `make add-reference` will not do, said as a problem and its fix.

Every step of the command (reading the file, the DOI, the record, choosing the key, checking
what it would write) raises `Refused`; the command names the file and prints one line,
`references.bib:LINE: problem. Fix.`, and writes nothing.
"""

from __future__ import annotations

MANUAL = 'Add the entry by hand: see "Adding a source by hand" in CONTRIBUTING.md'


class Refused(Exception):
    def __init__(self, problem: str, fix: str = MANUAL, line: int | None = None):
        super().__init__(problem)
        self.problem, self.fix, self.line = problem, fix, line
