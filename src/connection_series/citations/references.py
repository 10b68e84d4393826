"""The site's formatted references, for the steps after the build that need them (the
structured data's DOIs): loaded once per run of the pipeline, from the disk cache."""

from __future__ import annotations

from connection_series.citations import bibliography
from connection_series.citations.bibliography import Reference
from connection_series.pipeline.runner import Site

REFERENCES = "citations.references"  # the site note


def references(site: Site) -> dict[str, Reference]:
    if REFERENCES not in site.notes:
        path = site.build.bibliography
        loaded = bibliography.load(path, path.name, site.build.cache_dir / "citations")
        site.notes[REFERENCES] = loaded.bibliography.references
    return site.notes[REFERENCES]
