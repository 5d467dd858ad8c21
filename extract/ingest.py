"""Ingestion: a file on disk becomes a `Document` of pages and lines.

Text files (clean conversions with tab-separated tables, or raw OCR output) are read here;
PDF and image ingestion produce the same `Page` / `Line` shapes.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path, PurePosixPath

from charset_normalizer import from_bytes

from . import storage
from .errors import RktError
from .ir import Document, Line, Page, Source
from .settings import IngestSettings, Settings

TEXT_SUFFIXES = {".txt", ".text", ".md"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
INPUT_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES

#: Byte-order marks, longest first (a UTF-32 LE mark starts with the UTF-16 LE one).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
#: A well-formed multi-byte UTF-8 sequence.
UTF8_SEQUENCE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                              rb"|[\xf0-\xf4][\x80-\xbf]{3}")
#: The PDF header may follow some bytes of junk; readers accept it within the first 1024.
PDF_MAGIC_WINDOW = 1024


class IngestError(RktError):
    """A document that cannot be read at all; `code` is a key of `errors.ERROR_HINTS`."""


def ingest(path: str | Path, settings: Settings | None = None) -> Document:
    """Read one input file into the intermediate representation.

    Text files are split into lines; PDFs are read from their text layer page by page and
    OCR'd where a page has none (`settings.ingest.ocr`); images are OCR'd. The format is
    told by the file's first bytes where they say (a PDF named .png is read as a PDF; an
    HTML page named .pdf is refused). Raises `IngestError` for a file that cannot be read,
    or that holds no text at all ("empty_document").
    """
    settings = limited(settings or Settings())
    location = str(path) if storage.is_url(path) else Path(path)
    # A URL (s3://bucket/rkt.pdf) is read through fsspec; its name and suffix are its last
    # component's, and the URL itself is the source file recorded in the output.
    path = PurePosixPath(storage.name(location)) if storage.is_url(location) else location
    data = read_input(location, settings)
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF-") or (suffix in PDF_SUFFIXES
                                      and b"%PDF-" in data[:PDF_MAGIC_WINDOW]):
        from .paged import ingest_pdf_with_ocr  # the PDF stack imports this module

        document = ingest_pdf_with_ocr(data, str(location), settings)
    elif suffix in PDF_SUFFIXES:
        raise IngestError("not_a_pdf", f"{path.name}: {describe_non_pdf(data)}")
    elif suffix in TEXT_SUFFIXES:
        document = ingest_text(data, str(location), settings.ingest)
    elif suffix in IMAGE_SUFFIXES:
        from .paged import ingest_image

        document = ingest_image(data, str(location), settings)
    else:
        raise IngestError("unsupported_format",
                          f"{path.name}: unsupported input format {suffix or '(no suffix)'!r}")
    if not any(line.text.strip() for line in document.lines):
        raise IngestError("empty_document", f"{path.name}: {describe_empty(document)}")
    return document


def limited(settings: Settings) -> Settings:
    """`settings` with its `limits` handed down to the stages that enforce them (the page
    pixel check in `raster`, the Tesseract timeout in `ocr`)."""
    limits = settings.limits
    ocr = settings.ocr
    if (ocr.raster.max_pixels, ocr.timeout) == (limits.max_pixels, limits.ocr_page_timeout):
        return settings
    raster = replace(ocr.raster, max_pixels=limits.max_pixels)
    return replace(settings, ocr=replace(ocr, raster=raster, timeout=limits.ocr_page_timeout))


def read_input(location: str | Path, settings: Settings) -> bytes:
    """The file's bytes (a path, or an fsspec URL), once its size is known to be within
    `limits.max_file_bytes`."""
    name = storage.name(location)
    try:
        size = storage.size(location)
        if size > settings.limits.max_file_bytes:
            raise IngestError("file_too_large", f"{name}: {size:,} bytes, more than the "
                              f"{settings.limits.max_file_bytes:,} allowed")
        data = storage.read_bytes(location)
    except FileNotFoundError as error:
        raise IngestError("not_found", f"{location}: no such file") from error
    except OSError as error:  # permissions, a folder, an I/O error, a network failure
        raise IngestError("unreadable_file", f"{name}: {error.strerror or error}") from error
    except storage.StorageError as error:
        raise IngestError("unreadable_file", str(error)) from error
    if not data:
        raise IngestError("empty_file", f"{name}: 0 bytes")
    return data


def describe_non_pdf(data: bytes) -> str:
    """What a file named .pdf holds instead, for the error message."""
    head = data[:PDF_MAGIC_WINDOW].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head:
        return "not a PDF but an HTML page (a web server's error or login page?)"
    if head.startswith(b"pk\x03\x04"):
        return "not a PDF but a ZIP archive (a Word or Excel file?)"
    if head.startswith((b"\x89png", b"\xff\xd8\xff", b"ii*\x00", b"mm\x00*")):
        return "not a PDF but an image: rename it to its image type"
    preview = data[:16].hex(" ")
    return f"not a PDF: no %PDF header in the first {PDF_MAGIC_WINDOW} bytes (starts {preview})"


def describe_empty(document: Document) -> str:
    pages = len(document.pages)
    if document.source.format == "text":
        return "the text file holds only blank lines"
    what = "pages" if pages != 1 else "page"
    if document.source.ocr_pages:
        return f"OCR found no text on its {pages} {what}"
    return f"no text on its {pages} {what}"


def decode_text(data: bytes, settings: IngestSettings = IngestSettings()) -> str:
    """Text bytes as a string, the encoding detected (`IngestSettings.legacy_encodings` says
    how); raises `IngestError` "unreadable_text" for bytes that are not text."""
    encoding = detect_encoding(data, settings)
    try:
        if encoding == "utf-8-replace":  # stray bytes become U+FFFD, counted as junk below
            encoding, text = "utf-8", data.decode("utf-8", errors="replace")
        else:
            text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise IngestError("unreadable_text", f"not valid {encoding} text: {error}") from error
    junk = sum(1 for char in text if is_junk_char(char))
    if junk > settings.max_junk_char_share * max(len(text), 1):
        raise IngestError("unreadable_text", f"read as {encoding}, {junk} of its {len(text)} "
                          "characters are control or unassigned characters: binary data?")
    return text


def detect_encoding(data: bytes, settings: IngestSettings = IngestSettings()) -> str:
    """The encoding of text bytes: byte-order mark, then the UTF-16 NUL pattern, then
    UTF-8 (or "utf-8-replace": UTF-8 with a few stray bytes), then charset-normalizer among
    the configured single-byte code pages."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        return utf16_byte_order(data, settings)
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if is_mostly_utf8(data):
        return "utf-8-replace"
    best = from_bytes(data, cp_isolation=list(settings.legacy_encodings)).best()
    if best is None:
        raise IngestError("unreadable_text", "not text in UTF-8, UTF-16 or any of "
                          f"{', '.join(settings.legacy_encodings)}")
    # charset-normalizer reports one of the code pages that decode the bytes identically;
    # among those, the preferred (first configured) one.
    same = {codecs.lookup(name).name for name in (best.encoding, *best.could_be_from_charset)}
    return next((name for name in settings.legacy_encodings
                 if codecs.lookup(name).name in same), best.encoding)


def is_mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray bytes (files pasted together, one line from a Windows editor):
    its well-formed multi-byte sequences far outnumber the bytes that fit none. A file in
    Windows-1252 has stray high bytes only ("Rp\xa0", curly quotes)."""
    high = sum(1 for byte in data if byte >= 0x80)
    in_sequences = sum(len(match) for match in UTF8_SEQUENCE_RE.findall(data))
    return in_sequences > 0 and in_sequences >= 2 * (high - in_sequences)


def utf16_byte_order(data: bytes, settings: IngestSettings) -> str:
    """UTF-16 LE or BE for BOM-less text whose ASCII characters leave a NUL in every other
    byte; any other NUL bytes mean binary data."""
    sample = data[: 1 << 16]
    units = len(sample) // 2
    if units and len(data) % 2 == 0:
        low_nul = sample[0::2].count(0) / units   # NUL first: big-endian ASCII
        high_nul = sample[1::2].count(0) / units  # NUL second: little-endian ASCII
        if high_nul >= settings.min_utf16_nul_share and low_nul < high_nul / 4:
            return "utf-16-le"
        if low_nul >= settings.min_utf16_nul_share and high_nul < low_nul / 4:
            return "utf-16-be"
    raise IngestError("unreadable_text", "holds NUL bytes but is not UTF-16 text: binary data?")


def is_junk_char(char: str) -> bool:
    """A character no text file means: control (bar whitespace and form feed), unassigned,
    private-use, surrogate, or the replacement character."""
    if char in "\t\n\r\f\v":
        return False
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs")


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
