"""schema.org structured data (JSON-LD) for an article page.

MedicalWebPage is schema.org's type for health pages: it carries lastReviewed and
reviewedBy, which search engines read as signs of a maintained health page. Placed in each
article's <head> after the build (trust.article_metadata), escaped for a <script> element.
"""

from __future__ import annotations

from connection_series.reach.changes import last_modified
from connection_series.trust.front_matter import Article


def _author(name: str, organisation_name: str) -> dict:
    # The series is written by its editorial team (site_author); anyone else named is a person.
    kind = "Organization" if name == organisation_name else "Person"
    return {"@type": kind, "name": name}


def medical_web_page(
    article: Article,
    *,
    url: str | None,
    site_name: str,
    site_url: str | None,
    editorial_team: str,
    language: str,
    citations: list[str],
) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": article.title,
        "description": article.description,
        "datePublished": article.published.isoformat(),
        "lastReviewed": article.last_reviewed.isoformat(),
        "dateModified": last_modified(article).isoformat(),  # never the build date
        "author": [_author(name, editorial_team) for name in article.authors],
        "publisher": {"@type": "Organization", "name": site_name},
        "inLanguage": language,
        "isAccessibleForFree": True,
    }
    if citations:
        data["citation"] = citations
    if url:
        data["url"] = url
    if site_url:
        data["publisher"]["url"] = site_url
    if article.reviewer:
        data["reviewedBy"] = {"@type": "Person", "name": article.reviewer}
    return data
