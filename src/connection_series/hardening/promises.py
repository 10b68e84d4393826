"""What every built page promises, checked by the build itself (not only by the tests):
the medical disclaimer exactly once in the page's content, and no id used twice.
"""

from __future__ import annotations

import re
from collections import Counter

from connection_series.common.errors import Problem
from connection_series.hardening.csp import content_span

DISCLAIMER_ID = "medical-disclaimer"
ID_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sid=(?:"([^"]*)"|'([^']*)')""")


def page_problems(html: str, where: str) -> list[Problem]:
    problems = []
    start, end = content_span(html)
    disclaimers = html.count(f'id="{DISCLAIMER_ID}"', start, end)
    if disclaimers != 1:
        problems.append(
            Problem(
                where,
                None,
                f"the page shows the medical disclaimer {disclaimers} times, not once",
                "Keep the page on the site's templates: remove its 'template:' front matter "
                "or make that template extend main.html",
            )
        )
    counts = Counter(match[1] or match[2] for match in ID_ATTRIBUTE.finditer(html))
    repeated = sorted(name for name, count in counts.items() if count > 1 and name)
    if repeated:
        problems.append(
            Problem(
                where,
                None,
                f"the page uses the id {', '.join(repeated[:5])!s} more than once",
                "Give each heading, chart or anchor its own name (one chart marker per part)",
            )
        )
    return problems
