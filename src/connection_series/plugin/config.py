"""The options of the MkDocs plugin, typed: a misspelt or mistyped option fails the build.

The same class validates the `series` entry of mkdocs.yml when the command line reads it
(`series check`, `series postbuild` after Zensical), so every engine uses the same options.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as opt


class SeriesConfig(base.Config):
    # The sources every page cites from, relative to mkdocs.yml.
    bibliography = opt.Type(str, default="references.bib")
    # Where readers send corrections; the About page's <!-- feedback-link --> points here.
    feedback_url = opt.Type(str, default="")
    # An article's next review may be at most this many years after its last review.
    review_interval_years = opt.Type(int, default=3)
    # The build that publishes the site (the deploy workflow sets SERIES_DEPLOY=true, which
    # mkdocs.yml passes here): it refuses what only a preview may show, such as a statistic
    # recorded as `checked: pending`, and an address on this machine.
    publishing = opt.Type(bool, default=False)
