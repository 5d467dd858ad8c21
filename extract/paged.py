"""Ingestion of paged inputs: PDFs and images, read from the text layer where a page has a
usable one and by OCR where it has none.

Both paths give the same `PageLayout`s (words, ruled and borderless tables, lines in reading
order, in PDF points), so one step joins the tables continued over pages whatever produced
each page, and the later stages cannot tell a scanned page from a digital one except by
`Page.ocr` and the lines' confidence.
"""

from __future__ import annotations

import hashlib

import pypdfium2 as pdfium

from normalize.text import number_ranges

from .ingest import IngestError
from .ir import Document, Page, Source
from .layout import PageLayout
from .ocr import (
    fill_source,
    low_confidence_cells,
    ocr_document,
    ocr_pdf,
    require_tesseract,
    to_layout,
)
from .pdf import finish_layouts, read_layouts
from .raster import POINTS_PER_INCH, load_image_pages
from .settings import Settings


def ingest_pdf_with_ocr(data: bytes, file: str, settings: Settings) -> Document:
    """A PDF: text layer per page, OCR for the pages without one (or all, or none)."""
    mode = settings.ingest.ocr
    layouts, needs_ocr = read_layouts(data, file, settings.pdf,
                                      max_pages=settings.limits.max_pages)
    if mode == "always":
        needs_ocr = [layout.number for layout in layouts]
    doc_warnings: list[tuple[str, str, int | None]] = []
    ocr_pages = []
    if needs_ocr and mode != "never":
        check_page_pixels(layouts, needs_ocr, file, settings)
        require_tesseract(settings.ocr.languages)
        try:
            ocr_pages = ocr_pdf(data, settings.ocr, pages=needs_ocr)
        except pdfium.PdfiumError as error:  # pdfminer read it, the renderer cannot
            name = file.rsplit("/", 1)[-1]
            raise IngestError("corrupt_pdf", f"{name}: the PDF cannot be rendered for OCR "
                              f"({error})") from error
        by_number = {page.number: page for page in ocr_pages}
        for index, layout in enumerate(layouts):
            page = by_number.get(layout.number)
            if page is not None:
                layouts[index] = ocr_layout(page, settings, doc_warnings)
    elif needs_ocr:
        if not any(layout.lines for layout in layouts):
            name = file.rsplit("/", 1)[-1]
            raise IngestError("empty_document", f"{name}: no text layer (scanned pages "
                              f"{number_ranges(needs_ocr)}) and OCR is off (--ocr never)")
        doc_warnings.append(("unrecovered_table", f"pages {needs_ocr} have no usable text "
                             "layer and OCR is off (--ocr never): their content is missing",
                             None))
    document = document_from(layouts, data, file, settings, ocr={p.number for p in ocr_pages})
    fill_source(document.source, ocr_pages, settings.ocr)
    for code, message, page in doc_warnings:
        document.warn(code, message, page=page)
    return document


def ingest_image(data: bytes, file: str, settings: Settings) -> Document:
    """A PNG, JPEG or (multi-page) TIFF: every page OCR'd."""
    images = load_image_pages(data, settings.ocr.raster, max_pages=settings.limits.max_pages,
                              name=file.rsplit("/", 1)[-1])
    if not images:
        raise IngestError("empty_image", f"{file}: the image has no pages")
    require_tesseract(settings.ocr.languages)  # after the checks that need no Tesseract
    pages = ocr_document(images, settings.ocr, numbers=list(range(1, len(images) + 1)))
    doc_warnings: list[tuple[str, str, int | None]] = []
    layouts = [ocr_layout(page, settings, doc_warnings) for page in pages]
    document = document_from(layouts, data, file, settings, ocr={p.number for p in pages},
                             source_format="image")
    fill_source(document.source, pages, settings.ocr)
    for code, message, page in doc_warnings:
        document.warn(code, message, page=page)
    return document


def check_page_pixels(layouts: list[PageLayout], numbers: list[int], file: str,
                      settings: Settings) -> None:
    """Refuse a document with a page too large to render ("image_too_large") before any
    page is rendered or OCR'd: a 300-page scan must not be OCR'd up to its 250th page to
    fail there. (`raster.render_page` checks each page again, sizes the text layer could
    not read included.)"""
    scale = settings.ocr.dpi / POINTS_PER_INCH
    wanted = set(numbers)
    for layout in layouts:
        if layout.number in wanted and layout.width and layout.height:
            pixels = round(layout.width * scale) * round(layout.height * scale)
            if pixels > settings.limits.max_pixels:
                name = file.rsplit("/", 1)[-1]
                raise IngestError("image_too_large", f"{name}: page {layout.number} would be "
                                  f"{pixels:,} pixels at {settings.ocr.dpi} dpi, more than "
                                  f"the {settings.limits.max_pixels:,} allowed")


def ocr_layout(page, settings: Settings, warnings: list[tuple[str, str, int | None]]
               ) -> PageLayout:
    """The layout of an OCR'd page, noting the table cells read with low confidence."""
    layout = to_layout(page, settings.pdf.grid, settings.pdf.layout)
    cells = low_confidence_cells(layout, settings.ocr)
    shown = settings.tables.max_row_warnings
    # The worst first: they are the ones a reviewer should look at.
    for _, column, text, confidence in sorted(cells, key=lambda cell: cell[3])[:shown]:
        warnings.append(("low_ocr_confidence", f"page {page.number}: cell {column + 1} "
                         f"{text[:60]!r} read with confidence {confidence:.0f}", page.number))
    if len(cells) > shown:
        warnings.append(("low_ocr_confidence", f"page {page.number}: {len(cells) - shown} "
                         f"more cells read with confidence below "
                         f"{settings.ocr.low_confidence:g}", page.number))
    return layout


def document_from(layouts: list[PageLayout], data: bytes, file: str, settings: Settings, *,
                  ocr: set[int], source_format: str = "pdf") -> Document:
    finish_layouts(layouts, settings.pdf)
    # The stages order lines, captions, headings and tables by line number: number the
    # lines through the whole document (provenance of a paged input cites page, table and
    # row, not these numbers).
    for number, line in enumerate((line for layout in layouts for line in layout.lines),
                                  start=1):
        line.number = number
    pages = [Page(number=layout.number, lines=layout.lines, width=layout.width,
                  height=layout.height, ocr=layout.number in ocr,
                  mean_confidence=mean_line_confidence(layout) if layout.number in ocr else None)
             for layout in layouts]
    source = Source(file=file, sha256=hashlib.sha256(data).hexdigest(),
                    format=source_format, pages=len(pages))  # type: ignore[arg-type]
    return Document(source=source, pages=pages)


def mean_line_confidence(layout: PageLayout) -> float | None:
    values = [w.confidence for line in layout.lines for w in line.words
              if w.confidence is not None]
    return round(sum(values) / len(values), 2) if values else None
