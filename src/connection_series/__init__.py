"""The build features of the series' site, independent of the engine that builds it.

Sub-packages, one per feature: citations, evidence, planner, trust, hardening, links,
contributors; `common` holds the one-line contributor errors and small shared readers.
Page-level work is Python-Markdown extensions; site-level work is `postbuild`; contributor
files are checked by `check.check_project`. Engine adapters: `plugin` (MkDocs, ProperDocs)
and `cli` (used by the Makefile, also around Zensical).
"""
