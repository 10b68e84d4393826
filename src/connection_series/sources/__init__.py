"""The cited works themselves: notices (retraction, correction, ...) recorded against their DOIs
and whether each DOI is registered as the work its entry describes (issue #15).

- `notices`: the `notice` field editors write in references.bib; pure, used by the build.
- `bibfile`, `services`, `check`, `cli`: the online check, `make check-sources`.
"""
