"""The review site: a static HTML report of a run, to check what was read beside the page it
was read from (`rkt report`, `rkt eval --html`).

    collect_documents -> document_layout (review.py) -> render_pages -> document view -> HTML

The site opens from disk (file://) without a server or network: Jinja2 templates with
autoescaping write the pages, one local CSS and one local JS file style and sort them, and
page images are files next to each document's page.
"""

from .site import SiteSummary, build_site, collect_documents, record_counts

__all__ = ["SiteSummary", "build_site", "collect_documents", "record_counts"]
