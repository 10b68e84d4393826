"""The series: parts found in docs/ (front matter `part: N`), held back until their day,
numbered "Part N of M", linked to each other and listed on the home page.

One function decides what a build contains (`plan.plan_series`: the parts, the day, whether
it is the preview); the engine adapters apply it (the MkDocs plugin in on_config/on_files,
`series zensical-config` for Zensical), the Markdown extensions and the steps after the
build read the same decision.
"""
