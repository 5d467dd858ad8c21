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
class IngestSettings:
    #: Encodings tried, in order, for text inputs.
    text_encodings: tuple[str, ...] = ("utf-8-sig", "utf-16", "cp1252")
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


@dataclass(frozen=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    pdf: PdfSettings = field(default_factory=_settings_of("pdf", "PdfSettings"))
    ocr: OcrSettings = field(default_factory=_settings_of("ocr", "OcrSettings"))
    sections: SectionSettings = field(default_factory=SectionSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    headers: HeaderSettings = field(default_factory=HeaderSettings)
    flattened: FlattenedSettings = field(default_factory=FlattenedSettings)
    assembly: AssemblySettings = field(default_factory=AssemblySettings)
    normalize: NormalizeSettings = field(default_factory=NormalizeSettings)
    batch: BatchSettings = field(default_factory=BatchSettings)
