"""Reaching readers where they are, from the built site and the articles' front matter:
Atom and JSON feeds of the articles, a social card (PNG) for every page, honest dates (the
latest of published, last reviewed and each recorded change, never the build date) in the
structured data, the feeds and the sitemap, each article's update history, and robots.txt.

Steps of the post-build pipeline (connection_series.postbuild), so every engine gets the same.
"""
