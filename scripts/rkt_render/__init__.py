"""Render canonical RKT gold JSON into realistic RKT PDFs (digital and scanned).

Every gold file becomes several input documents with one truth: the rendered text is the
gold's own strings (names, table cells, budgets, signatory), laid out the way Indonesian
perangkat daerah publish their RKT: cover, KATA PENGANTAR with a signature block, BAB
chapters with numbered sections, captioned tables with merged cells and multi-row headers,
and scanned copies of the same pages. Entry point: ``scripts/render_corpus.py``.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
