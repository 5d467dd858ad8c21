"""Ingestion: a file on disk becomes a `Document` of pages and lines.

Text files (clean conversions with tab-separated tables, or raw OCR output) are read here;
PDF and image ingestion produce the same `Page` / `Line` shapes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import RktError
from .ir import Document, Line, Page, Source
from .settings import IngestSettings, Settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
INPUT_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES


class IngestError(RktError):
    """A document that cannot be read at all; `code` is a key of `errors.ERROR_HINTS`."""


def ingest(path: str | Path, settings: Settings | None = None) -> Document:
    """Read one input file into the intermediate representation.

    Text files are split into lines; PDFs are read from their text layer page by page and
    OCR'd where a page has none (`settings.ingest.ocr`); images are OCR'd.
    """
    settings = settings or Settings()
    path = Path(path)
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return ingest_text(data, str(path), settings.ingest)
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF"):
        from .paged import ingest_pdf_with_ocr  # the PDF stack imports this module

        return ingest_pdf_with_ocr(data, str(path), settings)
    if suffix in IMAGE_SUFFIXES:
        from .paged import ingest_image

        return ingest_image(data, str(path), settings)
    raise IngestError("unsupported_format", f"{path.name}: unsupported input format {suffix!r}; "
                      "give a PDF, an image (PNG, JPEG, TIFF) or a text file")


def decode_text(data: bytes, settings: IngestSettings = IngestSettings()) -> str:
    """Decode text bytes with the first encoding that reads them cleanly."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in settings.text_encodings:
        if encoding == "utf-16":
            continue  # only with a byte-order mark (above): without one it accepts anything
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def ingest_text(data: bytes, file: str, settings: IngestSettings = IngestSettings()) -> Document:
    """Split a text file into lines; tab-separated lines keep their cells.

    Form feeds mark page breaks (as `pdftotext` writes them); a file without any has one
    page whose number is unknown. Line numbers count over the whole file, 1-based, so that
    provenance points at the line an analyst sees in an editor.
    """
    text = decode_text(data, settings).replace("\r\n", "\n").replace("\r", "\n")
    paged = "\f" in text
    pages: list[Page] = []
    page_number = 1
    current: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        for _ in range(raw.count("\f")):
            pages.append(Page(number=page_number, lines=current))
            page_number, current = page_number + 1, []
        raw = raw.replace("\f", "")
        cells = raw.split("\t") if "\t" in raw else None
        current.append(Line(raw, number, page_number if paged else None, cells))
    pages.append(Page(number=page_number if paged else None, lines=current))
    source = Source(
        file=file,
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        pages=len(pages) if paged else None,
    )
    return Document(source=source, pages=pages)
