"""Every tolerance and threshold of the pipeline, in one typed object with documented defaults.

Stages take the part of `Settings` they need; nothing reads flags from elsewhere. A run can
override any field: `Settings(tables=TableSettings(max_header_rows=5))`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from normalize.settings import NormalizeSettings

from .flattened import FlattenedSettings

if TYPE_CHECKING:
    from .ocr import OcrSettings
    from .pdf import PdfSettings


def _settings_of(module: str, name: str) -> Callable[[], Any]:
    """The default settings of a stage module, imported when first needed: the PDF and OCR
    modules import the stages that read this module, so importing them here would loop."""
    return lambda: getattr(importlib.import_module(f"extract.{module}"), name)()


@dataclass(frozen=True)
class LimitsSettings:
    """Guards against inputs that would exhaust the machine: each refused input fails alone
    with its own error code (`errors.ERROR_HINTS`) and the batch goes on.

    `ingest` hands `max_pixels` and `ocr_page_timeout` down to the raster and OCR stages
    (`RasterSettings.max_pixels`, `OcrSettings.timeout`): set them here.
    """

    #: Largest input file, in bytes, checked before it is read ("file_too_large"). A
    #: 200-page scan at 300 dpi is some 100-300 MB; 500 MB leaves room for that and refuses
    #: what is surely not one planning document.
    max_file_bytes: int = 500_000_000
    #: Most pages of a PDF or multi-page TIFF ("too_many_pages"), counted before any page is
    #: read. RKTs run to 20-150 pages; 1000 only refuses merged archives and accidents.
    max_pages: int = 1000
    #: Largest page image, in pixels (width x height), checked on the image header or on
    #: the PDF page size times the OCR resolution before a pixel is decoded or rendered
    #: ("image_too_large"). An A1 page at 300 dpi is about 70 million; a decompression bomb
    #: claims billions.
    max_pixels: int = 100_000_000
    #: Seconds one Tesseract call may take on a page before it is abandoned ("ocr_failed"):
    #: a dense A4 table page takes 5-20 s here. 0 waits forever.
    ocr_page_timeout: float = 180.0


@dataclass(frozen=True)
class IngestSettings:
    #: Text inputs: a byte-order mark decides (UTF-8, UTF-16, UTF-32); else NUL bytes in
    #: every other position mean UTF-16 without one; else bytes that are valid UTF-8 are
    #: UTF-8; else charset-normalizer chooses among these single-byte code pages, preferring
    #: the earlier when several read the same (Windows-1252 is what Indonesian offices'
    #: Windows machines write).
    legacy_encodings: tuple[str, ...] = ("cp1252", "iso8859_15", "cp1250", "latin_1")
    #: A decoded text with more than this share of control, unassigned or replacement
    #: characters is binary data, not text ("unreadable_text"), rather than mojibake output.
    max_junk_char_share: float = 0.01
    #: Share of the 2-byte units of a BOM-less file that must have a NUL high (or low) byte
    #: to read it as UTF-16 LE (or BE): Indonesian text is mostly ASCII, so about all of them.
    min_utf16_nul_share: float = 0.3
    #: PDF pages: "auto" reads the text layer where a page has a usable one and OCRs the
    #: others; "always" OCRs every page; "never" reads text layers only.
    ocr: Literal["auto", "always", "never"] = "auto"


@dataclass(frozen=True)
class SectionSettings:
    #: Lines from the top that may hold the cover (title, agency, year).
    cover_lines: int = 60
    #: A numbered heading ("2.3 Program ...") longer than this is prose, not a heading.
    max_heading_chars: int = 110
    #: Caption title lines read after "Tabel 2.3" before the table starts.
    max_caption_lines: int = 4
    #: Lines after "Visi ..." searched for the quoted vision statement.
    vision_window: int = 12
    #: Lines after the place-and-date line searched for the signatory block.
    signature_window: int = 10


@dataclass(frozen=True)
class TableSettings:
    #: Blank lines a tab-separated table may contain and still be one table.
    max_blank_gap: int = 2
    #: Header rows read at most before the first data row (a borderless header wrapped over
    #: lines gives one row per line).
    max_header_rows: int = 6
    #: A header cell longer than this many characters is data, not a column title.
    max_header_cell_chars: int = 70
    #: A cell that continues the one above (a wrapped cell) has at most this many words
    #: when nothing else marks it as a continuation.
    max_fragment_words: int = 2
    #: Row-level warnings (`unrecovered_row` per table, `low_ocr_confidence` per page) are
    #: given one by one up to this many; the rest are summed up in one more warning, so a
    #: garbled 40-page annex does not bury the warnings that matter.
    max_row_warnings: int = 5


@dataclass(frozen=True)
class HeaderSettings:
    #: Minimum rapidfuzz score (0-100) for a header cell to take a canonical column role.
    min_score: float = 80.0
    #: Two roles scoring within this many points of each other make the header ambiguous.
    ambiguity_margin: float = 3.0


@dataclass(frozen=True)
class AssemblySettings:
    #: Names scoring at least this (rapidfuzz token_set_ratio on normalized names) are the
    #: same program / activity / objective seen in another table.
    same_name_score: float = 86.0
    #: The same for a kegiatan listed without its program (e.g. a Tabel 2.4 list) matched to
    #: a kegiatan listed under a program elsewhere, and a sub kegiatan matched to a kegiatan.
    attach_score: float = 80.0
    #: Relative tolerance when checking a printed percent against realized / allocated.
    percent_tolerance: float = 0.005


@dataclass(frozen=True)
class ReportSettings:
    """The review site (`rkt report`, `extract.report`)."""

    #: Resolution page images are rendered at: 110 dpi reads table text comfortably on a
    #: screen and keeps an A4 page near 150 kB as JPEG.
    dpi: int = 110
    #: JPEG quality (1-95) of page images.
    jpeg_quality: int = 80
    #: A document with more pages than this shows only the pages that its records,
    #: warnings or headings cite (a 300-page RENSTRA would make a huge site).
    max_pages: int = 60


@dataclass(frozen=True)
class NomenclatureSettings:
    """How closely a name must match the official nomenclature to be snapped onto it.

    min_score (90.0): rapidfuzz ``token_sort_ratio`` (0-100) of the name and the official
        name, both as ``nomenclature_key``, needed to give the record the entry's code. Higher
        than the evaluator's 85: a code is a claim about identity, and names of sibling
        kegiatan often differ by one word ("Administrasi Keuangan" / "Administrasi Umum
        Perangkat Daerah" score 84-87).
    min_margin (2.0): the best entry must out-score the next one with another name by this
        much; otherwise the name is ambiguous and gets no code.
    min_word_score (75.0): a misread word is respelt as the official word only from this
        similarity on (``normalize.terms.word_similarity``, the score the word corrector uses).
        Lower than the word corrector's bars because the whole name already matched one
        entry: one slip in a four-letter word ("Umun" for "Umum") scores 75.
    respell (True): respell OCR-damaged words of matched names; False only assigns codes.
    """

    min_score: float = 90.0
    min_margin: float = 2.0
    min_word_score: float = 75.0
    respell: bool = True


@dataclass(frozen=True)
class BatchSettings:
    """How `rkt extract` runs a folder: worker processes, limits, and what it writes."""

    #: Worker processes extracting documents at once; None: one per CPU. Each worker OCRs
    #: with one thread and Tesseract with one OpenMP thread: on two cores, two processes
    #: with OMP_THREAD_LIMIT=1 read ~0.94 pages/s and unbounded OpenMP threads 0.15.
    jobs: int | None = None
    #: Seconds one document may take before its worker is killed and the document marked
    #: `timeout`; 0 waits forever. A 200-page scan at ~2.5 s a page takes ~500 s on one
    #: core: the default leaves room for that and stops a real hang within the hour.
    timeout: float = 1800.0
    #: Documents a worker process extracts before it is replaced by a fresh one, so that
    #: whatever a native library leaks stays bounded over a national run; 0: never.
    max_documents_per_worker: int = 100
    #: Write the analyst tables (`DIR/tables/*.parquet`) at the end of a run, and CSV too.
    tables: bool = True
    csv: bool = False
    #: Redo documents whose output is up to date (same input sha256 and pipeline version).
    force: bool = False
    #: An output folder on an fsspec URL (s3://...) cannot be appended to: its manifest is
    #: rewritten whole at most this often (and at the end), so a run killed hard redoes at
    #: most this many seconds of documents when resumed. Local manifests are fsynced per line.
    #: It is also how often a run renews its lease on such a folder (`lease_seconds`).
    manifest_flush_seconds: float = 30.0
    #: An output folder on an fsspec URL has no lock that a killed run would release: a run
    #: holds a lease there instead (`DIR/.rkt-lock.json`: host, pid, start, heartbeat),
    #: renewed every `manifest_flush_seconds`. A second run that finds a lease renewed less
    #: than this many seconds ago stops (exit status 2); an older one is taken to be a dead
    #: run's and taken over, as is at once one left by a dead process of the same machine.
    #: Ten renewals' worth: a slow store or a busy machine must not let a live run's lapse.
    #: Best-effort (see `batch.Lease`): start one run per output URL.
    lease_seconds: float = 300.0


@dataclass(frozen=True)
class Settings:
    limits: LimitsSettings = field(default_factory=LimitsSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    pdf: PdfSettings = field(default_factory=_settings_of("pdf", "PdfSettings"))
    ocr: OcrSettings = field(default_factory=_settings_of("ocr", "OcrSettings"))
    sections: SectionSettings = field(default_factory=SectionSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    headers: HeaderSettings = field(default_factory=HeaderSettings)
    flattened: FlattenedSettings = field(default_factory=FlattenedSettings)
    assembly: AssemblySettings = field(default_factory=AssemblySettings)
    normalize: NormalizeSettings = field(default_factory=NormalizeSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    nomenclature: NomenclatureSettings = field(default_factory=NomenclatureSettings)
    batch: BatchSettings = field(default_factory=BatchSettings)
