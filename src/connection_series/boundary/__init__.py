"""The content boundary: docs/, references.bib and docs/data/ are content, and content cannot
run, leak or hang.

A pull request that changes only those can bring any file, so each is read by a parser and
judged against an allow-list, never searched for known-bad patterns:

- `files`: what docs/ may hold (pages, images, data), with no links out of the repository;
- `svg`: an SVG is a drawing (XML parsed without a DTD, elements and attributes allowed by
  name, references only inside the file);
- `contributor_yaml`: front matter and data files without anchors, aliases or tags, with the
  line where a mistake starts;
- `policy`: the one sanitiser policy (nh3, Rust's ammonia) for rendered content, used by the
  check (`markup`), by every page's Markdown (`extension`) and by the step after the build
  (`sanitise_step`);
- `live_reload`: the preview's live reload as a script file, so the preview keeps the site's
  strict policy.
"""
